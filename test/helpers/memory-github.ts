import { parsePatch } from 'diff';
import type {
  ChangedFile,
  CheckAnnotation,
  GitHub,
  InlineComment,
  Permission,
  PullRequest,
  Repository,
  ReviewThread,
  ThumbsDown,
} from '../../src/github/github-port.js';

// GitHub in memory, behind the port the job handlers use: it remembers what they wrote (comments, reviews,
// check runs, pull requests) as GitHub would across calls and jobs, and refuses what GitHub refuses — an
// inline comment on a line the diff does not show (422), a caller's injected failure (`failNext`). Handler
// tests use it instead of scripting HTTP; the Octokit side of the port keeps its OpenAPI-validated tests.

export interface MemoryRepository {
  repository: Repository;
  /** Files by ref (a branch name or a commit sha); `fileText` without a ref reads the default branch. */
  files: Record<string, Record<string, string>>;
  permissions: Record<string, Permission>;
}

export interface MemoryPullRequest extends PullRequest {
  files: ChangedFile[];
  diff: string;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  /** Set for a reply in a review-comment thread. */
  inReplyTo?: number;
}

export interface StoredReview {
  id: number;
  pull: number;
  commitId: string;
  body: string;
  comments: InlineComment[];
}

export interface StoredCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion?: string;
  title?: string;
  summary?: string;
  annotations: CheckAnnotation[];
}

export class RequestFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class MemoryGitHub implements GitHub {
  readonly repos = new Map<string, MemoryRepository>();
  readonly pulls = new Map<string, MemoryPullRequest>();
  readonly issues = new Map<string, { title: string; body: string }>();
  /** What was written, as GitHub keeps it. */
  readonly state = {
    comments: [] as StoredComment[],
    reviews: [] as StoredReview[],
    checkRuns: [] as StoredCheckRun[],
    opened: [] as Array<{ number: number; head: string; base: string; title: string; body: string }>,
    /** Every inline comment of a review starts a thread; replies join it. By pull request. */
    threads: [] as Array<ReviewThread & { pull: number; thumbsDown: string[] }>,
    /** Labels by issue or pull request number, in the order they were added. */
    labels: {} as Record<number, string[]>,
  };
  /** Every call, by method name, in order. */
  readonly calls: string[] = [];
  private nextId = 1000;
  private readonly failures: Array<{ method: keyof GitHub; status: number; left: number }> = [];

  constructor(private readonly token = 'ghs_memoryGitHubToken0000000000000000001') {}

  addRepository(
    full: string,
    repo: Partial<MemoryRepository> & { cloneUrl?: string } = {},
  ): MemoryRepository {
    const stored: MemoryRepository = {
      repository: repo.repository ?? {
        fullName: full,
        cloneUrl: repo.cloneUrl ?? `https://github.com/${full}.git`,
        htmlUrl: `https://github.com/${full}`,
        defaultBranch: 'main',
      },
      files: repo.files ?? {},
      permissions: repo.permissions ?? {},
    };
    this.repos.set(full, stored);
    return stored;
  }

  addPullRequest(full: string, pr: Partial<MemoryPullRequest> & { number: number }): MemoryPullRequest {
    const repo = this.repo({ owner: full.split('/')[0]!, repo: full.split('/')[1]! });
    const stored: MemoryPullRequest = {
      state: 'open',
      draft: false,
      title: `Pull request ${pr.number}`,
      body: '',
      htmlUrl: `${repo.repository.htmlUrl}/pull/${pr.number}`,
      files: [],
      diff: '',
      ...pr,
      head: pr.head ?? { sha: 'b'.repeat(40), ref: 'feature', repoFullName: full },
      base: pr.base ?? {
        sha: 'a'.repeat(40),
        ref: repo.repository.defaultBranch,
        repoFullName: full,
        cloneUrl: repo.repository.cloneUrl,
      },
    };
    this.pulls.set(`${full}#${pr.number}`, stored);
    return stored;
  }

  addIssue(full: string, number: number, issue: { title: string; body?: string }): void {
    this.issues.set(`${full}#${number}`, { title: issue.title, body: issue.body ?? '' });
  }

