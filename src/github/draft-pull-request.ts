import type { GitHubClient, RepoRef } from './client.js';

export interface OpenedPullRequest {
  number: number;
  url: string;
  /** false when an open PR from this branch already existed (a rerun): its body was updated instead. */
  created: boolean;
}

/**
 * Opens a draft PR from `head` into `base`, or — when a rerun finds one already open from that branch —
 * updates its body: a job retried after a crash never opens a second PR.
 */
export async function ensureDraftPullRequest(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: { head: string; base: string; title: string; body: string },
): Promise<OpenedPullRequest> {
  const { data: open } = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${pr.head}`,
    state: 'open',
    per_page: 1,
  });
  const existing = open[0];
  if (existing) {
    await octokit.rest.pulls.update({ ...repo, pull_number: existing.number, body: pr.body });
    return { number: existing.number, url: existing.html_url, created: false };
  }
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    head: pr.head,
    base: pr.base,
    title: pr.title,
    body: pr.body,
    draft: true,
    maintainer_can_modify: true,
  });
  return { number: data.number, url: data.html_url, created: true };
}
