import type { GitHub, RepoRef } from './github-port.js';

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
  github: GitHub,
  repo: RepoRef,
  pr: { head: string; base: string; title: string; body: string },
): Promise<OpenedPullRequest> {
  const [existing] = await github.openPullRequests(repo, pr.head);
  if (existing) {
    await github.updatePullRequestBody(repo, existing.number, pr.body);
    return { number: existing.number, url: existing.htmlUrl, created: false };
  }
  const created = await github.createDraftPullRequest(repo, pr);
  return { number: created.number, url: created.htmlUrl, created: true };
}
