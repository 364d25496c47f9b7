import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';
import type { Api } from '@octokit/plugin-rest-endpoint-methods';

/**
 * The GitHub REST client the adapters use: what they call of Octokit (REST methods, pagination, requests,
 * auth). The App passes Probot's Octokit; the Action builds the same client from the same plugins
 * (`src/action/action-octokit.ts`) without the rest of Probot.
 */
export type GitHubClient = Octokit & Api & { paginate: PaginateInterface };

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRef extends RepoRef {
  pull_number: number;
}
