import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { estimateRequestTokens } from '../../../src/core/model/token-estimate.js';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import { ToolBox } from '../../../src/core/tools/toolbox.js';
import { ANTHROPIC, apiError, submitReviewReply, textReply } from '../../helpers/claude-fake.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  expect(nock.pendingMocks()).toEqual([]);
});

async function fixture(base: Record<string, string>, head: Record<string, string>) {
  const result = await changeBetween(base, head);
  cleanups.push(() => result.repo.cleanup());
  return result;
}

type Body = Record<string, any>;

/**
 * Claude under nock, answering each POST /v1/messages by what it was sent (the parts a plan makes are known
 * only once sent); every body is kept, in order.
 */
function claudeAnswering(answer: (body: Body, n: number) => unknown) {
  const requests: Body[] = [];
  nock(ANTHROPIC)
    .persist()
    .post('/v1/messages')
    .reply(200, (_uri, body) => {
      requests.push(body as Body);
      return answer(body as Body, requests.length) as nock.Body;
    });
  return requests;
}

/** A gateway without count_tokens: the review falls back on its local estimate, asked once. */
function withoutCountTokens() {
  nock(ANTHROPIC).post('/v1/messages/count_tokens').reply(404, apiError('not_found_error', 'Not found'));
}

/** The text of a request's first user turn, whatever its shape (a string, or text blocks). */
function partText(body: Body): string {
  const content = body.messages[0].content;
  return typeof content === 'string' ? content : content.map((b: { text?: string }) => b.text ?? '').join('');
}

const filesIn = (body: Body) => [...partText(body).matchAll(/=== (\S+) \(/g)].map((m) => m[1]!);

const MANY = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`f${i}.ts`, numberedLines(60, `file ${i} line`)]),
);
const MANY_CHANGED = Object.fromEntries(
  Object.entries(MANY).map(([p, text]) => [p, text.replace(/line (\d*5)\n/g, 'line $1 edited\n')]),
);

describe('a broken answer on the last model call the budget allows', () => {
  test('keeps its valid comments and reports the invalid ones, within budget.max_calls', async () => {
    const { change } = await fixture(MANY, MANY_CHANGED);
    const config = testConfig((c) => {
      c.budget.max_input_tokens_per_call = 4_000;
      c.budget.max_calls = 2;
      c.review.context_lines = 0;
    });
    withoutCountTokens();
    const requests = claudeAnswering((body, n) => {
      if (n === 1) return submitReviewReply({ summary: 'Part one.', comments: [] });
      const [file] = filesIn(body);
      return submitReviewReply({
        summary: 'Part two.',
        comments: [
          { path: file, line: 5, severity: 'major', body: 'Line 5 is wrong.' },
          { path: file, line: 15, severity: 'minor', body: 'Line 15 is fragile.' },
          { path: 'nope.ts', line: 3, severity: 'major', body: 'A file that is not in the diff.' },
          { path: file, line: 25, severity: 'blocker', body: 'Not a severity the schema knows.' },
        ],
      });
    });
    const result = await reviewChangeSet(change, { config, model: testModel(config) });

    expect(requests).toHaveLength(2);
    expect(result.usage.calls).toBeLessThanOrEqual(config.budget.max_calls);
    const [file] = filesIn(requests[1]!);
    expect(result.comments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: file, line: 5, body: 'Line 5 is wrong.', source: 'model' }),
        expect.objectContaining({ path: file, line: 15, body: 'Line 15 is fragile.', source: 'model' }),
      ]),
    );
    expect(result.unanchored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'nope.ts', line: 3, reason: 'the file is not part of this change' }),
        expect.objectContaining({
          path: file,
          line: 25,
          severity: 'minor',
          reason: expect.stringMatching(/broke the submit_review schema \(comments\[3\]\.severity/),
        }),
      ]),
    );
    expect(result.summary).toContain('Part two.');
    expect(result.summary).toMatch(
      /broke the review contract \(comments\[2\]\.path: nope\.ts is not a file shown in this part; comments\[3\]\.severity: .*\), and no model call was left to ask for a correction \(budget\.max_calls\): 2 valid comments kept; 2 broken comments listed/,
    );
    // The second part was reviewed: only the parts past the cap are skipped for budget.
    const skipped = result.skipped.map((s) => s.path);
    for (const path of filesIn(requests[1]!)) expect(skipped).not.toContain(path);
  });

  test('without a submit_review call, names its files as having no model review and sends nothing more', async () => {
    const { change } = await fixture({ 'a.ts': MANY['f0.ts']! }, { 'a.ts': MANY_CHANGED['f0.ts']! });
    const config = testConfig((c) => (c.budget.max_calls = 1));
    const requests = claudeAnswering(() => textReply('Looks fine to me.'));
    const result = await reviewChangeSet(change, { config, model: testModel(config) });

    expect(requests).toHaveLength(1);
    expect(result.usage.calls).toBe(1);
    expect(result.summary).toContain(
      "The model's answer for a.ts broke the review contract (the model answered without calling submit_review (stop reason: end_turn)), and no model call was left to ask for a correction (budget.max_calls); those files have no model findings.",
    );
    expect(result.model).toBe('partial');
    expect(result.stats.reviewedFiles).toBe(0);
  });

  test('a correction that brings no usable answer keeps the valid comments of the first', async () => {
    const { change } = await fixture({ 'a.ts': MANY['f0.ts']! }, { 'a.ts': MANY_CHANGED['f0.ts']! });
    const config = testConfig();
    const requests = claudeAnswering((_body, n) =>
      n === 1
        ? submitReviewReply({
            summary: 'One real finding.',
            comments: [
              { path: 'a.ts', line: 5, severity: 'major', body: 'Line 5 is wrong.' },
              { path: 'elsewhere.ts', line: 1, severity: 'minor', body: 'Not in the diff.' },
            ],
          })
        : textReply('I stand by my review.'),
    );
    const result = await reviewChangeSet(change, { config, model: testModel(config) });

    expect(requests).toHaveLength(2);
    expect(result.comments).toEqual([expect.objectContaining({ path: 'a.ts', line: 5, source: 'model' })]);
    expect(result.unanchored).toEqual([
      expect.objectContaining({ path: 'elsewhere.ts', reason: 'the file is not part of this change' }),
    ]);
    expect(result.summary).toMatch(
      /broke the review contract twice \(comments\[1\]\.path: elsewhere\.ts .*; the correction: the model answered without calling submit_review/,
    );
    expect(result.model).toBe('reviewed');
  });
});

