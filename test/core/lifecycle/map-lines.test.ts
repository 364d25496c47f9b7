import { afterEach, describe, expect, test } from '@jest/globals';
import { mapLines } from '../../../src/core/lifecycle/map-lines.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween } from '../../helpers/review-fixture.js';

// Real git diffs between two versions of one file: where lines 10..12 of the old one went.
const OLD = numberedLines(30);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function fileDiff(next: string | null) {
  const { repo, change } = await changeBetween({ 'a.ts': OLD, 'b.ts': 'x\n' }, { 'a.ts': next });
  cleanups.push(() => repo.cleanup());
  return change.files.find((f) => f.path === 'a.ts');
}
const lines = (n: number) => OLD.split('\n').slice(0, n);

describe('mapping earlier lines onto the new head', () => {
  test('lines added above move the range; nothing in it changed', async () => {
    const file = await fileDiff(['new 1', 'new 2', ...lines(30)].join('\n') + '\n');
    expect(mapLines(file, 10, 12)).toEqual({ kind: 'unchanged', startLine: 12, line: 14 });
  });

  test('a change below leaves it where it was', async () => {
    const file = await fileDiff(OLD.replace('line 25\n', 'line 25 edited\n'));
    expect(mapLines(file, 10, 12)).toEqual({ kind: 'unchanged', startLine: 10, line: 12 });
  });

  test('a rewritten line maps to the lines written in its place', async () => {
    const file = await fileDiff(OLD.replace('line 11\n', 'line 11a\nline 11b\n'));
    expect(mapLines(file, 11, 11)).toEqual({ kind: 'changed', startLine: 11, line: 12 });
    // The untouched neighbours still belong to a wider range.
    expect(mapLines(file, 10, 12)).toEqual({ kind: 'changed', startLine: 10, line: 13 });
  });

  test('lines inserted inside the range change it', async () => {
    const file = await fileDiff(OLD.replace('line 11\n', 'line 11\ninserted\n'));
    expect(mapLines(file, 10, 12)).toEqual({ kind: 'changed', startLine: 10, line: 13 });
    // Inserted right after the range: not inside it.
    expect(mapLines(file, 10, 11)).toEqual({ kind: 'unchanged', startLine: 10, line: 11 });
  });

  test('lines deleted with nothing in their place are removed; around them, the rest is kept', async () => {
    const file = await fileDiff(OLD.replace('line 10\nline 11\nline 12\n', ''));
    expect(mapLines(file, 10, 12)).toEqual({ kind: 'removed' });
    expect(mapLines(file, 9, 13)).toEqual({ kind: 'changed', startLine: 9, line: 10 });
    expect(mapLines(file, 20, 20)).toEqual({ kind: 'unchanged', startLine: 17, line: 17 });
  });

  test('a deleted file removes every line; a file the diff does not list keeps them', async () => {
    expect(mapLines(await fileDiff(null), 10, 12)).toEqual({ kind: 'removed' });
    expect(mapLines(undefined, 10, 12)).toEqual({ kind: 'unchanged', startLine: 10, line: 12 });
  });
});
