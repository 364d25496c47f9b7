// Our pipeline, for real: reviewChangeSet with a real ModelClient (the @anthropic-ai/sdk) pointed at the
// local Claude stand-in, on the default config with a fixed budget.

/**
 * @param {Awaited<ReturnType<typeof import('./dist.js').loadDist>>} dist
 * @param {import('../lib/core/review/change-set.js').ChangeSet} change
 * @param {{ baseURL: string, maxCalls: number, progress?: (m: string) => void }} options
 */
export async function ourReview(dist, change, { baseURL, maxCalls, progress }) {
  const config = dist.defaultConfig();
  config.budget.max_calls = maxCalls;
  // Only max_calls may limit the run: tokens and dollars are set out of reach.
  config.budget.max_total_tokens = 1_000_000_000;
  config.budget.max_usd = 1_000_000;

  const model = standInModel(dist, config, baseURL);

  const result = await dist.reviewChangeSet(change, { config, model, progress });

  const skipped = {};
  for (const s of result.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  const notReviewable = new Set(result.skipped.filter((s) => s.reason !== 'budget').map((s) => s.path));
  const leftOut = new Set(result.skipped.filter((s) => s.reason === 'budget').map((s) => s.path));
  const reviewablePaths = change.files.map((f) => f.path).filter((p) => !notReviewable.has(p));

  return {
    reviewablePaths,
    reachedPaths: reviewablePaths.filter((p) => !leftOut.has(p)),
    changedFiles: result.stats.changedFiles,
    changedLines: result.stats.changedLines,
    reviewable: reviewablePaths.length,
    reached: result.stats.reviewedFiles,
    skipped,
    ledgerCalls: result.usage.calls,
    inputTokens: result.usage.inputTokens,
    budget: config.budget.max_input_tokens_per_call,
    model: result.model,
  };
}

/**
 * A real ModelClient on the Anthropic platform, pointed at the stand-in at `baseURL`, with a fresh ledger on
 * `config`'s budget (as each job's client has).
 * @param {Awaited<ReturnType<typeof import('./dist.js').loadDist>>} dist
 * @param {ReturnType<Awaited<ReturnType<typeof import('./dist.js').loadDist>>['defaultConfig']>} config
 * @param {string} baseURL
 */
export function standInModel(dist, config, baseURL) {
  return new dist.ModelClient({
    // What platformFromEnv returns for ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL.
    platform: { provider: 'anthropic', apiKey: 'bench-not-a-real-key', baseURL },
    model: config.model,
    maxRetries: 0,
    timeoutMs: config.budget.timeout_seconds * 1000,
    ledger: new dist.UsageLedger(
      {
        maxCalls: config.budget.max_calls,
        maxTotalTokens: config.budget.max_total_tokens,
        maxUsd: config.budget.max_usd,
      },
      config.prices,
    ),
  });
}
