import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';

// The lifecycle benchmark as `npm run bench -- lifecycle` runs it, on the built lib/ (`npm test` builds it
// first): five pushes in both modes over a real git repository. Not a measurement: that the bench still runs
// against the review job, and that the lifecycle still does what the bench is there to show.

interface ModeFigures {
  pushes: Array<{ push: number; inlineComments: number; fixedOpen: number; modelCalls: number }>;
  totals: {
    inlineAfterFirst: number;
    fixedOpenAtEnd: number;
    resolved: number;
    resolvedButThereAtEnd: number;
  };
}

interface LifecycleFigures {
  modes: { today: ModeFigures; lifecycle: ModeFigures };
  goals: Array<{ goal: string; pass: boolean }>;
  warnings: string[];
}

test('the lifecycle bench reviews five pushes in both modes; the lifecycle resolves every fixed finding and posts fewer comments after the first push', async () => {
  const bench = (await import(pathToFileURL(path.resolve('bench/lifecycle/run.js')).href)) as {
    runLifecycleBench(options: { print: boolean; write: boolean; quiet: boolean }): Promise<LifecycleFigures>;
  };
  const { modes, goals, warnings } = await bench.runLifecycleBench({
    print: false,
    write: false,
    quiet: true,
  });
  const { today, lifecycle } = modes;

  for (const mode of [today, lifecycle]) {
    expect(mode.pushes.map((p) => p.push)).toEqual([1, 2, 3, 4, 5]);
    expect(mode.pushes.every((p) => p.modelCalls > 0)).toBe(true);
  }
  expect(warnings).toEqual([]);
  // Without the lifecycle the fixed findings' threads pile up; with it none is left open, none closed wrongly.
  expect(today.totals.fixedOpenAtEnd).toBeGreaterThan(0);
  expect(lifecycle.totals.fixedOpenAtEnd).toBe(0);
  expect(lifecycle.totals.resolved).toBeGreaterThan(0);
  expect(lifecycle.totals.resolvedButThereAtEnd).toBe(0);
  expect(lifecycle.totals.inlineAfterFirst).toBeLessThan(today.totals.inlineAfterFirst);
  expect(goals).toHaveLength(3);
}, 120_000);
