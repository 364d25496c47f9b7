import type { GitHubClient, RepoRef } from './client.js';

/** Where an answer goes: the issue/PR conversation, or the thread of a review comment. */
export type ReplyTarget =
  | { kind: 'issue'; issue_number: number }
  | { kind: 'review-thread'; pull_number: number; comment_id: number };

/** Answers in the same thread: the PR/issue conversation, or the review-comment thread the command came from. */
export async function reply(
  octokit: GitHubClient,
  repo: RepoRef,
  target: ReplyTarget,
  body: string,
): Promise<number> {
  if (target.kind === 'review-thread') {
    const { data } = await octokit.rest.pulls.createReplyForReviewComment({
      ...repo,
      pull_number: target.pull_number,
      comment_id: target.comment_id,
      body,
    });
    return data.id;
  }
  const { data } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: target.issue_number,
    body,
  });
  return data.id;
}
