import {
  CONFIG_PATH,
  parseConfig,
  type ConfigOverrides,
  type ParsedConfig,
} from '../core/config/load-config.js';
import type { GitHub, RepoRef } from './github-port.js';

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
  github: GitHub,
  repo: RepoRef,
  ref?: string,
  source: ConfigSource = {},
): Promise<ParsedConfig & { path: string }> {
  const path = source.path ?? CONFIG_PATH;
  const text = await github.fileText(repo, path, ref);
  return { ...parseConfig(text, path, source.overrides), path };
}
