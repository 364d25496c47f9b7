import { describe, expect, test } from '@jest/globals';
import { diffFilesFromGit } from './diff-fixture.js';

// The other tests trust this fixture's line numbers, so pin them down on a known diff.
describe('diffFilesFromGit (test fixture)', () => {
  test('numbers added, deleted and context lines from the hunk headers', () => {
    const [file] = diffFilesFromGit({ 'a.txt': 'a\nb\nc\n' }, { 'a.txt': 'a\nB\r\nc\nd' });

    expect(file).toMatchObject({ path: 'a.txt', status: 'modified', additions: 2, deletions: 1, newSize: 8 });
    expect(file!.hunks[0]!.lines).toEqual([
      { kind: 'context', oldLine: 1, newLine: 1, text: 'a' },
      { kind: 'del', oldLine: 2, text: 'b' },
      { kind: 'add', newLine: 2, text: 'B\r' },
      { kind: 'context', oldLine: 3, newLine: 3, text: 'c' },
      { kind: 'add', newLine: 4, text: 'd', noNewlineAtEof: true },
    ]);
  });

  test('reports added, deleted and binary files', () => {
    const files = diffFilesFromGit(
      { 'gone.txt': 'x\n' },
      { 'new.txt': 'y\n', 'blob.bin': Buffer.from([0, 1, 2]) },
    );

    expect(files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ['blob.bin', 'added', true],
      ['gone.txt', 'deleted', false],
      ['new.txt', 'added', false],
    ]);
  });
});
