import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { estimateRequestTokens } from '../../../src/core/model/token-estimate.js';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import { ToolBox } from '../../../src/core/tools/toolbox.js';
import { mockClaude, submitReviewReply } from '../../helpers/claude-fake.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  expect(nock.pendingMocks()).toEqual([]);
});

/** A reply in which Claude calls one of the reading tools. */
function toolUseReply(name: string, input: unknown, id: string) {
  return { ...submitReviewReply(input, id), content: [{ type: 'tool_use', id, name, input }] };
}

const MONEY = `export function parseAmount(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
`;
const CHECKOUT_BEFORE = `import { parseAmount } from './money.js';

export function total(items: string[]): number {
  return items.length;
}
`;
const CHECKOUT_AFTER = `import { parseAmount } from './money.js';

export function total(items: string[]): number {
  return items.reduce((sum, item) => sum + parseAmount(item)!, 0);
}
`;

/** The change under review, and the checkout of its head: the same real temp repo, at the head commit. */
async function checkoutFixture(
  base: Record<string, string> = { 'src/money.ts': MONEY, 'src/checkout.ts': CHECKOUT_BEFORE },
  head: Record<string, string> = { 'src/checkout.ts': CHECKOUT_AFTER },
) {
  const { repo, change } = await changeBetween(base, head);
  cleanups.push(() => repo.cleanup());
  return { change, box: new ToolBox({ root: repo.dir, readOnly: true, ripgrep: false }) };
}

const toolNames = (request: Record<string, any>) => request.tools.map((t: { name: string }) => t.name);
const lastUserBlocks = (request: Record<string, any>) => request.messages.at(-1).content as any[];

