import type { GitHubClient } from './client.js';

/**
 * The installation token behind an installation's Octokit, for git over HTTPS. Callers pass it to git one
 * command at a time and add it to the secrets that are redacted from anything posted.
 */
export async function installationToken(octokit: GitHubClient): Promise<string> {
  const auth = (await octokit.auth({ type: 'installation' })) as { token?: string };
  if (!auth.token) throw new Error('could not get an installation token for git');
  return auth.token;
}
