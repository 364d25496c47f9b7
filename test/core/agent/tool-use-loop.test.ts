import { describe, expect, test } from '@jest/globals';
import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { toolUseLoop, type ToolUseLoopOptions } from '../../../src/core/agent/tool-use-loop.js';
import type { ToolCall } from '../../../src/core/agent/types.js';
import { PullwiseError } from '../../../src/core/errors.js';
import { ModelClient } from '../../../src/core/model/client.js';
import { BudgetExceededError, UsageLedger } from '../../../src/core/model/ledger.js';
import { mockClaude, textReply, toolUseReply, anthropicPlatform } from '../../helpers/claude-fake.js';

function model(maxCalls = 20) {
  return new ModelClient({
    platform: anthropicPlatform('sk-ant-test-key'),
    model: 'claude-sonnet-5-5',
    maxRetries: 0,
    timeoutMs: 10_000,
    ledger: new UsageLedger({ maxCalls, maxTotalTokens: 10_000_000, maxUsd: 100 }),
  });
}

function twoCalls() {
  const reply = toolUseReply('tu_1', 'echo', { n: 1 });
  reply.content.push({ type: 'tool_use', id: 'tu_2', name: 'echo', input: { n: 2 } });
  return reply;
}

function loop(overrides: Partial<ToolUseLoopOptions<string>>): Promise<string> {
  return toolUseLoop<string>({
    model: model(),
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Task.' }] }],
    request: () => ({ max_tokens: 1000, system: 'You help.' }),
    runTool: async (call: ToolCall): Promise<ToolResultBlockParam> => ({
      type: 'tool_result',
      tool_use_id: call.id,
      content: `ran ${call.id}`,
    }),
    decide: ({ calls, text }) => (calls.length > 0 ? { run: 10_000 } : { stop: text }),
    ...overrides,
  });
}

describe('toolUseLoop', () => {
  test('a call waiting when the job is cancelled is not run, and the next call ends the loop', async () => {
    const controller = new AbortController();
    const claude = mockClaude().expectMessage(200, twoCalls()).expectMessage(200, textReply('never'));
    const ran: string[] = [];
    const result = await loop({
      signal: controller.signal,
      runTool: async (call) => {
        ran.push(call.id);
        controller.abort();
        return { type: 'tool_result', tool_use_id: call.id, content: 'ok' };
      },
      onError: (error) =>
        error instanceof PullwiseError && error.code === 'cancelled' ? 'cancelled' : undefined,
    });
    expect(ran).toEqual(['tu_1']);
    expect(result).toBe('cancelled');
    expect(claude.requests).toHaveLength(1);
  });

  test('answers a turn without running it, restarts from another conversation, and stops', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('tu_1', 'echo', {}))
      .expectMessage(200, toolUseReply('tu_2', 'echo', {}))
      .expectMessage(200, textReply('done'));
    const ran: string[] = [];
    const result = await loop({
      runTool: async (call) => {
        ran.push(call.id);
        return { type: 'tool_result', tool_use_id: call.id, content: 'ok' };
      },
      decide: ({ turn, calls, text }) => {
        if (turn === 1) {
          return {
            answer: calls.map((c) => ({ type: 'tool_result', tool_use_id: c.id, content: 'not run' })),
          };
        }
        if (turn === 2) return { restart: [{ role: 'user', content: [{ type: 'text', text: 'Shorter.' }] }] };
        return { stop: text };
      },
    });
    expect(result).toBe('done');
    expect(ran).toEqual([]);
    expect(claude.requests[1]!.messages.at(-1).content[0]).toMatchObject({
      tool_use_id: 'tu_1',
      content: 'not run',
    });
    expect(claude.requests[2]!.messages).toHaveLength(1);
    expect(claude.requests[2]!.messages[0].content[0].text).toBe('Shorter.');
  });

  test('before each turn the caller may stop; a model error becomes a result or is rethrown', async () => {
    mockClaude().expectMessage(200, toolUseReply('tu_1', 'echo', {}));
    expect(await loop({ beforeTurn: (turn) => (turn > 1 ? 'limit' : undefined) })).toBe('limit');

    const budget = () =>
      loop({
        model: model(0),
        onError: (error) => (error instanceof BudgetExceededError ? 'budget' : undefined),
      });
    expect(await budget()).toBe('budget');
    await expect(loop({ model: model(0) })).rejects.toBeInstanceOf(BudgetExceededError);
  });

  test('each result is cut to the size the caller chose, before the model reads it', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('tu_1', 'echo', {}))
      .expectMessage(200, textReply('ok'));
    await loop({
      runTool: async (call) => ({ type: 'tool_result', tool_use_id: call.id, content: 'x'.repeat(5_000) }),
      decide: ({ calls, text }) => (calls.length > 0 ? { run: 1_000 } : { stop: text }),
    });
    const answered = claude.requests[1]!.messages.at(-1).content[0].content as string;
    expect(answered.length).toBeLessThan(1_100);
    expect(answered).toMatch(/characters omitted/);
  });
});
