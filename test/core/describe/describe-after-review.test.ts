import { afterEach, describe, expect, test } from '@jest/globals';
import { describeChangeSet } from '../../../src/core/describe/describe-change-set.js';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import { SUBMIT_REVIEW_TOOL, submitReviewTool } from '../../../src/core/review/submit-review-tool.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';
import { fakeClaude, noteOn } from './walkthrough-fake.js';

// A review asked for walkthrough notes writes them in its own calls; the walkthrough of the same head then
// needs only its merge call.

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Ten files of 80 lines with 26 of them rewritten: an ordinary pull request. */
async function ordinaryChange() {
  const base: Record<string, string> = {};
  const head: Record<string, string> = {};
  for (let i = 0; i < 10; i++) {
    const path = `src/${i < 4 ? 'http' : 'jobs'}/part${i}.ts`;
    base[path] = numberedLines(80, `export const value${i} =`);
    head[path] = base[path].replace(/^(export const value\d+ = (\d+))$/gm, (line, _l, n: string) =>
      Number(n) % 3 === 0 && Number(n) < 90 ? `${line} + retry(${n})` : line,
    );
  }
  const result = await changeBetween(base, head, 'Retry flaky calls\n\nWraps outgoing calls in a retry.');
  cleanups.push(() => result.repo.cleanup());
  return { change: result.change, paths: Object.keys(head).sort() };
}

describe('the review writes walkthrough notes', () => {
  test('with walkthroughNotes its tool has the walkthrough part, and the result carries one line per file', async () => {
    const { change, paths } = await ordinaryChange();
    const claude = fakeClaude();
    const config = testConfig();

    const review = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      walkthroughNotes: true,
    });

    const [call] = claude.calls;
    expect(call!.tool).toBe('submit_review');
    expect(call!.body.tools[0].input_schema.properties.walkthrough).toBeDefined();
    expect(call!.user).toContain('Also fill "walkthrough" in submit_review');
    expect(review.walkthroughNotes?.map((n) => n.path).sort()).toEqual(paths);
    expect(review.walkthroughNotes?.every((n) => n.note === noteOn(n.path))).toBe(true);
    expect(review.model).toBe('reviewed');
  });

  test('without it the tool schema and the prompt are exactly as before', async () => {
    const { change } = await ordinaryChange();
    const claude = fakeClaude();
    const config = testConfig();

    const review = await reviewChangeSet(change, { config, model: testModel(config) });

    expect(claude.calls[0]!.body.tools).toEqual([JSON.parse(JSON.stringify(SUBMIT_REVIEW_TOOL))]);
    expect(submitReviewTool({ walkthrough: false })).toEqual(SUBMIT_REVIEW_TOOL);
    expect(Object.keys(SUBMIT_REVIEW_TOOL.input_schema.properties as object)).toEqual([
      'summary',
      'comments',
      'addressed',
    ]);
    expect(claude.calls[0]!.user).not.toContain('walkthrough');
    expect(review.walkthroughNotes).toBeUndefined();
  });

  test('invalid note entries are ignored, and the review itself still keeps its contract', async () => {
    const { change } = await ordinaryChange();
    fakeClaude(() => ({
      input: {
        summary: 'Fine.',
        comments: [],
        walkthrough: [
          { path: 'src/http/part0.ts', note: ' wraps the call in retry ' },
          { path: 'src/nowhere.ts', note: 'not in the change' },
          { path: 'src/http/part1.ts', note: '' },
          { path: 'src/http/part2.ts' },
          'junk',
        ],
      },
    }));
    const config = testConfig();
    const review = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      walkthroughNotes: true,
    });
    expect(review.walkthroughNotes).toEqual([{ path: 'src/http/part0.ts', note: 'wraps the call in retry' }]);
    expect(review.model).toBe('reviewed');
    expect(review.summary).toBe('Fine.');
  });
});

