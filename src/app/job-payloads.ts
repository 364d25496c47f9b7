import type { ReplyTarget } from '../github/reply.js';

/** What a job carries from the webhook that started it (GitHub's payload is the source of truth for text). */
export interface ReviewJobPayload {
  owner: string;
  repo: string;
  pull_number: number;
  /** The head the event was about; a job whose PR has moved on leaves the newer head to its own job. */
  headSha?: string;
  sender: { login: string; type: string };
  trigger: string;
  /** Set when a command asked for the review: the comment to answer if the review cannot run. */
  replyTo?: ReplyTarget;
}

export interface CommandJobPayload {
  owner: string;
  repo: string;
  issue_number: number;
  isPullRequest: boolean;
  commenter: { login: string; type: string };
  /** The comment body as the webhook delivered it (not a later edit). */
  commentBody: string;
  replyTo: ReplyTarget;
  /** For review-comment threads: the diff hunk the thread is on. */
  diffHunk?: string;
  /** For review-comment threads: the file the thread is on. */
  path?: string;
}

/**
 * A fix: an issue to turn into a draft PR, a change to make on a pull request, or a task with no issue (the
 * Action's `prompt`), which becomes a draft PR too.
 */
export interface FixJobPayload {
  owner: string;
  repo: string;
  /** None for a task. */
  issue_number?: number;
  isPullRequest: boolean;
  trigger: 'label' | 'command' | 'task';
  requester: { login: string; type: string };
  /** The issue or PR text from the webhook (for a command: fetched when the job starts). */
  title: string;
  body: string;
  /** The words after `fix` in a command; empty for a label. */
  instruction: string;
  /** The label that was added (the job checks it against `fix.label`). */
  label?: string;
  /** Where answers go; none for a task (its caller reports the outcome). */
  replyTo?: ReplyTarget;
  thread?: { path: string; diffHunk: string };
}

export const jobKey = (owner: string, repo: string, number: number) => `${owner}/${repo}#${number}`;
