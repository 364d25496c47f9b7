import { PullwiseError } from '../errors.js';
import { emptyUsage, type Usage } from './usage.js';
import { costUsd, priceFor, type ModelPrice } from './prices.js';

export interface Budget {
  maxCalls: number;
  maxTotalTokens: number;
  maxUsd: number;
}

export class BudgetExceededError extends PullwiseError {
  constructor(message: string) {
    super(message, 'budget');
    this.name = 'BudgetExceededError';
  }
}

/** The usage reported by the Messages API (cache fields may be null or absent on gateways). */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/**
 * Counts what a job spends and refuses a call that could take it past its budget: the check happens BEFORE
 * each call, against the worst case of that call (its input plus max_tokens of output).
 */
export class UsageLedger {
  readonly usage: Usage = emptyUsage();
  private readonly unknownModels = new Set<string>();

  constructor(
    readonly budget: Budget,
    private readonly prices: Record<string, ModelPrice> = {},
  ) {}

  /** Throws BudgetExceededError when a call of this size could break a cap. */
  reserve(model: string, estimatedInputTokens: number, maxOutputTokens: number): void {
    const {
      calls,
      inputTokens,
      outputTokens,
      cacheReadTokens,
      cacheWriteTokens,
      costUsd: spent,
    } = this.usage;
    if (calls + 1 > this.budget.maxCalls) {
      throw new BudgetExceededError(`the budget of ${this.budget.maxCalls} model calls per job is used up`);
    }
    const tokensSoFar = inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    if (tokensSoFar + estimatedInputTokens + maxOutputTokens > this.budget.maxTotalTokens) {
      throw new BudgetExceededError(
        `the next model call could pass the budget of ${this.budget.maxTotalTokens} tokens per job ` +
          `(${tokensSoFar} used)`,
      );
    }
    const { price } = priceFor(model, this.prices);
    // Worst case: the whole input written to the cache (the dearest input rate) plus a full-length answer.
    const worstCase = costUsd(price, {
      input: 0,
      output: maxOutputTokens,
      cacheWrite: estimatedInputTokens,
      cacheRead: 0,
    });
    if (spent + worstCase > this.budget.maxUsd) {
      throw new BudgetExceededError(
        `the next model call could pass the budget of $${this.budget.maxUsd.toFixed(2)} per job ` +
          `($${spent.toFixed(4)} spent)`,
      );
    }
  }

  record(model: string, apiUsage: ApiUsage): void {
    const { price, known } = priceFor(model, this.prices);
    if (!known) this.unknownModels.add(model);
    const tokens = {
      input: apiUsage.input_tokens,
      output: apiUsage.output_tokens,
      cacheWrite: apiUsage.cache_creation_input_tokens ?? 0,
      cacheRead: apiUsage.cache_read_input_tokens ?? 0,
    };
    this.usage.calls += 1;
    this.usage.inputTokens += tokens.input;
    this.usage.outputTokens += tokens.output;
    this.usage.cacheWriteTokens += tokens.cacheWrite;
    this.usage.cacheReadTokens += tokens.cacheRead;
    this.usage.costUsd += costUsd(price, tokens);
  }

  /** Models priced with the fallback table (worth a warning: set `prices` in config). */
  get modelsWithoutPrice(): string[] {
    return [...this.unknownModels];
  }
}
