import type { PullwiseConfig } from '../config/schema.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { ModelClient } from './client.js';
import { UsageLedger } from './ledger.js';
import { isRegionalEndpoint, platformModelId } from './platform-model-id.js';
import { platformFromEnv, type Platform } from './platform.js';
import { priceFor, type ModelPrice } from './prices.js';

/**
 * A model client for one job, with the job's budget, from the repository config and the process env; null
 * when the model review is skipped (Anthropic's API without ANTHROPIC_API_KEY). `repoChoosesProvider`: the
 * Action and the CLI let the config's `provider` choose; the App keeps PULLWISE_PROVIDER.
 */
export function modelForConfig(
  config: PullwiseConfig,
  env: Record<string, string | undefined>,
  circuit?: CircuitBreaker,
  options: { repoChoosesProvider?: boolean } = {},
): ModelClient | null {
  const platform = platformFromEnv(env, options.repoChoosesProvider ? config.provider : undefined);
  if (!platform) return null;
  const modelId = platformModelId(config.model, platform, config.model_id);
  return new ModelClient({
    platform,
    env,
    model: config.model,
    modelId,
    maxRetries: config.budget.max_retries,
    timeoutMs: config.budget.timeout_seconds * 1000,
    ...(circuit ? { circuit } : {}),
    ledger: new UsageLedger(
      {
        maxCalls: config.budget.max_calls,
        maxTotalTokens: config.budget.max_total_tokens,
        maxUsd: config.budget.max_usd,
      },
      platformPrices(config, platform, modelId),
    ),
  });
}

// Regional endpoints cost 10% over the global ones on Bedrock and Vertex; a price the config keys by the
// platform's id is what the team pays there and is used as is.
const REGIONAL_PREMIUM = 1.1;

function platformPrices(
  config: PullwiseConfig,
  platform: Platform,
  modelId: string,
): Record<string, ModelPrice> {
  const own = config.prices[modelId];
  if (own && modelId !== config.model) return { ...config.prices, [config.model]: own };
  if (!isRegionalEndpoint(platform, modelId)) return config.prices;
  const { price, known } = priceFor(config.model, config.prices);
  if (!known) return config.prices; // the fallback price already errs high
  const scaled = Object.fromEntries(
    Object.entries(price).map(([kind, usd]) => [kind, usd * REGIONAL_PREMIUM]),
  ) as unknown as ModelPrice;
  return { ...config.prices, [config.model]: scaled };
}
