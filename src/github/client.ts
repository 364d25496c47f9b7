import type { ProbotOctokit } from 'probot';

/** The GitHub REST client the adapters use: Probot's Octokit (throttling, retries, pagination built in). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRef extends RepoRef {
  pull_number: number;
}
