import { describe, expect, test } from '@jest/globals';
import { planChunks, type FileUnit } from '../../../src/core/review/plan-chunks.js';
import { byReviewPriority } from '../../../src/core/review/review-priority.js';
import { estimateTokens } from '../../../src/core/model/token-estimate.js';

const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `${i + 1}+ ${tag} line ${i + 1}`).join('\n');
const unit = (path: string, blocks: string[]): FileUnit => ({
  path,
  header: `=== ${path} (modified) ===`,
  blocks,
});

describe('planning chunks under a token budget', () => {
  test('small files share a chunk; every chunk stays within the budget', () => {
    const units = Array.from({ length: 12 }, (_, i) => unit(`f${i}.ts`, [lines(20, `f${i}`)]));
    const plan = planChunks(units, { budgetTokens: 1_000, maxChunks: 100 });
    expect(plan.chunks.length).toBeGreaterThan(1);
    expect(plan.chunks.length).toBeLessThan(12);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(1_000);
    expect(plan.chunks.flatMap((c) => c.segments.map((s) => s.path))).toEqual(units.map((u) => u.path));
    expect(plan.leftOut).toEqual([]);
  });

  test('a file too big for one call is split between hunks, its first part filling the current chunk', () => {
    const small = unit('a.ts', [lines(5, 'a')]);
    const big = unit(
      'big.ts',
      Array.from({ length: 6 }, (_, i) => lines(60, `hunk${i}`)),
    );
    const plan = planChunks([small, big], { budgetTokens: 1_200, maxChunks: 100 });
    expect(plan.chunks[0]!.segments.map((s) => s.path)).toEqual(['a.ts', 'big.ts']);
    const parts = plan.chunks.flatMap((c) => c.segments).filter((s) => s.path === 'big.ts');
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) =>
      expect(part.text.startsWith(`=== big.ts (modified) === — part ${i + 1} of ${parts.length}\n`)).toBe(
        true,
      ),
    );
    for (const chunk of plan.chunks)
      expect(estimateTokens(chunk.segments.map((s) => s.text).join('\n\n'))).toBeLessThanOrEqual(1_200);
    // Nothing lost: every hunk line is in some part.
    const sent = parts.map((p) => p.text).join('\n');
    for (let i = 0; i < 6; i++) expect(sent).toContain(`hunk${i} line 60`);
  });

  test('a hunk bigger than a call is split between lines, and a single huge line is cut and says so', () => {
    const huge = unit('min.js', [`${lines(200, 'x')}\n1+ ${'y'.repeat(20_000)}`]);
    const plan = planChunks([huge], { budgetTokens: 1_000, maxChunks: 100 });
    const text = plan.chunks.flatMap((c) => c.segments.map((s) => s.text)).join('\n');
    expect(text).toContain('x line 200');
    expect(text).toMatch(/…\(line cut: 20003 characters\)/);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(1_000);
  });

  test('files in chunks past the call cap are listed as left out, a partly sent file included', () => {
    const units = Array.from({ length: 6 }, (_, i) => unit(`f${i}.ts`, [lines(40, `f${i}`)]));
    const plan = planChunks(units, { budgetTokens: 500, maxChunks: 2 });
    expect(plan.chunks).toHaveLength(2);
    const sent = new Set(plan.chunks.flatMap((c) => c.segments.map((s) => s.path)));
    expect([...sent, ...plan.leftOut.filter((p) => !sent.has(p))].sort()).toEqual(units.map((u) => u.path));
    expect(plan.leftOut.length).toBeGreaterThan(0);
  });
});

describe('review priority', () => {
  test('hand-written code first, then config, tests, docs, and build output last', () => {
    const paths = [
      'dist/index.js',
      'README.md',
      'src/a.test.ts',
      'package.json',
      'src/z.ts',
      'lib/a.ts',
      'vendor/x.go',
    ];
    expect(byReviewPriority(paths.map((path) => ({ path }))).map((p) => p.path)).toEqual([
      'lib/a.ts',
      'src/z.ts',
      'package.json',
      'src/a.test.ts',
      'README.md',
      'dist/index.js',
      'vendor/x.go',
    ]);
  });
});