describe('the per-call input limit', () => {
  // Added lines enough for several parts, each filled close to the limit.
  const BIG = numberedLines(1_200, 'export const value_of_line =');

  /** A broken answer about as long as a reply may be: many long comments, one on a file not in the diff. */
  function longBrokenAnswer(path: string) {
    const comments = Array.from({ length: 40 }, (_, i) => ({
      path,
      line: i + 1,
      severity: 'minor',
      body: `Finding ${i}: ${'this constant deserves a clearer name and a comment on its unit. '.repeat(5)}`,
    }));
    comments.push({ path: 'nope.ts', line: 1, severity: 'major', body: 'A file that is not in the diff.' });
    return { summary: 'Long answer.', comments };
  }

  test('holds for a retry of a part sized near the limit: the retry leaves the rejected answer out', async () => {
    const { change } = await fixture({ 'keep.txt': 'x\n' }, { 'big.ts': BIG });
    const config = testConfig((c) => (c.budget.max_input_tokens_per_call = 8_000));
    withoutCountTokens();
    const requests = claudeAnswering((body, n) => {
      if (n === 1) return submitReviewReply(longBrokenAnswer('big.ts'));
      if (n === 2) {
        return submitReviewReply({
          summary: 'Corrected.',
          comments: [{ path: 'big.ts', line: 7, severity: 'minor', body: 'Corrected finding.' }],
        });
      }
      return submitReviewReply({ summary: `Part ${n}.`, comments: [] });
    });
    const result = await reviewChangeSet(change, { config, model: testModel(config) });

    const limit = config.budget.max_input_tokens_per_call;
    // Sizes by the code's own estimate (estimateRequestTokens, 3 characters a token), as it plans every call.
    const sizes = requests.map((r) => estimateRequestTokens(r as any));
    expect(sizes[0]).toBeGreaterThan(0.75 * limit);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(limit);
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.length).toBeLessThanOrEqual(config.budget.max_calls);

    const retry = requests[1]!;
    expect(partText(retry)).toContain(partText(requests[0]!));
    expect(retry.messages.map((m: { role: string }) => m.role)).toEqual(['user']);
    expect(JSON.stringify(retry)).not.toContain('Finding 39');
    expect(retry.messages[0].content.at(-1).text).toMatch(
      /was rejected .*comments\[40\]\.path: nope\.ts is not a file shown in this part/,
    );
    expect(result.comments).toEqual([expect.objectContaining({ line: 7, body: 'Corrected finding.' })]);
    expect(result.unanchored).toEqual([]);
    expect(result.model).toBe('reviewed');
  });

  test('holds for a retry with reading tools: the reading turns are left out when they would not fit', async () => {
    const { repo, change } = await fixture({ 'keep.txt': 'x\n' }, { 'big.ts': BIG });
    const box = new ToolBox({ root: repo.dir, readOnly: true, ripgrep: false });
    const config = testConfig((c) => (c.budget.max_input_tokens_per_call = 12_000));
    withoutCountTokens();
    const requests = claudeAnswering((_body, n) => {
      if (n === 1) {
        const id = 'toolu_view';
        return {
          ...submitReviewReply({}, id),
          content: [{ type: 'tool_use', id, name: 'view_file', input: { path: 'big.ts' } }],
        };
      }
      if (n === 2) return submitReviewReply(longBrokenAnswer('big.ts'), 'toolu_submit');
      if (n === 3) {
        return submitReviewReply({
          summary: 'Corrected.',
          comments: [{ path: 'big.ts', line: 7, severity: 'minor', body: 'Corrected finding.' }],
        });
      }
      return submitReviewReply({ summary: `Part ${n}.`, comments: [] });
    });
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      tools: { box, maxTurns: 4 },
    });

    const limit = config.budget.max_input_tokens_per_call;
    const sizes = requests.map((r) => estimateRequestTokens(r as any));
    // The reading turn filled the conversation up to the limit; the retry starts again from the part.
    expect(sizes[1]).toBeGreaterThan(0.85 * limit);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(limit);
    const retry = requests[2]!;
    expect(retry.tool_choice).toEqual({ type: 'tool', name: 'submit_review' });
    expect(retry.messages.map((m: { role: string }) => m.role)).toEqual(['user']);
    expect(retry.messages[0].content.at(-1).text).toMatch(/was rejected .*nope\.ts/);
    expect(result.comments).toEqual([expect.objectContaining({ line: 7, body: 'Corrected finding.' })]);
  });
});
