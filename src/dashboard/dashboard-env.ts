import { PullwiseError } from '../core/errors.js';

/** Shorter tokens could be guessed by anyone who can reach the port. */
const MIN_TOKEN_LENGTH = 16;

/**
 * PULLWISE_DASHBOARD_TOKEN: unset or empty turns the dashboard off (its routes answer 404); a token too short
 * to withstand guessing stops the server at start rather than exposing job data.
 */
export function readDashboardToken(env: Record<string, string | undefined>): string | undefined {
  const token = env.PULLWISE_DASHBOARD_TOKEN?.trim();
  if (!token) return undefined;
  if (token.length < MIN_TOKEN_LENGTH)
    throw new PullwiseError(
      `PULLWISE_DASHBOARD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters; ` +
        'generate one with `openssl rand -hex 32`',
      'config',
    );
  return token;
}

/**
 * The web address of the GitHub that `apiBaseUrl` belongs to (DESIGN.md: every GitHub URL comes from the
 * payload or the API base): GitHub Enterprise Server serves its API under `/api/v3` of the web host, and
 * github.com (Octokit's default when no base is set) under the `api.` subdomain.
 */
export function githubWebUrl(apiBaseUrl = 'https://api.github.com'): string {
  const base = new URL(apiBaseUrl);
  const path = base.pathname.replace(/\/+$/, '');
  if (path.endsWith('/api/v3')) return `${base.origin}${path.slice(0, -'/api/v3'.length)}`;
  if (base.hostname.startsWith('api.')) base.hostname = base.hostname.slice('api.'.length);
  return base.origin;
}
