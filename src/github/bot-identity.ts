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
  return accountIdentity(installationOctokit, login);
}

/** The Actions bot, whose GITHUB_TOKEN cannot read `/user`. */
const ACTIONS_BOT = 'github-actions[bot]';

/**
 * Who commits made with an Action's token are by: the token's own account when it is a person's token (a PAT,
 * so the draft PR can start workflows), else `github-actions[bot]` (GITHUB_TOKEN and App tokens answer 403).
 */
export async function tokenIdentity(octokit: GitHubClient): Promise<BotIdentity> {
  try {
    const { data: user } = await octokit.rest.users.getAuthenticated();
    return {
      login: user.login,
      name: user.name ?? user.login,
      email: noreplyEmail(octokit, user.id, user.login),
    };
  } catch (error) {
    if ((error as { status?: number }).status !== 403) throw error;
    return accountIdentity(octokit, ACTIONS_BOT);
  }
}

async function accountIdentity(octokit: GitHubClient, login: string): Promise<BotIdentity> {
  const { data: user } = await octokit.rest.users.getByUsername({ username: login });
  return { login, name: login, email: noreplyEmail(octokit, user.id, login) };
}

function noreplyEmail(octokit: GitHubClient, id: number, login: string): string {
  return `${id}+${login}@users.noreply.${noreplyHost(octokit)}`;
}

function noreplyHost(octokit: GitHubClient): string {
  const base = new URL(octokit.request.endpoint.DEFAULTS.baseUrl);
  // api.github.com → github.com; GHES serves the API under https://<host>/api/v3.
  return base.hostname === 'api.github.com' ? 'github.com' : base.hostname;
}
