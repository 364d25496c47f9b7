import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from '@jest/globals';
import { makeRepo, type TestRepo } from '../helpers/git-repo.js';

// The walkthrough cost benchmark as `npm run bench -- describe` runs it, on the built lib/ (`npm test` builds
// it first), on one change made here instead of downloaded: that the bench still runs against the review and
// the walkthrough, and that describing the head a review ran for stays within 10% more input tokens.

interface RunFigures {
  run: 'a' | 'b' | 'c';
  calls: number;
  inputTokens: number;
  review?: { calls: number; inputTokens: number; notes?: number };
  describe?: { calls: number; inputTokens: number };
  walkthrough?: { model: string; files: number; noted: number };
}

interface DescribeFigures {
  cases: Array<{ case: string; rows: RunFigures[]; extraPercent: number; pass: boolean }>;
  goals: Array<{ goal: string; pass: boolean }>;
  warnings: string[];
  report: string;
}

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** A module of `n` functions, each a few lines, so that a change to it reads like real code. */
function moduleText(name: string, n: number, version: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `export function ${name}${i}(input) {\n` +
      `  const limit = ${i % 7 === 0 ? i * version : i};\n` +
      `  if (input.length > limit) return input.slice(0, limit);\n` +
      `  return input.padEnd(limit, '${i % 5 === 0 && version > 1 ? '.' : ' '}');\n}\n`,
  ).join('\n');
}

/** Eight source files, each changed in many places, and one added: two review calls on the default budget. */
function changedRepo(): { dir: string; baseSha: string; headSha: string } {
  const repo = makeRepo('pullwise-describe-bench-');
  repos.push(repo);
  const names = ['parse', 'format', 'route', 'cache', 'retry', 'queue', 'render', 'store'];
  for (const name of names) repo.write(`src/${name}.js`, moduleText(name, 120, 1));
  const baseSha = repo.commit('base');
  for (const name of names) repo.write(`src/${name}.js`, moduleText(name, 120, 2));
  repo.write('src/limits.js', moduleText('limit', 40, 2));
  const headSha = repo.commit('tune the limits');
  return { dir: repo.dir, baseSha, headSha };
}

test('the describe bench measures review alone, review with notes plus describe, and describe alone; the walkthrough of a reviewed head costs at most 10% more input', async () => {
  const bench = (await import(pathToFileURL(path.resolve('bench/describe/run.js')).href)) as {
    runDescribeBench(options: {
      cases: Array<{ label: string; dir: string; baseSha: string; headSha: string }>;
      print: boolean;
      write: boolean;
      quiet: boolean;
    }): Promise<DescribeFigures>;
  };
  const { cases, goals, warnings, report } = await bench.runDescribeBench({
    cases: [{ label: 'local', ...changedRepo() }],
    print: false,
    write: false,
    quiet: true,
  });

  expect(warnings).toEqual([]);
  expect(cases).toHaveLength(1);
  const [measured] = cases;
  const [a, b, c] = measured!.rows;
  expect(measured!.rows.map((r) => r.run)).toEqual(['a', 'b', 'c']);
  for (const row of [a!, b!, c!]) expect(row.inputTokens).toBeGreaterThan(0);

  // The review wrote a note on every file, so the walkthrough made only its merge call.
  expect(b!.review!.notes).toBe(9);
  expect(b!.describe!.calls).toBe(1);
  expect(b!.walkthrough).toMatchObject({ model: 'described', files: 9, noted: 9 });
  expect(c!.walkthrough).toMatchObject({ model: 'described', files: 9, noted: 9 });

  expect(b!.inputTokens).toBeGreaterThan(a!.inputTokens);
  expect(measured!.extraPercent).toBeLessThanOrEqual(10);
  expect(measured!.pass).toBe(true);
  expect(goals).toEqual([{ goal: 'local: (b) ≤ 1.10 × (a) input tokens', pass: true }]);
  expect(report).toContain('| local | (a) review alone |');
}, 60_000);
