import type { GitHub, RepoRef } from './github-port.js';

/** Where an answer goes: the issue/PR conversation, or the thread of a review comment. */
export type ReplyTarget =
  | { kind: 'issue'; issue_number: number }
  | { kind: 'review-thread'; pull_number: number; comment_id: number };

/** Answers in the same thread: the PR/issue conversation, or the review-comment thread the command came from. */
export async function reply(
  github: GitHub,
  repo: RepoRef,
  target: ReplyTarget,
  body: string,
): Promise<number> {
  if (target.kind === 'review-thread') {
    return github.replyToReviewComment(repo, target.pull_number, target.comment_id, body);
  }
  return github.createComment({ ...repo, issue_number: target.issue_number }, body);
}
