import type { GitHubClient } from './client.js';

/** Who Pullwise's commits are by: the App's bot account, as GitHub shows commits made by an App. */
export interface BotIdentity {
  /** `<app-slug>[bot]` */
  login: string;
  name: string;
  /** `<bot user id>+<app-slug>[bot]@users.noreply.<host>`: GitHub links such commits to the bot account. */
  email: string;
}

/**
 * Reads the App's slug (`GET /app`, authenticated as the App) and its bot user's id, once per process. The
 * noreply host follows the API base URL, so commits on GitHub Enterprise Server link to its own bot account.
 */
export async function readBotIdentity(
  appOctokit: GitHubClient,
  installationOctokit: GitHubClient,
): Promise<BotIdentity> {
  const { data: app } = await appOctokit.rest.apps.getAuthenticated();
  const slug = app?.slug ?? 'pullwise';
  const login = `${slug}[bot]`;
  const { data: user } = await installationOctokit.rest.users.getByUsername({ username: login });
  return { login, name: login, email: `${user.id}+${login}@users.noreply.${noreplyHost(appOctokit)}` };
}

function noreplyHost(octokit: GitHubClient): string {
  const base = new URL(octokit.request.endpoint.DEFAULTS.baseUrl);
  // api.github.com → github.com; GHES serves the API under https://<host>/api/v3.
  return base.hostname === 'api.github.com' ? 'github.com' : base.hostname;
}
