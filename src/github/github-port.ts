import type { RepoRef } from './client.js';

// What the job handlers need of GitHub, in their own terms. `octokitGitHub` implements it with Octokit (the
// App's and the Action's client, with their retries, pacing and fences); tests use a stateful in-memory one.
// A call GitHub refuses throws an error carrying GitHub's HTTP `status` (Octokit's RequestError does), so the
// logic over the port (post-review, check-run, …) reads one kind of failure whoever implements it.

export type { RepoRef };

export interface IssueRef extends RepoRef {
  issue_number: number;
}

export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  draft: boolean;
  title: string;
  body: string;
  htmlUrl: string;
  /** `repoFullName` null: the fork the PR came from was deleted. */
  head: { sha: string; ref: string; repoFullName: string | null };
  base: { sha: string; ref: string; repoFullName: string; cloneUrl: string };
}

export interface Repository {
  fullName: string;
  cloneUrl: string;
  htmlUrl: string;
  defaultBranch: string;
}

/** A changed file as GitHub's "list pull request files" and "compare commits" APIs return it. */
export interface ChangedFile {
  filename: string;
  previous_filename?: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  sha?: string | null;
}

export interface Comment {
  id: number;
  body: string;
}

/** An inline comment of a review, anchored by line and side (never the deprecated `position`). */
export interface InlineComment {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
  body: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

export interface CheckRunUpdate {
  status?: 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled';
  output: { title: string; summary: string; annotations?: CheckAnnotation[] };
}

/** A comment of a review thread, as GraphQL gives it. */
export interface ThreadComment {
  /** The REST id (`fullDatabaseId`): what replies and `in_reply_to_id` use. */
  id: number;
  body: string;
  /** null: a deleted account ("ghost"). */
  author: { login: string; isBot: boolean } | null;
  /** The commit the comment was made on (its review's head); null when GitHub no longer has it. */
  originalCommit: string | null;
  url: string;
}

/** A pull request's review thread (GraphQL `reviewThreads`), its comments oldest first. */
export interface ReviewThread {
  /** The GraphQL node id: what `resolveReviewThread` takes. */
  id: string;
  isResolved: boolean;
  /** GitHub's own judgement: the lines the thread is on changed since it was made. */
  isOutdated: boolean;
  path: string;
  diffSide: 'LEFT' | 'RIGHT';
  /** The thread's lines on the PR's current head; null when outdated. */
  line: number | null;
  startLine: number | null;
  /** Its lines on `originalCommit`. */
  originalLine: number | null;
  originalStartLine: number | null;
  comments: ThreadComment[];
}

/** A review comment a bot wrote and people reacted to with 👎 (reactions have no webhook). */
export interface ThumbsDown {
  pullNumber: number;
  comment: ThreadComment & { path: string };
  /** Who reacted 👎. */
  users: string[];
}

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface GitHub {
  repository(repo: RepoRef): Promise<Repository>;
  pullRequest(repo: RepoRef, number: number): Promise<PullRequest>;
  /** The PR's whole diff as `git diff` prints it. */
  pullRequestDiff(repo: RepoRef, number: number): Promise<string>;
  pullRequestFiles(repo: RepoRef, number: number): Promise<ChangedFile[]>;
  /** `base...head`; undefined when GitHub does not know one of them (404). */
  compare(
    repo: RepoRef,
    base: string,
    head: string,
  ): Promise<{ status: 'ahead' | 'behind' | 'diverged' | 'identical'; files: ChangedFile[] } | undefined>;
  /** A file's text on `ref` (none: the default branch); null when there is no such file. */
  fileText(repo: RepoRef, path: string, ref?: string): Promise<string | null>;
  issue(repo: RepoRef, number: number): Promise<{ title: string; body: string }>;
  /** A user's permission on the repository ('none' for one who is not a collaborator). */
  permission(repo: RepoRef, username: string): Promise<Permission>;

  comments(thread: IssueRef): Promise<Comment[]>;
  createComment(thread: IssueRef, body: string): Promise<number>;
  updateComment(repo: RepoRef, id: number, body: string): Promise<void>;
  deleteComment(repo: RepoRef, id: number): Promise<void>;
  replyToReviewComment(repo: RepoRef, pullNumber: number, commentId: number, body: string): Promise<number>;

  /** One review comment (REST), or null when there is none (404). */
  reviewComment(
    repo: RepoRef,
    id: number,
  ): Promise<{ id: number; body: string; path: string; authorIsBot: boolean; url: string } | null>;
  /** The PR's review threads, every one (GraphQL, paginated). */
  reviewThreads(repo: RepoRef, pullNumber: number): Promise<ReviewThread[]>;
  resolveReviewThread(threadId: string): Promise<void>;
  /** Bots' review comments with a 👎, on the repository's most recently updated pull requests: one query. */
  thumbsDown(repo: RepoRef): Promise<ThumbsDown[]>;

  /** The PR's reviews (all authors), oldest first. */
  reviews(repo: RepoRef, pullNumber: number): Promise<Comment[]>;
  /** One review, event COMMENT. 422 when GitHub cannot place an inline comment on the diff. */
  createReview(
    repo: RepoRef,
    pullNumber: number,
    review: { commitId: string; body: string; comments?: InlineComment[] },
  ): Promise<number>;

  /** The check runs named `name` on `headSha`. 403 when the token may not read or write checks. */
  checkRuns(repo: RepoRef, headSha: string, name: string): Promise<Array<{ id: number; status: string }>>;
  createCheckRun(repo: RepoRef, run: { name: string; headSha: string }): Promise<number>;
  updateCheckRun(repo: RepoRef, id: number, update: CheckRunUpdate): Promise<void>;

  /** Open PRs from `branch` of this repository. */
  openPullRequests(repo: RepoRef, branch: string): Promise<Array<{ number: number; htmlUrl: string }>>;
  createDraftPullRequest(
    repo: RepoRef,
    pr: { head: string; base: string; title: string; body: string },
  ): Promise<{ number: number; htmlUrl: string }>;
  updatePullRequestBody(repo: RepoRef, number: number, body: string): Promise<void>;
  /** Adds labels to an issue or pull request (GitHub creates a label the repository does not have yet). */
  addLabels(repo: RepoRef, number: number, labels: string[]): Promise<void>;

  /** A token git can push and fetch with (the installation's, or the workflow's). */
  gitToken(): Promise<string>;
}
