import { describe, expect, test } from '@jest/globals';
import { conflictMarkersCheck } from '../../../src/core/checks/conflict-markers.js';
import { diffFilesFromGit } from './diff-fixture.js';

const OPTIONS = { largeFileBytes: 1_000_000 };
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);
const text = (lines: string[]) => lines.join('\n') + '\n';

/** Findings for one file whose base is `base` and whose head is `head`. */
async function findingsFor(path: string, base: string[], head: string[]) {
  return conflictMarkersCheck.run(diffFilesFromGit({ [path]: text(base) }, { [path]: text(head) }), OPTIONS);
}

describe('conflict-markers check', () => {
  test('a wholly added conflict block is one critical finding spanning the block', async () => {
    const base = numbered(4);
    const head = [
      ...base.slice(0, 2),
      '<<<<<<< HEAD',
      'const a = 1;',
      '=======',
      'const a = 2;',
      '>>>>>>> feature',
      ...base.slice(2),
    ];
    const findings = await findingsFor('src/a.ts', base, head);

    expect(findings).toEqual([
      expect.objectContaining({
        path: 'src/a.ts',
        startLine: 3,
        startSide: 'RIGHT',
        line: 7,
        side: 'RIGHT',
        severity: 'critical',
        source: 'check:conflict-markers',
      }),
    ]);
    expect(findings[0]!.body).toMatch(/merge conflict/i);
  });

  test('a diff3 block with a ||||||| section is still one finding', async () => {
    const head = ['<<<<<<< ours', 'a = 1', '||||||| base', 'a = 0', '=======', 'a = 2', '>>>>>>> theirs'];
    const findings = await findingsFor('conf.py', ['x = 1'], ['x = 1', ...head]);

    expect(findings.map((f) => [f.startLine, f.line])).toEqual([[2, 8]]);
  });

  test('bare seven-character markers count', async () => {
    const findings = await findingsFor(
      'a.txt',
      ['x'],
      ['x', '<<<<<<<', 'mine', '=======', 'theirs', '>>>>>>>'],
    );

    expect(findings.map((f) => [f.startLine, f.line])).toEqual([[2, 6]]);
  });

  test('a block around an unchanged line anchors on the <<<<<<< line only', async () => {
    const findings = await findingsFor(
      'a.ts',
      ['a', 'b', 'c'],
      ['a', '<<<<<<< HEAD', 'b', '>>>>>>> other', 'c'],
    );

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 2 });
    expect(findings[0]!.startLine).toBeUndefined();
  });

  test('a block whose markers fall in different hunks anchors on the <<<<<<< line only', async () => {
    const base = numbered(30);
    const head = [...base];
    head.splice(25, 0, '>>>>>>> feature');
    head.splice(2, 0, '<<<<<<< HEAD');
    const files = diffFilesFromGit({ 'a.ts': text(base) }, { 'a.ts': text(head) });

    expect(files[0]!.hunks).toHaveLength(2);
    const findings = await conflictMarkersCheck.run(files, OPTIONS);
    expect(findings.map((f) => [f.startLine, f.line])).toEqual([[undefined, 3]]);
  });

  test('a block that is never closed anchors on its <<<<<<< line only', async () => {
    const findings = await findingsFor('a.ts', ['a'], ['a', '<<<<<<< HEAD', 'b', '=======', 'c']);

    expect(findings.map((f) => [f.startLine, f.line])).toEqual([[undefined, 2]]);
  });

  test('a stray >>>>>>> line whose block opened on an unchanged line is reported on itself', async () => {
    const base = ['<<<<<<< HEAD', 'a', '======='];
    const findings = await findingsFor('a.ts', base, [...base, 'b', '>>>>>>> feature']);

    expect(findings.map((f) => f.line)).toEqual([5]);
    expect(findings[0]!.body).toContain('>>>>>>>');
  });

  test.each([
    ['a Markdown setext underline', 'README.md', ['Title', '=======', '', 'Text']],
    ['an RST underline in a Python docstring', 'mod.py', ['"""', 'Usage', '=======', '"""']],
    ['eight angle brackets', 'a.txt', ['<<<<<<<<', 'x', '>>>>>>>>']],
    ['a marker-like string inside a line', 'a.ts', ['const s = "<<<<<<< HEAD";']],
  ])('%s is not reported', async (_name, path, added) => {
    expect(await findingsFor(path, ['start'], ['start', ...added])).toEqual([]);
  });

  test('removing conflict markers (deleted lines) is not reported', async () => {
    const base = ['a', '<<<<<<< HEAD', 'b', '=======', 'c', '>>>>>>> feature', 'd'];
    expect(await findingsFor('a.ts', base, ['a', 'b', 'd'])).toEqual([]);
  });
});
