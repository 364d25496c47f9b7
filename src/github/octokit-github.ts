import type { GitHubClient } from './client.js';
import type { ChangedFile, GitHub, IssueRef, Permission, PullRequest, RepoRef } from './github-port.js';
import { responseText } from './response-text.js';
import { resolveReviewThread, reviewThreads, thumbsDown } from './review-threads.js';

type PullRequestData = Awaited<ReturnType<GitHubClient['rest']['pulls']['get']>>['data'];

const status = (error: unknown) => (error as { status?: number }).status;
// Callers may pass a wider object (a PR's info); Octokit would send every extra field as a parameter.
const only = (repo: RepoRef): RepoRef => ({ owner: repo.owner, repo: repo.repo });
const issueOf = (thread: IssueRef): IssueRef => ({ ...only(thread), issue_number: thread.issue_number });

/** The GitHub port over Octokit: REST calls, and GraphQL for review threads; each shaped into the port's terms. */
export function octokitGitHub(octokit: GitHubClient): GitHub {
  const { rest } = octokit;
  return {
    async repository(repo) {
      const { data } = await rest.repos.get({ ...only(repo) });
      return {
        fullName: data.full_name,
        cloneUrl: data.clone_url,
        htmlUrl: data.html_url,
        defaultBranch: data.default_branch,
      };
    },
    async pullRequest(repo, number) {
      const { data } = await rest.pulls.get({ ...only(repo), pull_number: number });
      return pullRequestOf(data);
    },
    async pullRequestDiff(repo, number) {
      const { data } = await rest.pulls.get({
        ...only(repo),
        pull_number: number,
        mediaType: { format: 'diff' },
      });
      return responseText(data);
    },
    async pullRequestFiles(repo, number) {
      const files = await octokit.paginate(rest.pulls.listFiles, {
        ...only(repo),
        pull_number: number,
        per_page: 100,
      });
      return files as ChangedFile[];
    },
    async compare(repo, base, head) {
      try {
        const { data } = await rest.repos.compareCommitsWithBasehead({
          ...only(repo),
          basehead: `${base}...${head}`,
          per_page: 100,
        });
        return { status: data.status, files: (data.files ?? []) as ChangedFile[] };
      } catch (error) {
        if (status(error) === 404) return undefined;
        throw error;
      }
    },
    async fileText(repo, path, ref) {
      try {
        const { data } = await rest.repos.getContent({
          ...only(repo),
          path,
          ...(ref ? { ref } : {}),
          mediaType: { format: 'raw' },
        });
        return responseText(data);
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },
    async issue(repo, number) {
      const { data } = await rest.issues.get({ ...only(repo), issue_number: number });
      return { title: data.title, body: data.body ?? '' };
    },
    async permission(repo, username) {
      try {
        const { data } = await rest.repos.getCollaboratorPermissionLevel({ ...only(repo), username });
        return data.permission as Permission;
      } catch (error) {
        // 404: not a collaborator (or no such user).
        if (status(error) === 404) return 'none';
        throw error;
      }
    },
    async comments(thread) {
      const comments = await octokit.paginate(rest.issues.listComments, {
        ...issueOf(thread),
        per_page: 100,
      });
      return comments.map((c) => ({ id: c.id, body: c.body ?? '' }));
    },
    async createComment(thread, body) {
      const { data } = await rest.issues.createComment({ ...issueOf(thread), body });
      return data.id;
    },
    async updateComment(repo, id, body) {
      await rest.issues.updateComment({ ...only(repo), comment_id: id, body });
    },
    async deleteComment(repo, id) {
      await rest.issues.deleteComment({ ...only(repo), comment_id: id });
    },
    async replyToReviewComment(repo, pullNumber, commentId, body) {
      const { data } = await rest.pulls.createReplyForReviewComment({
        ...only(repo),
        pull_number: pullNumber,
        comment_id: commentId,
        body,
      });
      return data.id;
    },
    async reviewComment(repo, id) {
      try {
        const { data } = await rest.pulls.getReviewComment({ ...only(repo), comment_id: id });
        return {
          id: data.id,
          body: data.body,
          path: data.path,
          authorIsBot: data.user.type === 'Bot',
          url: data.html_url,
        };
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },
    reviewThreads: (repo, pullNumber) => reviewThreads(octokit.graphql, only(repo), pullNumber),
    resolveReviewThread: (threadId) => resolveReviewThread(octokit.graphql, threadId),
    thumbsDown: (repo) => thumbsDown(octokit.graphql, only(repo)),
    async reviews(repo, pullNumber) {
      const reviews = await octokit.paginate(rest.pulls.listReviews, {
        ...only(repo),
        pull_number: pullNumber,
        per_page: 100,
      });
      return reviews.map((r) => ({ id: r.id, body: r.body ?? '' }));
    },
    async createReview(repo, pullNumber, review) {
      const { data } = await rest.pulls.createReview({
        ...only(repo),
        pull_number: pullNumber,
        commit_id: review.commitId,
        event: 'COMMENT',
        body: review.body,
        ...(review.comments ? { comments: review.comments } : {}),
      });
      return data.id;
    },
    async checkRuns(repo, headSha, name) {
      const { data } = await rest.checks.listForRef({ ...only(repo), ref: headSha, check_name: name });
      return data.check_runs.map((run) => ({ id: run.id, status: run.status }));
    },
    async createCheckRun(repo, run) {
      const { data } = await rest.checks.create({
        ...only(repo),
        name: run.name,
        head_sha: run.headSha,
        status: 'in_progress',
        started_at: new Date().toISOString(),
      });
      return data.id;
    },
    async updateCheckRun(repo, id, update) {
      await rest.checks.update({
        ...only(repo),
        check_run_id: id,
        ...(update.status ? { status: update.status, completed_at: new Date().toISOString() } : {}),
        ...(update.conclusion ? { conclusion: update.conclusion } : {}),
        output: update.output,
      });
    },
    async openPullRequests(repo, branch) {
      const { data } = await rest.pulls.list({
        ...only(repo),
        head: `${repo.owner}:${branch}`,
        state: 'open',
        per_page: 1,
      });
      return data.map((pr) => ({ number: pr.number, htmlUrl: pr.html_url }));
    },
    async createDraftPullRequest(repo, pr) {
      const { data } = await rest.pulls.create({
        ...only(repo),
        ...pr,
        draft: true,
        maintainer_can_modify: true,
      });
      return { number: data.number, htmlUrl: data.html_url };
    },
    async updatePullRequestBody(repo, number, body) {
      await rest.pulls.update({ ...only(repo), pull_number: number, body });
    },
    async addLabels(repo, number, labels) {
      await rest.issues.addLabels({ ...only(repo), issue_number: number, labels });
    },
    async gitToken() {
      const auth = (await octokit.auth({ type: 'installation' })) as { token?: string };
      if (!auth.token) throw new Error('could not get an installation token for git');
      return auth.token;
    },
  };
}

function pullRequestOf(data: PullRequestData): PullRequest {
  return {
    number: data.number,
    state: data.state as PullRequest['state'],
    draft: data.draft ?? false,
    title: data.title,
    body: data.body ?? '',
    htmlUrl: data.html_url,
    head: { sha: data.head.sha, ref: data.head.ref, repoFullName: data.head.repo?.full_name ?? null },
    base: {
      sha: data.base.sha,
      ref: data.base.ref,
      repoFullName: data.base.repo.full_name,
      cloneUrl: data.base.repo.clone_url,
    },
  };
}
