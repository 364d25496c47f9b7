import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { ModelClient } from '../../../src/core/model/client.js';
import { UsageLedger } from '../../../src/core/model/ledger.js';
import { apiError, mockClaude, submitReviewReply, anthropicPlatform } from '../../helpers/claude-fake.js';
import { failure } from '../../helpers/pullwise-failure.js';

const request = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'review this' }] };

function client(
  options: { maxRetries?: number; timeoutMs?: number; baseURL?: string; maxCalls?: number } = {},
) {
  return new ModelClient({
    platform: anthropicPlatform('sk-ant-test', options.baseURL),
    model: 'claude-sonnet-5-5',
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs ?? 10_000,
    ledger: new UsageLedger({ maxCalls: options.maxCalls ?? 10, maxTotalTokens: 1_000_000, maxUsd: 10 }),
  });
}

afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe('the model client', () => {
  test('waits as long as retry-after says after a 429, then succeeds', async () => {
    const claude = mockClaude()
      .expectMessage(429, apiError('rate_limit_error', 'slow down'), { 'retry-after': '1' })
      .expectReview({ summary: 'ok', comments: [] });
    const started = Date.now();
    const reply = await client().createMessage(request, { estimatedInputTokens: 10 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(reply.content[0]).toMatchObject({ type: 'tool_use', name: 'submit_review' });
    expect(claude.requests).toHaveLength(2);
  });

  test('retries a 529 overloaded answer', async () => {
    mockClaude()
      .expectMessage(529, apiError('overloaded_error', 'Overloaded'))
      .expectReview({ summary: 'ok', comments: [] });
    const model = client();
    await model.createMessage(request, { estimatedInputTokens: 10 });
    expect(model.ledger.usage.calls).toBe(1);
  });

  test('gives up on a lasting 529 with one readable error', async () => {
    mockClaude()
      .expectMessage(529, apiError('overloaded_error', 'Overloaded'))
      .expectMessage(529, apiError('overloaded_error', 'Overloaded'));
    const error = await failure(
      client({ maxRetries: 1 }).createMessage(request, { estimatedInputTokens: 10 }),
    );
    expect(error.code).toBe('overloaded');
    expect(error.message).toBe(
      'the Anthropic API is overloaded (529 after 1 retries: Overloaded); try again later',
    );
  });

  test('does not retry a rejected API key', async () => {
    const claude = mockClaude().expectMessage(401, apiError('authentication_error', 'invalid x-api-key'));
    const error = await failure(client().createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/rejected the API key \(401: invalid x-api-key\); check ANTHROPIC_API_KEY/);
    expect(claude.requests).toHaveLength(1);
  });

  test('retries connection errors and then names the server it could not reach', async () => {
    nock('https://api.anthropic.com').post('/v1/messages').times(2).replyWithError('socket hang up');
    const error = await failure(
      client({ maxRetries: 1 }).createMessage(request, { estimatedInputTokens: 10 }),
    );
    expect(error.code).toBe('connection');
    expect(error.message).toContain('https://api.anthropic.com');
  });

  test('sends requests to ANTHROPIC_BASE_URL when one is given', async () => {
    const claude = mockClaude('http://gateway.internal:8080').expectReview({ summary: 'ok', comments: [] });
    await client({ baseURL: 'http://gateway.internal:8080' }).createMessage(request, {
      estimatedInputTokens: 10,
    });
    expect(claude.requests).toHaveLength(1);
  });

  test('a call slower than its timeout fails with a timeout error', async () => {
    nock('https://api.anthropic.com')
      .post('/v1/messages')
      .delay(1_000)
      .reply(200, submitReviewReply({ summary: 'late', comments: [] }));
    const error = await failure(
      client({ maxRetries: 0, timeoutMs: 100 }).createMessage(request, { estimatedInputTokens: 10 }),
    );
    expect(error.code).toBe('timeout');
    nock.abortPendingRequests();
  });

  test('an AbortSignal cancels a call in flight', async () => {
    nock('https://api.anthropic.com')
      .post('/v1/messages')
      .delay(2_000)
      .reply(200, submitReviewReply({ summary: 'late', comments: [] }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      client().createMessage(request, { estimatedInputTokens: 10, signal: controller.signal }),
    );
    expect(error.code).toBe('cancelled');
    nock.abortPendingRequests();
  });

  test('refuses a call past the budget before sending anything', async () => {
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const model = client({ maxCalls: 1 });
    await model.createMessage(request, { estimatedInputTokens: 10 });
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.code).toBe('budget');
    expect(error.message).toBe('the budget of 1 model calls per job is used up');
  });

  test('uses count_tokens when the server has it, and stops asking when it does not', async () => {
    nock('https://api.anthropic.com').post('/v1/messages/count_tokens').reply(200, { input_tokens: 4321 });
    const model = client();
    expect(await model.countTokens(request)).toBe(4321);
    nock('https://api.anthropic.com')
      .post('/v1/messages/count_tokens')
      .reply(404, apiError('not_found_error', 'no'));
    expect(await model.countTokens(request)).toBeNull();
    expect(await model.countTokens(request)).toBeNull(); // not asked again: no mock left to answer
  });
});
