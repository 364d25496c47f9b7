import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LocalRepo } from '../../../src/core/git/local-repo.js';
import type { DiffFile } from '../../../src/core/diff/types.js';
import { makeRepo, numberedLines, type TestRepo } from '../../helpers/git-repo.js';

// One real repository whose second commit exercises every kind of change git can report.
let repo: TestRepo;
let files: DiffFile[];
const byPath = (p: string) => {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`no diff entry for ${p}: ${files.map((f) => f.path).join(', ')}`);
  return file;
};

beforeAll(async () => {
  repo = makeRepo();
  repo.write('modified.txt', numberedLines(30));
  repo.write('deleted.txt', 'gone soon\n');
  repo.write('to-rename.txt', numberedLines(20, 'keep'));
  repo.write('copy-source.txt', numberedLines(40, 'source'));
  repo.write('script.sh', 'echo hi\n');
  repo.write('crlf.txt', 'one\r\ntwo\r\nthree\r\n');
  repo.write('no-eol.txt', 'last line without newline');
  repo.write('image.bin', Buffer.from([0, 1, 2, 3, 0, 255]));
  const sub = repo.commit('base');
  repo.git('update-index', '--add', '--cacheinfo', `160000,${sub},vendor/sub`);
  repo.git('commit', '--quiet', '-m', 'add submodule');
  const base = repo.git('rev-parse', 'HEAD').trim();

  repo.write(
    'modified.txt',
    numberedLines(30).replace('line 5\n', 'line five\n').replace('line 25\n', 'line 25\nline 25b\n'),
  );
  repo.remove('deleted.txt');
  repo.git('mv', 'to-rename.txt', 'renamed.txt');
  repo.write('copy-source.txt', numberedLines(40, 'source').replace('source 40', 'source forty'));
  repo.write('copied.txt', numberedLines(40, 'source'));
  repo.chmod('script.sh', 0o755);
  repo.write('crlf.txt', 'one\r\nTWO\r\nthree\r\n');
  repo.write('no-eol.txt', 'last line without newline, changed');
  repo.write('image.bin', Buffer.from([0, 1, 2, 3, 0, 254, 9]));
  repo.write('dir with space/naïve ünïcode "quoted".txt', 'hello\n');
  repo.write('empty.txt', '');
  // Stage the worktree first: `git add --all` would drop the gitlink, which has no folder on disk.
  repo.git('add', '--all', '--', '.', ':!vendor/sub');
  repo.git('update-index', '--add', '--cacheinfo', `160000,${base},vendor/sub`);
  repo.git('commit', '--quiet', '-m', 'head');
  const head = repo.git('rev-parse', 'HEAD').trim();

  const local = await LocalRepo.open(repo.dir);
  const change = await local.changeSet({
    baseSha: base,
    headSha: head,
    baseRef: base,
    headRef: head,
    baseTip: base,
  });
  files = change.files;
});

afterAll(() => repo.cleanup());

describe('the diff model built from real git output', () => {
  test('reports each file once with the status git gives it', () => {
    const statuses = Object.fromEntries(files.map((f) => [f.path, f.status]));
    expect(statuses).toEqual({
      'modified.txt': 'modified',
      'deleted.txt': 'deleted',
      'renamed.txt': 'renamed',
      'copy-source.txt': 'modified',
      // GitHub detects renames only: a copy is an added file (see test/core/git/github-diff.test.ts).
      'copied.txt': 'added',
      'script.sh': 'modified',
      'crlf.txt': 'modified',
      'no-eol.txt': 'modified',
      'image.bin': 'modified',
      'dir with space/naïve ünïcode "quoted".txt': 'added',
      'empty.txt': 'added',
      'vendor/sub': 'modified',
    });
  });

  test('numbers added, deleted and context lines on both sides', () => {
    const file = byPath('modified.txt');
    expect(file.hunks).toHaveLength(2);
    const [first] = file.hunks;
    expect(first).toMatchObject({ oldStart: 2, oldLines: 7, newStart: 2, newLines: 7 });
    expect(first!.lines.find((l) => l.kind === 'del')).toEqual({ kind: 'del', oldLine: 5, text: 'line 5' });
    expect(first!.lines.find((l) => l.kind === 'add')).toEqual({
      kind: 'add',
      newLine: 5,
      text: 'line five',
    });
    expect(first!.lines[0]).toEqual({ kind: 'context', oldLine: 2, newLine: 2, text: 'line 2' });
    expect(file.hunks[1]!.lines.find((l) => l.kind === 'add')).toMatchObject({
      newLine: 26,
      text: 'line 25b',
    });
    expect([file.additions, file.deletions]).toEqual([2, 1]);
  });

  test('keeps renames with their old path and similarity; a copy has no old path', () => {
    expect(byPath('renamed.txt')).toMatchObject({ oldPath: 'to-rename.txt', similarity: 100, hunks: [] });
    expect(byPath('copied.txt').oldPath).toBeUndefined();
  });

  test('marks mode-only changes, binaries and submodules', () => {
    expect(byPath('script.sh')).toMatchObject({
      modeChanged: true,
      oldMode: '100644',
      newMode: '100755',
      hunks: [],
    });
    expect(byPath('image.bin')).toMatchObject({ binary: true, hunks: [] });
    expect(byPath('vendor/sub')).toMatchObject({ submodule: true, binary: false });
    expect(byPath('modified.txt')).toMatchObject({ binary: false, submodule: false, modeChanged: false });
  });

  test('keeps the carriage return of CRLF lines and the "no newline at end of file" mark', () => {
    const crlf = byPath('crlf.txt').hunks[0]!.lines;
    expect(crlf.find((l) => l.kind === 'add')).toEqual({ kind: 'add', newLine: 2, text: 'TWO\r' });
    const noEol = byPath('no-eol.txt').hunks[0]!.lines;
    expect(noEol).toEqual([
      { kind: 'del', oldLine: 1, text: 'last line without newline', noNewlineAtEof: true },
      { kind: 'add', newLine: 1, text: 'last line without newline, changed', noNewlineAtEof: true },
    ]);
  });

  test('takes paths with spaces, quotes and non-ASCII exactly, and reads their size', () => {
    const file = byPath('dir with space/naïve ünïcode "quoted".txt');
    expect(file.hunks[0]!.lines).toEqual([{ kind: 'add', newLine: 1, text: 'hello' }]);
    expect(file.newSize).toBe(6);
  });

  test('an empty added file has no hunks and size 0', () => {
    expect(byPath('empty.txt')).toMatchObject({ status: 'added', hunks: [], newSize: 0, additions: 0 });
  });

  test('a deleted file has only LEFT lines', () => {
    const file = byPath('deleted.txt');
    expect(file.hunks[0]!.lines).toEqual([{ kind: 'del', oldLine: 1, text: 'gone soon' }]);
  });
});
