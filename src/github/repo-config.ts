import {
  CONFIG_PATH,
  parseConfig,
  type ConfigOverrides,
  type ParsedConfig,
} from '../core/config/load-config.js';
import type { GitHubClient, RepoRef } from './client.js';
import { responseText } from './response-text.js';

/** Where a job's config comes from besides the file: another path, and settings that win over the file. */
export interface ConfigSource {
  path?: string;
  overrides?: ConfigOverrides;
}

/**
 * `.github/pullwise.yml` as it is on `ref` (a PR's base branch; omitted: the default branch) — never the PR
 * head, which the author controls.
 */
export async function loadRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
  ref?: string,
  source: ConfigSource = {},
): Promise<ParsedConfig & { path: string }> {
  const path = source.path ?? CONFIG_PATH;
  let text: string | null = null;
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...repo,
      path,
      ...(ref ? { ref } : {}),
      mediaType: { format: 'raw' },
    });
    text = responseText(data);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  return { ...parseConfig(text, path, source.overrides), path };
}
