import { CONFIG_PATH, parseConfig, type ParsedConfig } from '../core/config/load-config.js';
import type { GitHubClient, RepoRef } from './client.js';
import { responseText } from './response-text.js';

/**
 * `.github/pullwise.yml` as it is on `ref` (a PR's base branch; omitted: the default branch) — never the PR
 * head, which the author controls.
 */
export async function loadRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
  ref?: string,
): Promise<ParsedConfig> {
  let text: string | null = null;
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...repo,
      path: CONFIG_PATH,
      ...(ref ? { ref } : {}),
      mediaType: { format: 'raw' },
    });
    text = responseText(data);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  return parseConfig(text);
}
