import { describe, expect, test } from '@jest/globals';
import { UsageLedger } from '../../../src/core/model/ledger.js';
import { priceFor } from '../../../src/core/model/prices.js';

describe('prices', () => {
  test.each([
    ['claude-sonnet-5-5', 2, true],
    ['claude-sonnet-4-5-20250929', 3, true],
    ['claude-haiku-4-5', 1, true],
    ['claude-opus-4-1-20250805', 15, true],
    ['my-local-model', 15, false],
  ])('%s costs $%d per million input tokens (known: %s)', (model, input, known) => {
    const found = priceFor(model);
    expect(found.price.input).toBe(input);
    expect(found.known).toBe(known);
  });

  test('config prices override the built-in table', () => {
    const custom = { input: 1, output: 2, cache_write: 3, cache_read: 4 };
    expect(priceFor('claude-sonnet-5-5', { 'claude-sonnet-5-5': custom }).price).toEqual(custom);
  });
});

describe('the usage ledger', () => {
  test('adds up tokens and dollars over calls, cache reads and writes included', () => {
    const ledger = new UsageLedger({ maxCalls: 10, maxTotalTokens: 1e9, maxUsd: 100 });
    ledger.record('claude-sonnet-5-5', { input_tokens: 1_000_000, output_tokens: 0 });
    ledger.record('claude-sonnet-5-5', {
      input_tokens: 0,
      output_tokens: 1_000_000,
      cache_creation_input_tokens: 1_000_000,
      cache_read_input_tokens: 1_000_000,
    });
    expect(ledger.usage).toEqual({
      calls: 2,
      inputTokens: 1_000_000,
      outputTokens: 1_000_000,
      cacheWriteTokens: 1_000_000,
      cacheReadTokens: 1_000_000,
      costUsd: 2 + 10 + 2.5 + 0.1,
    });
  });

  test.each([
    [{ maxCalls: 1, maxTotalTokens: 1e9, maxUsd: 100 }, /model calls/],
    [{ maxCalls: 10, maxTotalTokens: 5_000, maxUsd: 100 }, /5000 tokens/],
    [{ maxCalls: 10, maxTotalTokens: 1e9, maxUsd: 0.01 }, /\$0\.01 per job/],
  ])('refuses a call that could break a cap (%o)', (budget, message) => {
    const ledger = new UsageLedger(budget);
    ledger.record('claude-sonnet-5-5', { input_tokens: 1000, output_tokens: 100 });
    expect(() => ledger.reserve('claude-sonnet-5-5', 4_000, 2_000)).toThrow(message);
  });

  test('notes models priced with the fallback rate', () => {
    const ledger = new UsageLedger({ maxCalls: 10, maxTotalTokens: 1e9, maxUsd: 100 });
    ledger.record('local-llm', { input_tokens: 10, output_tokens: 10 });
    expect(ledger.modelsWithoutPrice).toEqual(['local-llm']);
  });
});
