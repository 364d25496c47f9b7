import type { GitHubClient, RepoRef } from './client.js';

/**
 * Finds the issue/PR comment carrying `marker` (an HTML comment, invisible on GitHub) and updates it, or
 * creates it: a comment is kept up to date in place instead of being posted again (renovate's ensureComment).
 */
export async function ensureComment(
  octokit: GitHubClient,
  target: RepoRef & { issue_number: number },
  marker: string,
  body: string,
): Promise<number> {
  const full = `${body}\n\n${marker}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...target, per_page: 100 });
  const existing = comments.find((c) => c.body?.includes(marker));
  if (existing) {
    if (existing.body !== full)
      await octokit.rest.issues.updateComment({ ...target, comment_id: existing.id, body: full });
    return existing.id;
  }
  const { data } = await octokit.rest.issues.createComment({ ...target, body: full });
  return data.id;
}
