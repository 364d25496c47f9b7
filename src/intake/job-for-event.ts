import { parseCommand } from './commands.js';
import {
  jobKey,
  type CommandJobPayload,
  type FixJobPayload,
  type PullwiseJob,
  type ReviewJobPayload,
} from './job-payloads.js';

/** The parts of webhook payloads intake reads (GitHub's schemas have many more). */
interface Account {
  login: string;
  type: string;
}
interface RepoPayload {
  repository: { name: string; owner: { login: string } };
  installation?: { id: number };
  sender: Account;
}
interface PullRequestEvent extends RepoPayload {
  action: string;
  pull_request: { number: number; head: { sha: string } };
}
interface CommentEvent extends RepoPayload {
  action: string;
  comment: {
    id: number;
    body: string;
    user: Account;
    html_url?: string;
    in_reply_to_id?: number;
    diff_hunk?: string;
    path?: string;
  };
  issue?: { number: number; pull_request?: unknown };
  pull_request?: { number: number };
}

interface IssueLabeledEvent extends RepoPayload {
  action: string;
  label?: { name: string };
  issue: { number: number; title: string; body: string | null; pull_request?: unknown };
}

/** What intake knows of a repository's config (learned from its jobs; defaults until then). */
export interface RepoTriggers {
  phrase: string;
  /** Undefined until the repository's config was read: then any label makes a job, which checks it. */
  fixLabel?: string;
}

/** The events whose job depends on the repository's triggers (a comment's phrase, a label). */
export const TRIGGERED_EVENTS: ReadonlySet<string> = new Set([
  'issue_comment',
  'pull_request_review_comment',
  'issues',
]);

/** The repository a webhook is about, when it names one. */
export function repositoryOf(payload: unknown): { owner: string; repo: string } | undefined {
  const event = payload as Partial<RepoPayload> | null;
  const owner = event?.repository?.owner?.login;
  const repo = event?.repository?.name;
  return typeof owner === 'string' && typeof repo === 'string' && owner && repo ? { owner, repo } : undefined;
}

const REVIEW_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);

/**
 * Decides the job for a webhook, from the payload alone: no API call, so the webhook is answered in
 * milliseconds. What needs the repository's config (drafts, allowed bots, permissions) is checked by the job.
 */
export function jobForEvent(
  name: string,
  payload: unknown,
  deliveryId: string,
  triggers: (owner: string, repo: string) => RepoTriggers,
): PullwiseJob | undefined {
  const event = payload as RepoPayload & { action?: string };
  const { owner, repo } = repositoryOf(payload) ?? {};
  if (!owner || !repo) return undefined;
  const base = { deliveryId, installationId: event.installation?.id };

  if (name === 'pull_request') {
    const pr = payload as PullRequestEvent;
    if (!REVIEW_ACTIONS.has(pr.action)) return undefined;
    const job: ReviewJobPayload = {
      owner,
      repo,
      pull_number: pr.pull_request.number,
      headSha: pr.pull_request.head.sha,
      sender: { login: pr.sender.login, type: pr.sender.type },
      trigger: pr.action,
    };
    return {
      ...base,
      type: 'review',
      key: jobKey(owner, repo, job.pull_number),
      supersedes: true,
      payload: job,
    };
  }

  if ((name === 'issue_comment' || name === 'pull_request_review_comment') && event.action === 'created') {
    const comment = payload as CommentEvent;
    // Comments by bots — Pullwise's own replies above all — never start commands (no loops).
    if (comment.comment.user.type === 'Bot' || comment.sender.type === 'Bot') return undefined;
    const command = parseCommand(comment.comment.body, triggers(owner, repo).phrase);
    if (!command) return undefined;
    const number = comment.issue?.number ?? comment.pull_request!.number;
    const isPullRequest = name === 'pull_request_review_comment' || Boolean(comment.issue?.pull_request);
    const replyTo: CommandJobPayload['replyTo'] =
      name === 'pull_request_review_comment'
        ? {
            kind: 'review-thread',
            pull_number: number,
            comment_id: comment.comment.in_reply_to_id ?? comment.comment.id,
          }
        : { kind: 'issue', issue_number: number };
    const commandPayload: CommandJobPayload = {
      owner,
      repo,
      issue_number: number,
      isPullRequest,
      commenter: { login: comment.comment.user.login, type: comment.comment.user.type },
      commentBody: comment.comment.body,
      replyTo,
      ...(comment.comment.diff_hunk ? { diffHunk: comment.comment.diff_hunk } : {}),
      ...(comment.comment.path ? { path: comment.comment.path } : {}),
      ...(comment.comment.html_url ? { commentUrl: comment.comment.html_url } : {}),
    };
    return { ...base, type: 'command', key: jobKey(owner, repo, number), payload: commandPayload };
  }

  if (name === 'issues' && event.action === 'labeled') {
    const labeled = payload as IssueLabeledEvent;
    const fixLabel = triggers(owner, repo).fixLabel;
    if (labeled.issue.pull_request || !labeled.label) return undefined;
    if (fixLabel !== undefined && labeled.label.name !== fixLabel) return undefined;
    const fixPayload: FixJobPayload = {
      owner,
      repo,
      issue_number: labeled.issue.number,
      isPullRequest: false,
      trigger: 'label',
      requester: { login: labeled.sender.login, type: labeled.sender.type },
      // The issue as it was when it was labelled (the webhook's copy), not a later edit.
      title: labeled.issue.title,
      body: labeled.issue.body ?? '',
      instruction: '',
      label: labeled.label.name,
      replyTo: { kind: 'issue', issue_number: labeled.issue.number },
    };
    return {
      ...base,
      type: 'fix',
      key: jobKey(owner, repo, labeled.issue.number),
      payload: fixPayload,
    };
  }
  return undefined;
}
