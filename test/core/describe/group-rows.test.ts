import { describe, expect, test } from '@jest/globals';
import { layoutRows, rowLabel, toRows } from '../../../src/core/describe/group-rows.js';

const range = (n: number, path: (i: number) => string) => Array.from({ length: n }, (_, i) => path(i));

describe('layoutRows', () => {
  test('up to the limit, every file is a row of its own, in path order', () => {
    const paths = ['src/b.ts', 'README.md', 'src/a.ts'];
    expect(layoutRows(paths, new Map())).toEqual([
      { paths: ['README.md'], grouped: false },
      { paths: ['src/a.ts'], grouped: false },
      { paths: ['src/b.ts'], grouped: false },
    ]);
  });

  test('past the limit, the folder with the most files becomes one row first', () => {
    const paths = [...range(240, (i) => `src/gen/f${i}.ts`), ...range(30, (i) => `src/app/m${i}.ts`)];
    const rows = layoutRows(paths, new Map(), 60);
    expect(rows).toHaveLength(31);
    const gen = rows.find((r) => r.grouped)!;
    expect(rowLabel(gen)).toBe('src/gen/');
    expect(gen.paths).toHaveLength(240);
    expect(rows.filter((r) => !r.grouped)).toHaveLength(30);
  });

  test('when no two rows share a folder, the deepest move up to their parent; only as many group as needed', () => {
    const paths = range(100, (i) => `pkg/p${i % 4}/m${i}/index.ts`);
    const rows = layoutRows(paths, new Map(), 60);
    // 100 rows: pkg/p0/ (25 files) makes 76, pkg/p1/ makes 52, under the limit.
    expect(rows).toHaveLength(52);
    expect(rows.filter((r) => r.grouped).map(rowLabel)).toEqual(['pkg/p0/', 'pkg/p1/']);
    expect(rows.flatMap((r) => r.paths).sort()).toEqual([...paths].sort());
  });

  test('files the model did not describe are grouped by folder and reason right away', () => {
    const undescribed = new Map([
      ['src/x/a.ts', 'budget'],
      ['src/x/b.ts', 'budget'],
      ['src/y/c.ts', 'budget'],
    ]);
    const rows = layoutRows(['src/x/a.ts', 'src/x/b.ts', 'src/x/n.ts', 'src/y/c.ts'], undescribed);
    expect(rows).toEqual([
      { paths: ['src/x/a.ts', 'src/x/b.ts'], grouped: true },
      { paths: ['src/x/n.ts'], grouped: false },
      { paths: ['src/y/c.ts'], grouped: false },
    ]);
    expect(toRows(rows, new Map([['src/x/n.ts', 'adds n']]), undescribed)).toEqual([
      { paths: ['src/x/a.ts', 'src/x/b.ts'], note: 'not described: budget' },
      { paths: ['src/x/n.ts'], note: 'adds n' },
      { paths: ['src/y/c.ts'], note: 'not described: budget' },
    ]);
  });

  test('a group without a line of its own joins its notes, most frequent first, and counts the rest', () => {
    const paths = range(5, (i) => `gen/f${i}.ts`);
    const notes = new Map([
      ['gen/f0.ts', 'regenerates the client.'],
      ['gen/f1.ts', 'regenerates the client'],
      ['gen/f2.ts', 'regenerates the client'],
      ['gen/f3.ts', 'adds the retry type'],
    ]);
    const undescribed = new Map([['gen/f4.ts', 'budget']]);
    const [row] = toRows([{ paths, grouped: true }], notes, undescribed);
    expect(row!.note).toBe('regenerates the client; adds the retry type (1 file not described: budget)');
    const [withLine] = toRows(
      [{ paths, grouped: true }],
      notes,
      undescribed,
      new Map([['gen/', 'the generated client']]),
    );
    expect(withLine!.note).toBe('the generated client (1 file not described: budget)');
  });

  test('files at the root are one group "./" when they alone are too many', () => {
    const rows = layoutRows(
      range(80, (i) => `f${i}.txt`),
      new Map(),
      60,
    );
    expect(rows).toHaveLength(1);
    expect(rowLabel(rows[0]!)).toBe('./');
  });
});
