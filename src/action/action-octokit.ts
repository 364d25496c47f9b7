import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubClient } from '../github/client.js';

interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The Action's GitHub client: Octokit with the plugins Probot's Octokit has (throttling that honours
 * `retry-after` and serialises writes, retries of 5xx, pagination, REST methods), authenticated with the
 * workflow's token. Importing Probot itself would bundle its server and logger into the Action.
 */
export function actionOctokit(options: { token: string; baseUrl: string; log: Log }): GitHubClient {
  const ActionOctokit = Octokit.plugin(throttling, retry, paginateRest, restEndpointMethods);
  return new ActionOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    log: options.log,
    userAgent: 'pullwise-action',
    throttle: {
      onRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
        options.log.warn(`rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
        return true;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
        options.log.warn(
          `secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`,
        );
        return true;
      },
    },
  });
}
