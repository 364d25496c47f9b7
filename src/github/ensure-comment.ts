import type { GitHub, IssueRef } from './github-port.js';

/**
 * Finds the issue/PR comment carrying `marker` (an HTML comment, invisible on GitHub) and updates it, or
 * creates it: a comment is kept up to date in place instead of being posted again (renovate's ensureComment).
 */
export async function ensureComment(
  github: GitHub,
  target: IssueRef,
  marker: string,
  body: string,
): Promise<number> {
  const full = `${body}\n\n${marker}`;
  const existing = (await github.comments(target)).find((c) => c.body.includes(marker));
  if (existing) {
    if (existing.body !== full) await github.updateComment(target, existing.id, full);
    return existing.id;
  }
  return github.createComment(target, full);
}