describe('the review with reading tools', () => {
  test('runs the tool calls on the checkout, sends back what they found, and ends with submit_review', async () => {
    const { change, box } = await checkoutFixture();
    const finding = {
      path: 'src/checkout.ts',
      line: 4,
      severity: 'major',
      body: '`parseAmount` returns null for text that is not a number; the `!` turns that into NaN.',
    };
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('search_code', { query: 'function parseAmount' }, 'toolu_search'))
      .expectMessage(200, toolUseReply('view_file', { path: 'src/money.ts' }, 'toolu_view'))
      .expectReview({ summary: 'Totals now parse amounts.', comments: [finding] });
    const config = testConfig();
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      tools: { box, maxTurns: 4 },
    });

    const [first, second, third] = claude.requests;
    expect(claude.requests).toHaveLength(3);
    expect(toolNames(first!)).toEqual(['view_file', 'search_code', 'list_files', 'submit_review']);
    expect(first!.tool_choice).toEqual({ type: 'auto' });
    const system = first!.system.map((block: { text: string }) => block.text).join('\n');
    expect(system).toContain('for reading context only');
    expect(system).toContain('comment only on lines of the diff shown');
    expect(system).toContain('at most 4 replies');

    // The search ran on the real checkout: its result names the file and line that define the function.
    expect(lastUserBlocks(second!)).toEqual([
      expect.objectContaining({ type: 'tool_result', tool_use_id: 'toolu_search' }),
    ]);
    expect(lastUserBlocks(second!)[0].content).toContain(
      'src/money.ts:1: export function parseAmount(text: string): number | null {',
    );
    // The file the model asked for, as it is in the checkout.
    const viewed = lastUserBlocks(third!)[0];
    expect(viewed).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_view' });
    expect(viewed.content).toContain('return Number.isFinite(value) ? value : null;');
    expect(viewed.is_error).toBeUndefined();

    // One moving cache breakpoint: on the newest message only.
    const breakpoints = third!.messages.flatMap((m: { content: any[] }, i: number) =>
      m.content.flatMap((b: { cache_control?: unknown }, j: number) => (b.cache_control ? [[i, j]] : [])),
    );
    expect(breakpoints).toEqual([[third!.messages.length - 1, 0]]);

    expect(result.comments).toEqual([
      expect.objectContaining({ path: 'src/checkout.ts', line: 4, side: 'RIGHT', severity: 'major' }),
    ]);
    expect(result.summary).toContain('Totals now parse amounts.');
    expect(result.model).toBe('reviewed');
    expect(result.usage.calls).toBe(3);
  });

  test('on the last allowed turn submit_review is forced, so a review always comes back', async () => {
    const { change, box } = await checkoutFixture();
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('list_files', {}, 'toolu_1'))
      .expectMessage(200, toolUseReply('list_files', { path: 'src' }, 'toolu_2'))
      .expectReview({ summary: 'Read enough.', comments: [] });
    const config = testConfig();
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      tools: { box, maxTurns: 3 },
    });

    expect(claude.requests.map((r) => r.tool_choice)).toEqual([
      { type: 'auto' },
      { type: 'auto' },
      { type: 'tool', name: 'submit_review' },
    ]);
    expect(lastUserBlocks(claude.requests[2]!)[0].content).toContain('src/money.ts');
    expect(result.model).toBe('reviewed');
    expect(result.summary).toContain('Read enough.');
  });

  test('a submission that breaks the contract is sent back once, and the retry must submit', async () => {
    const { change, box } = await checkoutFixture();
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('view_file', { path: 'src/money.ts' }, 'toolu_view'))
      .expectReview({
        summary: 's',
        comments: [{ path: 'src/checkout.ts', line: 'four', severity: 'major' }],
      })
      .expectReview({
        summary: 'fixed',
        comments: [{ path: 'src/checkout.ts', line: 4, severity: 'minor', body: 'Now valid.' }],
      });
    const config = testConfig();
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      tools: { box, maxTurns: 8 },
    });

    const retry = claude.requests[2]!;
    expect(retry.tool_choice).toEqual({ type: 'tool', name: 'submit_review' });
    expect(lastUserBlocks(retry)[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: 'toolu_01',
      is_error: true,
    });
    expect(lastUserBlocks(retry)[0].content).toMatch(/comments\[0\]\.line/);
    expect(result.comments).toEqual([expect.objectContaining({ line: 4, body: 'Now valid.' })]);
    expect(result.model).toBe('reviewed');
  });

  test('long tool outputs are cut so that no call passes budget.max_input_tokens_per_call', async () => {
    const big = numberedLines(3_000, 'export const constant_value =');
    const { change, box } = await checkoutFixture(
      { 'src/big.ts': big, 'src/checkout.ts': CHECKOUT_BEFORE },
      { 'src/checkout.ts': CHECKOUT_AFTER },
    );
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('view_file', { path: 'src/big.ts' }, 'toolu_big'))
      .expectReview({ summary: 's', comments: [] });
    const config = testConfig((c) => (c.budget.max_input_tokens_per_call = 6_000));
    await reviewChangeSet(change, { config, model: testModel(config), tools: { box, maxTurns: 4 } });

    const viewed = lastUserBlocks(claude.requests[1]!)[0].content as string;
    expect(viewed).toMatch(/… \d+ characters omitted …/);
    expect(viewed).toContain('1: export const constant_value = 1');
    expect(estimateRequestTokens(claude.requests[1] as any)).toBeLessThanOrEqual(6_000);
  });

  test('a budget that runs out between tool turns leaves the part unreviewed and says so, without throwing', async () => {
    const { change, box } = await checkoutFixture();
    const claude = mockClaude()
      .expectMessage(200, toolUseReply('view_file', { path: 'src/money.ts' }, 'toolu_1'))
      .expectMessage(200, toolUseReply('search_code', { query: 'total(' }, 'toolu_2'));
    const config = testConfig((c) => (c.budget.max_calls = 2));
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      tools: { box, maxTurns: 8 },
    });

    expect(claude.requests).toHaveLength(2);
    expect(result.usage.calls).toBe(2);
    expect(result.model).toBe('partial');
    expect(result.skipped).toEqual([{ path: 'src/checkout.ts', reason: 'budget' }]);
    expect(result.summary).toContain(
      'Stopped at part 1 of 1 of the model review: the budget of 2 model calls per job is used up.',
    );
    expect(result.stats.reviewedFiles).toBe(0);
  });
});
