import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { PullwiseError } from '../../../src/core/errors.js';
import { ModelClient, type ModelCallEvent } from '../../../src/core/model/client.js';
import { UsageLedger } from '../../../src/core/model/ledger.js';
import { apiError, mockClaude, anthropicPlatform } from '../../helpers/claude-fake.js';

const request = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'review this' }] };

function client(maxCalls = 10) {
  return new ModelClient({
    platform: anthropicPlatform('sk-ant-test'),
    model: 'claude-sonnet-5-5',
    maxRetries: 0,
    timeoutMs: 10_000,
    ledger: new UsageLedger({ maxCalls, maxTotalTokens: 1_000_000, maxUsd: 10 }),
  });
}

function observed(model: ModelClient): ModelCallEvent[] {
  const events: ModelCallEvent[] = [];
  model.observe({ onCall: (event) => events.push(event) });
  return events;
}

afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe('observing model calls', () => {
  test('an observer is told each call with its model, usage, cost and timing', async () => {
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const model = client();
    const events = observed(model);
    const before = Date.now();
    await model.createMessage(request, { estimatedInputTokens: 10 });

    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      model: 'claude-sonnet-5-5',
      responseModel: 'claude-sonnet-5-5',
      maxTokens: 100,
      usage: { input_tokens: 1200, output_tokens: 150, cache_creation_input_tokens: 900 },
    });
    expect(event!.error).toBeUndefined();
    // claude-sonnet-5-5: $2/M input, $10/M output, cache writes at 1.25x input.
    expect(event!.costUsd).toBeCloseTo((1200 * 2 + 150 * 10 + 900 * 2.5) / 1_000_000, 12);
    expect(event!.costUsd).toBeCloseTo(model.ledger.usage.costUsd, 12);
    expect(event!.startedAt).toBeGreaterThanOrEqual(before);
    expect(event!.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('a failed call is told with the readable error the caller gets, and no usage', async () => {
    mockClaude().expectMessage(401, apiError('authentication_error', 'invalid x-api-key'));
    const model = client();
    const events = observed(model);
    const thrown = await model.createMessage(request, { estimatedInputTokens: 10 }).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(PullwiseError);
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toBe(thrown);
    expect(events[0]!.error!.code).toBe('auth');
    expect(events[0]).toMatchObject({ costUsd: 0 });
    expect(events[0]!.usage).toBeUndefined();
  });

  test('a call the budget refuses is never sent, so nobody is told of it', async () => {
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const model = client(1);
    const events = observed(model);
    await model.createMessage(request, { estimatedInputTokens: 10 });
    await expect(model.createMessage(request, { estimatedInputTokens: 10 })).rejects.toThrow(/budget/);
    expect(events).toHaveLength(1);
  });

  test('an observer that throws changes nothing for the caller or the other observers', async () => {
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const model = client();
    model.observe({
      onCall() {
        throw new Error('metrics are broken');
      },
    });
    const events = observed(model);
    const reply = await model.createMessage(request, { estimatedInputTokens: 10 });
    expect(reply.content[0]).toMatchObject({ type: 'tool_use', name: 'submit_review' });
    expect(events).toHaveLength(1);
    expect(model.ledger.usage.calls).toBe(1);
  });
});