describe('describing after the review', () => {
  test('with the review’s notes, exactly one merge call, without the diff, and a fraction of the review’s input', async () => {
    const { change, paths } = await ordinaryChange();
    const claude = fakeClaude();
    const config = testConfig();
    const client = testModel(config);

    const review = await reviewChangeSet(change, { config, model: client, walkthroughNotes: true });
    const w = await describeChangeSet(change, { config, model: client, fileNotes: review.walkthroughNotes });

    expect(claude.calls.map((c) => c.tool)).toEqual(['submit_review', 'submit_walkthrough']);
    const merge = claude.calls[1]!;
    expect(merge.user).not.toContain('<diff>');
    expect(merge.user).toContain(`- src/http/part0.ts: ${noteOn('src/http/part0.ts')}`);
    expect(w.rows.map((r) => r.paths[0])).toEqual(paths);
    expect(w.rows.every((r) => r.note === noteOn(r.paths[0]!))).toBe(true);
    expect(w.model).toBe('described');
    // The walkthrough reports its own call only, though the client's ledger holds the review's too.
    expect(w.usage.calls).toBe(1);
    expect(w.usage.inputTokens).toBe(merge.inputTokens);
    expect(w.usage.inputTokens).toBeLessThanOrEqual(0.1 * review.usage.inputTokens);

    // Described on its own, the same change costs a call that carries the diff.
    const own = await describeChangeSet(change, { config, model: testModel(config) });
    expect(claude.calls.slice(2).map((c) => c.tool)).toEqual(['submit_walkthrough']);
    expect(claude.calls[2]!.user).toContain('<diff>');
    expect(own.usage.inputTokens).toBeGreaterThan(3 * w.usage.inputTokens);

    // Against a review that writes no notes: the notes and the merge call add at most 10% of input.
    const plain = await reviewChangeSet(change, { config, model: testModel(config) });
    const extra = review.usage.inputTokens + w.usage.inputTokens - plain.usage.inputTokens;
    expect(extra).toBeLessThanOrEqual(0.1 * plain.usage.inputTokens);
    if (process.env.SHOW_TOKENS) {
      console.log({
        plainReview: plain.usage.inputTokens,
        reviewWithNotes: review.usage.inputTokens,
        merge: w.usage.inputTokens,
        describeAlone: own.usage.inputTokens,
      });
    }
  });

  test('files the review wrote no note on are named without one; still only the merge call is made', async () => {
    const { change } = await ordinaryChange();
    const claude = fakeClaude();
    const config = testConfig();
    const fileNotes = [
      { path: 'src/http/part0.ts', note: 'retries GETs' },
      { path: 'src/http/part1.ts', note: 'retries POSTs' },
      { path: 'src/http/part2.ts', note: 'retries PUTs' },
      { path: 'src/http/part3.ts', note: 'retries DELETEs' },
      { path: 'src/jobs/part4.ts', note: 'retries jobs' },
      { path: 'src/jobs/part5.ts', note: 'retries jobs' },
      { path: 'src/jobs/part6.ts', note: 'retries jobs' },
      { path: 'src/jobs/part8.ts', note: 'retries jobs' },
      { path: 'src/jobs/part9.ts', note: 'retries jobs' },
      // src/jobs/part7.ts: no note (the review's answer for it had none)
      { path: 'README.md', note: 'a file not in the change is ignored' },
    ];

    const w = await describeChangeSet(change, { config, model: testModel(config), fileNotes });

    expect(claude.calls.map((c) => c.tool)).toEqual(['submit_walkthrough']);
    expect(claude.calls[0]!.user).toContain(
      'Not described, so without a note: 1 file (no note from the review).',
    );
    expect(w.rows).toContainEqual({
      paths: ['src/jobs/part7.ts'],
      note: 'not described: no note from the review',
    });
    expect(w.rows).toContainEqual({ paths: ['src/http/part0.ts'], note: 'retries GETs' });
    expect(w.rows.flatMap((r) => r.paths)).not.toContain('README.md');
    expect(w.rows.flatMap((r) => r.paths)).toHaveLength(10);
    expect(w.model).toBe('partial');
  });
});
