import { describe, expect, test } from '@jest/globals';
import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { runAgent, type AgentOptions } from '../../../src/core/agent/run-agent.js';
import type { AgentTools, ToolCall } from '../../../src/core/agent/types.js';
import { ModelClient } from '../../../src/core/model/client.js';
import { UsageLedger } from '../../../src/core/model/ledger.js';
import { apiError, mockClaude, textReply, anthropicPlatform } from '../../helpers/claude-fake.js';

const usage = {
  input_tokens: 1000,
  output_tokens: 100,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function toolUseReply(calls: Array<{ id: string; name: string; input: unknown }>, text = '') {
  return {
    id: `msg_${calls[0]?.id ?? 'x'}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [
      ...(text ? [{ type: 'text', text }] : []),
      ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input })),
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage,
  };
}

/** Tools that echo what they are asked, recording the calls; `slow` waits for the signal. */
function echoTools(outputFor: (call: ToolCall) => string = (c) => `ran ${JSON.stringify(c.input)}`) {
  const calls: ToolCall[] = [];
  const tools: AgentTools = {
    definitions: [
      { name: 'echo', description: 'Echoes its input.', input_schema: { type: 'object', properties: {} } },
    ],
    async run(call): Promise<ToolResultBlockParam> {
      calls.push(call);
      return { type: 'tool_result', tool_use_id: call.id, content: outputFor(call) };
    },
  };
  return { tools, calls };
}

function model(budget: Partial<{ maxCalls: number; maxTotalTokens: number; maxUsd: number }> = {}) {
  return new ModelClient({
    platform: anthropicPlatform('sk-ant-test-key'),
    model: 'claude-sonnet-5-5',
    maxRetries: 0,
    timeoutMs: 10_000,
    ledger: new UsageLedger({ maxCalls: 50, maxTotalTokens: 10_000_000, maxUsd: 100, ...budget }),
  });
}

const base = (overrides: Partial<AgentOptions> & Pick<AgentOptions, 'tools' | 'model'>): AgentOptions => ({
  system: 'You fix issues.',
  task: 'Fix the bug.',
  maxTurns: 10,
  maxOutputTokens: 4096,
  ...overrides,
});

describe('runAgent', () => {
  test('runs every tool call and answers it by id until the model replies without one', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply([{ id: 'tu_1', name: 'echo', input: { n: 1 } }], 'Looking.'))
      .expectMessage(
        200,
        toolUseReply([
          { id: 'tu_2', name: 'echo', input: { n: 2 } },
          { id: 'tu_3', name: 'echo', input: { n: 3 } },
        ]),
      )
      .expectMessage(200, textReply('Fixed the off-by-one in src/a.ts.'));
    const { tools, calls } = echoTools();

    const run = await runAgent(base({ tools, model: model() }));

    expect(run).toMatchObject({
      stopReason: 'done',
      turns: 3,
      toolCalls: 3,
      finalText: 'Fixed the off-by-one in src/a.ts.',
    });
    expect(calls.map((c) => c.input)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const third = claude.requests[2]!;
    const lastUser = third.messages.at(-1);
    expect(lastUser.role).toBe('user');
    expect(lastUser.content.map((b: { tool_use_id: string }) => b.tool_use_id)).toEqual(['tu_2', 'tu_3']);
    expect(lastUser.content[1].content).toBe('ran {"n":3}');
    expect(third.tools.map((t: { name: string }) => t.name)).toEqual(['echo']);
    expect(third.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
  });

  test('one cache breakpoint moves to the newest turn; the system prompt keeps its own', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply([{ id: 'tu_1', name: 'echo', input: {} }]))
      .expectMessage(200, toolUseReply([{ id: 'tu_2', name: 'echo', input: {} }]))
      .expectMessage(200, textReply('done'));
    await runAgent(base({ tools: echoTools().tools, model: model() }));

    for (const request of claude.requests) {
      expect(request.system[0].cache_control).toEqual({ type: 'ephemeral' });
      const marked = request.messages.flatMap((m: { content: Array<Record<string, unknown>> }, i: number) =>
        m.content.flatMap((b, j) => (b.cache_control ? [[i, j]] : [])),
      );
      const last = request.messages.length - 1;
      expect(marked).toEqual([[last, request.messages[last].content.length - 1]]);
    }
    expect(claude.requests.map((r) => r.messages.length)).toEqual([1, 3, 5]);
  });

  test('stops after max turns with the reason, having answered every tool call', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply([{ id: 'tu_1', name: 'echo', input: {} }]))
      .expectMessage(200, toolUseReply([{ id: 'tu_2', name: 'echo', input: {} }]));
    const { tools, calls } = echoTools();
    const run = await runAgent(base({ tools, model: model(), maxTurns: 2 }));
    expect(run).toMatchObject({ stopReason: 'max-turns', turns: 2, toolCalls: 2 });
    expect(run.stopDetail).toContain('2 turns');
    expect(calls).toHaveLength(2);
    expect(claude.scope.isDone()).toBe(true);
  });

  test('a call that could pass the USD budget is not made: the run stops with reason budget', async () => {
    const firstReply = toolUseReply([{ id: 'tu_1', name: 'echo', input: {} }]);
    const claude = mockClaude().expectMessage(200, {
      ...firstReply,
      usage: { ...usage, input_tokens: 20_000 }, // $0.04 spent at claude-sonnet-5-5 prices ($2 in, $10 out)
    });
    // Enough for the first call's worst case (4096 output tokens ≈ $0.04), not for a second one on top.
    const run = await runAgent(base({ tools: echoTools().tools, model: model({ maxUsd: 0.06 }) }));
    expect(run.stopReason).toBe('budget');
    expect(run.stopDetail).toMatch(/budget of \$0\.06/);
    expect(run.turns).toBe(1);
    expect(claude.requests).toHaveLength(1);
  });

  test('a cancelled job stops the loop before the next call; a tool call still waiting is not run', async () => {
    const controller = new AbortController();
    mockClaude().expectMessage(
      200,
      toolUseReply([
        { id: 'tu_1', name: 'echo', input: {} },
        { id: 'tu_2', name: 'echo', input: {} },
      ]),
    );
    const { tools, calls } = echoTools((call) => {
      controller.abort();
      return `ran ${call.id}`;
    });
    const run = await runAgent(base({ tools, model: model(), signal: controller.signal }));
    expect(run.stopReason).toBe('cancelled');
    expect(calls.map((c) => c.id)).toEqual(['tu_1']);
    expect(run.toolCalls).toBe(2);
  });

  test('a long tool output reaches the model cut, with its beginning, its end and what was left out', async () => {
    const claude = mockClaude()
      .expectMessage(200, toolUseReply([{ id: 'tu_1', name: 'echo', input: {} }]))
      .expectMessage(200, textReply('ok'));
    const long = `FIRST LINE\n${'x'.repeat(50_000)}\nFAILED: 3 tests`;
    await runAgent(base({ tools: echoTools(() => long).tools, model: model(), maxToolResultChars: 1000 }));
    const sent: string = claude.requests[1]!.messages.at(-1).content[0].content;
    expect(sent.length).toBeLessThan(1100);
    expect(sent.startsWith('FIRST LINE')).toBe(true);
    expect(sent.endsWith('FAILED: 3 tests')).toBe(true);
    expect(sent).toMatch(/… \d+ characters omitted …/);
  });

  test('an answer cut at max_tokens without a tool call ends the run with that reason', async () => {
    mockClaude().expectMessage(200, { ...textReply('I will now'), stop_reason: 'max_tokens' });
    const run = await runAgent(base({ tools: echoTools().tools, model: model() }));
    expect(run).toMatchObject({ stopReason: 'max-tokens', finalText: 'I will now' });
  });

  test('an overloaded API (529 after the retries) is an error with one readable line', async () => {
    mockClaude().expectMessage(529, apiError('overloaded_error', 'Overloaded'));
    await expect(runAgent(base({ tools: echoTools().tools, model: model() }))).rejects.toThrow(/overloaded/i);
  });
});
