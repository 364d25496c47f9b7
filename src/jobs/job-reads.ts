import type { GitHub, PullRequest, RepoRef } from '../github/github-port.js';
import { loadRepoConfig, type ConfigSource } from '../github/repo-config.js';
type RepoConfig = Awaited<ReturnType<typeof loadRepoConfig>>;

/**
 * What a job reads from GitHub that the job it starts reads too (a `review` or `fix` command starts a review
 * or a fix): read once per job. Made by the first job of a run and handed on in JobDeps.
 */
export interface JobReads {
  pullRequest(repo: RepoRef, pullNumber: number): Promise<PullRequest>;
  /** `.github/pullwise.yml` on `ref` (a PR's base branch; none: the default branch). */
  repoConfig(repo: RepoRef, ref: string | undefined): Promise<RepoConfig>;
}

export function jobReads(github: GitHub, source?: ConfigSource): JobReads {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let value = cache.get(key) as Promise<T> | undefined;
    if (!value) {
      value = read();
      cache.set(key, value);
      value.catch(() => cache.delete(key)); // a failed read is tried again, not remembered
    }
    return value;
  };
  return {
    pullRequest: (repo, pullNumber) =>
      once(`pr:${repo.owner}/${repo.repo}#${pullNumber}`, () => github.pullRequest(repo, pullNumber)),
    repoConfig: (repo, ref) =>
      once(`config:${repo.owner}/${repo.repo}@${ref ?? ''}`, () => loadRepoConfig(github, repo, ref, source)),
  };
}

/** The reads a job was handed, or its own. */
export function readsOf(deps: { github: GitHub; configSource?: ConfigSource; reads?: JobReads }): JobReads {
  return deps.reads ?? jobReads(deps.github, deps.configSource);
}
