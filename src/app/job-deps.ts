import type { PullwiseConfig } from '../core/config/schema.js';
import { ModelClient } from '../core/model/client.js';
import { UsageLedger } from '../core/model/ledger.js';
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
  /** Called when a repository's config is read, so intake knows its trigger phrase. */
  onConfig?: (owner: string, repo: string, config: PullwiseConfig) => void;
}

/** A model client for one job, or null (with the reason) when the server has no API key. */
export function modelForJob(
  config: PullwiseConfig,
  env: JobDeps['env'],
): { model: ModelClient | null; reason?: string } {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return { model: null, reason: 'the server has no ANTHROPIC_API_KEY' };
  return {
    model: new ModelClient({
      apiKey,
      baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined,
      model: config.model,
      maxRetries: config.budget.max_retries,
      timeoutMs: config.budget.timeout_seconds * 1000,
      ledger: new UsageLedger(
        {
          maxCalls: config.budget.max_calls,
          maxTotalTokens: config.budget.max_total_tokens,
          maxUsd: config.budget.max_usd,
        },
        config.prices,
      ),
    }),
  };
}

/** The process's own secrets: never posted, whatever a model writes. */
export function knownSecrets(env: JobDeps['env']): string[] {
  return [env.ANTHROPIC_API_KEY, env.WEBHOOK_SECRET, env.GITHUB_TOKEN].filter((s): s is string =>
    Boolean(s && s.length >= 8),
  );
}