  /** The next `times` calls of `method` fail with `status` (GitHub having a bad time, or refusing). */
  failNext(method: keyof GitHub, status: number, times = 1): void {
    this.failures.push({ method, status, left: times });
  }

  commentsOn(issue: number): StoredComment[] {
    return this.state.comments.filter((c) => c.issue === issue);
  }

  // --- the port ---

  async repository(repo: RepoKey) {
    this.called('repository');
    return { ...this.repo(repo).repository };
  }

  async pullRequest(repo: RepoKey, number: number): Promise<PullRequest> {
    this.called('pullRequest');
    const { files: _files, diff: _diff, ...pr } = this.pull(repo, number);
    return structuredClone(pr);
  }

  async pullRequestDiff(repo: RepoKey, number: number) {
    this.called('pullRequestDiff');
    return this.pull(repo, number).diff;
  }

  async pullRequestFiles(repo: RepoKey, number: number) {
    this.called('pullRequestFiles');
    return structuredClone(this.pull(repo, number).files);
  }

  async compare(repo: RepoKey, base: string, head: string) {
    this.called('compare');
    // No history is kept: only a PR's own range is known, as GitHub would answer for it.
    const pr = [...this.pulls.values()].find((p) => p.base.sha === base && p.head.sha === head);
    return pr ? { status: 'ahead' as const, files: structuredClone(pr.files) } : undefined;
  }

  async fileText(repo: RepoKey, path: string, ref?: string) {
    this.called('fileText');
    const stored = this.repo(repo);
    return stored.files[ref ?? stored.repository.defaultBranch]?.[path] ?? null;
  }

  async issue(repo: RepoKey, number: number) {
    this.called('issue');
    const key = `${repo.owner}/${repo.repo}#${number}`;
    const issue = this.issues.get(key) ?? this.pulls.get(key);
    if (!issue) throw new RequestFailure(404, `no issue ${key}`);
    return { title: issue.title, body: issue.body };
  }

  async permission(repo: RepoKey, username: string) {
    this.called('permission');
    return this.repo(repo).permissions[username] ?? 'none';
  }

  async comments(thread: RepoKey & { issue_number: number }) {
    this.called('comments');
    return this.commentsOn(thread.issue_number)
      .filter((c) => c.inReplyTo === undefined)
      .map(({ id, body }) => ({ id, body }));
  }

  async createComment(thread: RepoKey & { issue_number: number }, body: string) {
    this.called('createComment');
    const id = this.nextId++;
    this.state.comments.push({ id, issue: thread.issue_number, body });
    return id;
  }

  async updateComment(_repo: RepoKey, id: number, body: string) {
    this.called('updateComment');
    this.comment(id).body = body;
  }

  async deleteComment(_repo: RepoKey, id: number) {
    this.called('deleteComment');
    this.state.comments.splice(this.state.comments.indexOf(this.comment(id)), 1);
  }

  async replyToReviewComment(_repo: RepoKey, pullNumber: number, commentId: number, body: string) {
    this.called('replyToReviewComment');
    const id = this.nextId++;
    this.state.comments.push({ id, issue: pullNumber, body, inReplyTo: commentId });
    const thread = this.state.threads.find((t) => t.comments[0]?.id === commentId);
    thread?.comments.push({ ...thread.comments[0]!, id, body });
    return id;
  }

  async reviewComment(_repo: RepoKey, id: number) {
    this.called('reviewComment');
    const thread = this.state.threads.find((t) => t.comments.some((c) => c.id === id));
    const comment = thread?.comments.find((c) => c.id === id);
    if (!thread || !comment) return null;
    return {
      id,
      body: comment.body,
      path: thread.path,
      authorIsBot: comment.author?.isBot ?? false,
      url: comment.url,
    };
  }

  async reviewThreads(_repo: RepoKey, pullNumber: number) {
    this.called('reviewThreads');
    return structuredClone(this.state.threads.filter((t) => t.pull === pullNumber)).map(
      ({ pull: _pull, thumbsDown: _thumbsDown, ...thread }) => thread,
    );
  }

