import type { PullwiseConfig } from '../core/config/schema.js';
import type { ModelClient } from '../core/model/client.js';
import { modelForConfig } from '../core/model/model-for-config.js';
import type { BotIdentity } from '../github/bot-identity.js';
import type { GitHubClient } from '../github/client.js';

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a job handler gets besides its payload. */
export interface JobDeps {
  octokit: GitHubClient;
  env: Record<string, string | undefined>;
  log: JobLogger;
  signal: AbortSignal;
  /** PULLWISE_DATA_DIR: the repository cache and the jobs' working copies live under it. */
  dataDir: string;
  /** The App's bot account, for commits (read once per process). */
  botIdentity: () => Promise<BotIdentity>;
  /** Called when a repository's config is read, so intake knows its trigger phrase. */
  onConfig?: (owner: string, repo: string, config: PullwiseConfig) => void;
}

/** A model client for one job, or null (with the reason) when the server has no API key. */
export function modelForJob(
  config: PullwiseConfig,
  env: JobDeps['env'],
): { model: ModelClient | null; reason?: string } {
  const model = modelForConfig(config, env);
  return model ? { model } : { model: null, reason: 'the server has no ANTHROPIC_API_KEY' };
}

/** The process's own secrets: never posted, whatever a model writes. */
export function knownSecrets(env: JobDeps['env']): string[] {
  return [env.ANTHROPIC_API_KEY, env.WEBHOOK_SECRET, env.GITHUB_TOKEN].filter((s): s is string =>
    Boolean(s && s.length >= 8),
  );
}
