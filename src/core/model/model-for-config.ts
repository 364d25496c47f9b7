import type { PullwiseConfig } from '../config/schema.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { ModelClient } from './client.js';
import { UsageLedger } from './ledger.js';

/** A model client for one job, with the job's budget, from the repository config and the process env. */
export function modelForConfig(
  config: PullwiseConfig,
  env: Record<string, string | undefined>,
  circuit?: CircuitBreaker,
): ModelClient | null {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return null;
  return new ModelClient({
    apiKey,
    baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined,
    model: config.model,
    maxRetries: config.budget.max_retries,
    timeoutMs: config.budget.timeout_seconds * 1000,
    ...(circuit ? { circuit } : {}),
    ledger: new UsageLedger(
      {
        maxCalls: config.budget.max_calls,
        maxTotalTokens: config.budget.max_total_tokens,
        maxUsd: config.budget.max_usd,
      },
      config.prices,
    ),
  });
}
