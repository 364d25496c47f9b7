import * as z from 'zod';
import type { JobInput } from '../queue/job.js';

// What a job carries from the webhook that started it (GitHub's payload is the source of truth for text).
// A stored payload is checked against its schema before the job runs (JobWorker's `payloads`): one written
// by another version, or by hand, becomes a dead job that says what is wrong, never a silent cast.

const account = z.object({ login: z.string().min(1), type: z.string() });
const name = z.string().min(1);
const number = z.number().int().positive();

/** Where a job answers: the PR/issue conversation, or the review-comment thread a command came from. */
export const replyTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('issue'), issue_number: number }),
  z.object({ kind: z.literal('review-thread'), pull_number: number, comment_id: number }),
]);

export const reviewJobPayload = z.object({
  owner: name,
  repo: name,
  pull_number: number,
  /** The head the event was about; a job whose PR has moved on leaves the newer head to its own job. */
  headSha: z.string().optional(),
  sender: account,
  trigger: z.string(),
  /** Set when a command asked for the review: the comment to answer if the review cannot run. */
  replyTo: replyTarget.optional(),
});
export type ReviewJobPayload = z.infer<typeof reviewJobPayload>;

export const commandJobPayload = z.object({
  owner: name,
  repo: name,
  issue_number: number,
  isPullRequest: z.boolean(),
  commenter: account,
  /** The comment body as the webhook delivered it (not a later edit). */
  commentBody: z.string(),
  replyTo: replyTarget,
  /** For review-comment threads: the diff hunk the thread is on. */
  diffHunk: z.string().optional(),
  /** For review-comment threads: the file the thread is on. */
  path: z.string().optional(),
  /** The comment's page on GitHub (a learning links to where it was taught). */
  commentUrl: z.string().optional(),
});
export type CommandJobPayload = z.infer<typeof commandJobPayload>;

/**
 * A fix: an issue to turn into a draft PR, a change to make on a pull request, or a task with no issue (the
 * Action's `prompt`), which becomes a draft PR too.
 */
export const fixJobPayload = z.object({
  owner: name,
  repo: name,
  /** None for a task. */
  issue_number: number.optional(),
  isPullRequest: z.boolean(),
  trigger: z.enum(['label', 'command', 'task']),
  requester: account,
  /** The issue or PR text from the webhook (for a command: fetched when the job starts). */
  title: z.string(),
  body: z.string(),
  /** The words after `fix` in a command; empty for a label. */
  instruction: z.string(),
  /** The label that was added (the job checks it against `fix.label`). */
  label: z.string().optional(),
  /** Where answers go; none for a task (its caller reports the outcome). */
  replyTo: replyTarget.optional(),
  thread: z.object({ path: z.string(), diffHunk: z.string() }).optional(),
});
export type FixJobPayload = z.infer<typeof fixJobPayload>;

/** Every job type and the schema of its payload: what intake stores and what the worker accepts. */
export const JOB_PAYLOADS = { review: reviewJobPayload, command: commandJobPayload, fix: fixJobPayload };
export type JobType = keyof typeof JOB_PAYLOADS;

/**
 * Where any job's outcome can be told, read from a payload that may not match its own schema (a dead job's):
 * the thread it answers in, or its PR or issue. Undefined when the payload does not say.
 */
export function answerTarget(
  payload: unknown,
): { owner: string; repo: string; target: z.infer<typeof replyTarget> } | undefined {
  const parsed = answerable.safeParse(payload);
  if (!parsed.success) return undefined;
  const { owner, repo, replyTo, pull_number, issue_number } = parsed.data;
  const number = pull_number ?? issue_number;
  const target =
    replyTo ?? (number !== undefined ? { kind: 'issue' as const, issue_number: number } : undefined);
  return target && { owner, repo, target };
}
const answerable = z.object({
  owner: name,
  repo: name,
  replyTo: replyTarget.optional().catch(undefined),
  pull_number: number.optional().catch(undefined),
  issue_number: number.optional().catch(undefined),
});

/** A job as intake makes it: its type names its payload's schema. */
export type PullwiseJob = Omit<JobInput, 'type' | 'payload'> &
  (
    | { type: 'review'; payload: ReviewJobPayload }
    | { type: 'command'; payload: CommandJobPayload }
    | { type: 'fix'; payload: FixJobPayload }
  );

export const jobKey = (owner: string, repo: string, number: number) => `${owner}/${repo}#${number}`;