  async resolveReviewThread(threadId: string) {
    this.called('resolveReviewThread');
    const thread = this.state.threads.find((t) => t.id === threadId);
    if (!thread) throw new RequestFailure(404, `no review thread ${threadId}`);
    thread.isResolved = true;
  }

  async thumbsDown(_repo: RepoKey): Promise<ThumbsDown[]> {
    this.called('thumbsDown');
    return this.state.threads
      .filter((t) => t.thumbsDown.length > 0 && t.comments[0]?.author?.isBot)
      .map((t) => ({
        pullNumber: t.pull,
        comment: { ...t.comments[0]!, path: t.path },
        users: [...t.thumbsDown],
      }));
  }

  async reviews(_repo: RepoKey, pullNumber: number) {
    this.called('reviews');
    return this.state.reviews.filter((r) => r.pull === pullNumber).map(({ id, body }) => ({ id, body }));
  }

  async createReview(
    repo: RepoKey,
    pullNumber: number,
    review: { commitId: string; body: string; comments?: InlineComment[] },
  ) {
    this.called('createReview');
    const pr = this.pull(repo, pullNumber);
    for (const comment of review.comments ?? []) {
      if (!onDiff(pr.files, comment)) {
        throw new RequestFailure(422, `Line could not be resolved: ${comment.path}:${comment.line}`);
      }
    }
    const id = this.nextId++;
    for (const comment of review.comments ?? []) {
      const commentId = this.nextId++;
      this.state.threads.push({
        id: `PRRT_${commentId}`,
        pull: pullNumber,
        isResolved: false,
        isOutdated: false,
        path: comment.path,
        diffSide: comment.side,
        line: comment.line,
        startLine: comment.start_line ?? null,
        originalLine: comment.line,
        originalStartLine: comment.start_line ?? null,
        comments: [
          {
            id: commentId,
            body: comment.body,
            author: { login: 'pullwise[bot]', isBot: true },
            originalCommit: review.commitId,
            url: `${pr.htmlUrl}#discussion_r${commentId}`,
          },
        ],
        thumbsDown: [],
      });
    }
    this.state.reviews.push({
      id,
      pull: pullNumber,
      ...structuredClone(review),
      comments: review.comments ?? [],
    });
    return id;
  }

  async checkRuns(_repo: RepoKey, headSha: string, name: string) {
    this.called('checkRuns');
    return this.state.checkRuns
      .filter((c) => c.headSha === headSha && c.name === name)
      .map(({ id, status }) => ({ id, status }));
  }

  async createCheckRun(_repo: RepoKey, run: { name: string; headSha: string }) {
    this.called('createCheckRun');
    const id = this.nextId++;
    this.state.checkRuns.push({
      id,
      name: run.name,
      headSha: run.headSha,
      status: 'in_progress',
      annotations: [],
    });
    return id;
  }

  async updateCheckRun(_repo: RepoKey, id: number, update: Parameters<GitHub['updateCheckRun']>[2]) {
    this.called('updateCheckRun');
    const run = this.state.checkRuns.find((c) => c.id === id);
    if (!run) throw new RequestFailure(404, `no check run ${id}`);
    if (run.status === 'completed') throw new RequestFailure(422, `check run ${id} is completed`);
    if ((update.output.annotations?.length ?? 0) > 50) throw new RequestFailure(422, 'over 50 annotations');
    run.title = update.output.title;
    run.summary = update.output.summary;
    run.annotations.push(...(update.output.annotations ?? []));
    if (update.status) run.status = update.status;
    if (update.conclusion) run.conclusion = update.conclusion;
  }

  async openPullRequests(repo: RepoKey, branch: string) {
    this.called('openPullRequests');
    return [...this.pulls.entries()]
      .filter(([key, pr]) => key.startsWith(`${repo.owner}/${repo.repo}#`) && pr.state === 'open')
      .filter(([, pr]) => pr.head.ref === branch)
      .map(([, pr]) => ({ number: pr.number, htmlUrl: pr.htmlUrl }));
  }

