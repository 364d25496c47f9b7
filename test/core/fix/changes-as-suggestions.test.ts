import { describe, expect, test } from '@jest/globals';
import { applyPatch } from 'diff';
import { changesAsSuggestions } from '../../../src/core/fix/changes-as-suggestions.js';
import { changeBetween } from '../../helpers/review-fixture.js';

const lines = (n: number, label = 'line') => Array.from({ length: n }, (_, i) => `${label} ${i + 1}`);

/** A PR that changed lines 10–12 of a 40-line file: only lines near them are on the PR diff. */
async function prWithChangeAround10() {
  const base = `${lines(40).join('\n')}\n`;
  const headLines = lines(40);
  headLines.splice(9, 3, 'changed 10', 'changed 11', 'changed 12');
  const head = `${headLines.join('\n')}\n`;
  const { change, repo } = await changeBetween({ 'src/a.ts': base }, { 'src/a.ts': head });
  repo.cleanup();
  return { head, prFiles: new Map(change.files.map((f) => [f.path, f])) };
}

describe('changesAsSuggestions (a fix on a fork PR)', () => {
  test('a replaced block on PR diff lines becomes a suggestion over exactly those lines', async () => {
    const { head, prFiles } = await prWithChangeAround10();
    const after = head.replace('changed 11\nchanged 12\n', 'fixed 11\nfixed 12\nfixed 12b\n');
    const result = changesAsSuggestions([{ path: 'src/a.ts', before: head, after }], prFiles, 'Use the fix.');
    expect(result.comments).toEqual([
      {
        path: 'src/a.ts',
        startLine: 11,
        startSide: 'RIGHT',
        line: 12,
        side: 'RIGHT',
        severity: 'minor',
        body: 'Use the fix.',
        suggestion: 'fixed 11\nfixed 12\nfixed 12b',
        source: 'fix',
      },
    ]);
    expect(result.patch).toBe('');
  });

  test('a pure insertion is suggested on the line before it, which the suggestion keeps', async () => {
    const { head, prFiles } = await prWithChangeAround10();
    const after = head.replace('changed 10\n', 'changed 10\ninserted\n');
    const { comments } = changesAsSuggestions([{ path: 'src/a.ts', before: head, after }], prFiles, 'x');
    expect(comments.map((c) => [c.startLine, c.line, c.suggestion])).toEqual([
      [undefined, 10, 'changed 10\ninserted'],
    ]);
  });

  test('a deletion is a suggestion with nothing in it', async () => {
    const { head, prFiles } = await prWithChangeAround10();
    const after = head.replace('changed 12\n', '');
    const { comments } = changesAsSuggestions([{ path: 'src/a.ts', before: head, after }], prFiles, 'x');
    expect(comments.map((c) => [c.line, c.suggestion])).toEqual([[12, '']]);
  });

  test('changes GitHub could not take as comments (far from the diff, new files) are kept as a patch that applies', async () => {
    const { head, prFiles } = await prWithChangeAround10();
    const after = head.replace('line 35\n', 'line thirty-five\n');
    const result = changesAsSuggestions(
      [
        { path: 'src/a.ts', before: head, after },
        { path: 'src/new.ts', before: null, after: 'export const x = 1;\n' },
      ],
      prFiles,
      'x',
    );
    expect(result.comments).toEqual([]);
    expect(result.patch).toContain('+line thirty-five');
    expect(result.patch).toContain('+export const x = 1;');
    const aPatch = result.patch.slice(0, result.patch.indexOf('Index: src/new.ts'));
    expect(applyPatch(head, aPatch)).toBe(after);
  });
});