  async createDraftPullRequest(
    repo: RepoKey,
    pr: { head: string; base: string; title: string; body: string },
  ) {
    this.called('createDraftPullRequest');
    const full = `${repo.owner}/${repo.repo}`;
    if (this.openPullRequestsNow(full, pr.head))
      throw new RequestFailure(422, 'A pull request already exists');
    const number = Math.max(0, ...[...this.pulls.values()].map((p) => p.number), ...this.issueNumbers()) + 1;
    const stored = this.addPullRequest(full, {
      number,
      title: pr.title,
      body: pr.body,
      draft: true,
      head: { sha: 'c'.repeat(40), ref: pr.head, repoFullName: full },
    });
    this.state.opened.push({ number, ...pr });
    return { number, htmlUrl: stored.htmlUrl };
  }

  async updatePullRequestBody(repo: RepoKey, number: number, body: string) {
    this.called('updatePullRequestBody');
    this.pull(repo, number).body = body;
  }

  async addLabels(_repo: RepoKey, number: number, labels: string[]) {
    this.called('addLabels');
    const on = (this.state.labels[number] ??= []);
    for (const label of labels) if (!on.includes(label)) on.push(label);
  }

  async gitToken() {
    this.called('gitToken');
    return this.token;
  }

  // --- inside ---

  private called(method: keyof GitHub): void {
    this.calls.push(method);
    const failure = this.failures.find((f) => f.method === method && f.left > 0);
    if (failure) {
      failure.left -= 1;
      throw new RequestFailure(failure.status, `${method} failed with ${failure.status} (injected)`);
    }
  }

  private repo(repo: RepoKey): MemoryRepository {
    const stored = this.repos.get(`${repo.owner}/${repo.repo}`);
    if (!stored) throw new RequestFailure(404, `no repository ${repo.owner}/${repo.repo}`);
    return stored;
  }

  private pull(repo: RepoKey, number: number): MemoryPullRequest {
    const stored = this.pulls.get(`${repo.owner}/${repo.repo}#${number}`);
    if (!stored) throw new RequestFailure(404, `no pull request ${repo.owner}/${repo.repo}#${number}`);
    return stored;
  }

  private comment(id: number): StoredComment {
    const stored = this.state.comments.find((c) => c.id === id);
    if (!stored) throw new RequestFailure(404, `no comment ${id}`);
    return stored;
  }

  private openPullRequestsNow(full: string, branch: string): boolean {
    return [...this.pulls.entries()].some(
      ([key, pr]) => key.startsWith(`${full}#`) && pr.state === 'open' && pr.head.ref === branch,
    );
  }

  private issueNumbers(): number[] {
    return [...this.issues.keys()].map((key) => Number(key.split('#')[1]));
  }
}

type RepoKey = { owner: string; repo: string };

/** Whether GitHub could place the comment: every line of its range shown on its side of one hunk. */
function onDiff(files: ChangedFile[], comment: InlineComment): boolean {
  const file = files.find((f) => f.filename === comment.path);
  if (!file?.patch) return false;
  const [parsed] = parsePatch(file.patch.startsWith('@@') ? `--- a\n+++ b\n${file.patch}` : file.patch);
  const shown = (side: 'LEFT' | 'RIGHT', line: number) =>
    (parsed?.hunks ?? []).findIndex((hunk) => {
      let oldLine = hunk.oldStart;
      let newLine = hunk.newStart;
      for (const raw of hunk.lines) {
        const kind = raw[0];
        if (kind === '\\') continue;
        if (side === 'LEFT' && kind !== '+' && oldLine === line) return true;
        if (side === 'RIGHT' && kind !== '-' && newLine === line) return true;
        if (kind !== '+') oldLine += 1;
        if (kind !== '-') newLine += 1;
      }
      return false;
    });
  const end = shown(comment.side, comment.line);
  if (end < 0) return false;
  if (comment.start_line === undefined) return true;
  return shown(comment.start_side ?? comment.side, comment.start_line) === end;
}
