import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { isCommentable } from '../../../src/core/diff/commentable.js';
import type { DiffFile } from '../../../src/core/diff/types.js';
import { LocalRepo } from '../../../src/core/git/local-repo.js';
import { anchorFindings } from '../../../src/core/review/anchor-findings.js';
import { makeRepo, numberedLines, type TestRepo } from '../../helpers/git-repo.js';

// The local diff must be the one GitHub shows the pull request with, or comments land on lines GitHub cannot
// place. GitHub diffs pull requests with git's rename detection (`git diff -M`, "Improved Commit Diffs",
// github.blog 2010): renames at git's default similarity of 50%, and no copy detection, so a copied file is
// an added file. Each scenario is one commit of one real repository, diffed against its parent.

let repo: TestRepo;
const commits: Record<string, { base: string; head: string }> = {};

function scenario(name: string, change: () => void) {
  const base = repo.git('rev-parse', 'HEAD').trim();
  change();
  commits[name] = { base, head: repo.commit(name) };
}

async function filesOf(name: string): Promise<DiffFile[]> {
  const { base, head } = commits[name]!;
  const local = await LocalRepo.open(repo.dir);
  const change = await local.changeSet({
    baseSha: base,
    headSha: head,
    baseRef: base,
    headRef: head,
    baseTip: base,
  });
  return change.files;
}

function byPath(files: DiffFile[], p: string): DiffFile {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`no diff entry for ${p}: ${files.map((f) => f.path).join(', ')}`);
  return file;
}

const SOURCE = numberedLines(40, 'source');
/** 20 distinct lines, so that editing n of them leaves about (20 - n) / 20 of the file similar. */
const TWENTY =
  Array.from({ length: 20 }, (_, i) => `keep line number ${i + 1} of the file`).join('\n') + '\n';
const edited = (text: string, lines: number) =>
  text
    .split('\n')
    .map((line, i) => (i < lines ? line.replace('keep', 'edited') : line))
    .join('\n');

beforeAll(() => {
  repo = makeRepo();
  repo.write('a.txt', SOURCE);
  repo.write('b.txt', numberedLines(30, 'source') + numberedLines(10, 'other'));
  repo.write('first.txt', TWENTY);
  repo.write('second.txt', TWENTY.replace(/of the/g, 'in the'));
  repo.write('two-hunks.txt', numberedLines(30));
  repo.write('f.txt', 'one\ntwo\nthree\n');
  repo.write('target.txt', 'the target\n');
  symlinkSync('target.txt', path.join(repo.dir, 'link'));
  repo.commit('base');

  // As expressjs/express 73d26036: a file copied (and edited) in a commit that also edits the source.
  scenario('copy', () => {
    repo.write('a.txt', SOURCE.replace('source 1\n', 'source one\n'));
    repo.write('copy.txt', SOURCE.replace('source 20\n', 'source twenty\n'));
  });
  // b.txt renamed to c.txt, whose content is now exactly a.txt's old content: a copy of a.txt to `-C`.
  scenario('copy-and-rename', () => {
    repo.write('a.txt', SOURCE.replace('source 2\n', 'source two\n'));
    repo.git('mv', 'b.txt', 'c.txt');
    repo.write('c.txt', repo.git('show', 'HEAD:a.txt'));
  });
  // 8 of 20 lines edited (about 60% similar) and 12 of 20 (about 40%), around git's 50% threshold.
  scenario('renames-with-edits', () => {
    repo.git('mv', 'first.txt', 'first-moved.txt');
    repo.write('first-moved.txt', edited(TWENTY, 8));
    repo.git('mv', 'second.txt', 'second-moved.txt');
    repo.write('second-moved.txt', edited(TWENTY.replace(/of the/g, 'in the'), 12));
    repo.write(
      'two-hunks.txt',
      numberedLines(30).replace('line 3\n', 'line three\n').replace('line 15\n', 'line fifteen\n'),
    );
  });
  // f.txt becomes a symlink; the symlink `link` becomes a regular file.
  scenario('type-changes', () => {
    repo.remove('f.txt');
    symlinkSync('target.txt', path.join(repo.dir, 'f.txt'));
    repo.remove('link');
    repo.write('link', 'now a file\nwith two lines\n');
  });
  // A file replaced by a submodule (a gitlink) and a submodule replaced by a file. Staged by hand, since
  // `git add --all` would drop a gitlink that has no folder on disk.
  const commit = repo.git('rev-parse', 'HEAD').trim();
  repo.git('update-index', '--add', '--cacheinfo', `160000,${commit},sub`);
  repo.git('commit', '--quiet', '-m', 'add a submodule');
  const before = repo.git('rev-parse', 'HEAD').trim();
  repo.git('rm', '--quiet', '--cached', 'target.txt');
  repo.remove('target.txt');
  repo.git('update-index', '--add', '--cacheinfo', `160000,${commit},target.txt`);
  repo.git('update-index', '--force-remove', 'sub');
  repo.write('sub', 'a file where the submodule was\n');
  repo.git('add', 'sub');
  repo.git('commit', '--quiet', '-m', 'swap');
  commits['submodule-type-changes'] = { base: before, head: repo.git('rev-parse', 'HEAD').trim() };
});

afterAll(() => repo.cleanup());

describe('copies, as GitHub shows them', () => {
  test('a copied file is an added file: one hunk from line 1, every line added, no old side', async () => {
    const files = await filesOf('copy');
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ['a.txt', 'modified'],
      ['copy.txt', 'added'],
    ]);
    const copy = byPath(files, 'copy.txt');
    expect(copy.oldPath).toBeUndefined();
    expect(copy.hunks).toHaveLength(1);
    expect(copy.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 40 });
    expect(copy.hunks[0]!.lines.every((l) => l.kind === 'add')).toBe(true);
    expect([copy.additions, copy.deletions]).toEqual([40, 0]);
    // What `--find-copies` made of it: a copy of a.txt with a LEFT side GitHub does not show.
    const { base, head } = commits.copy!;
    expect(repo.git('diff', '--name-status', '-C', base, head)).toMatch(/^C\d+\ta\.txt\tcopy\.txt$/m);
  });

  test('a LEFT comment on the copy is not postable; RIGHT lines and ranges anywhere in it are', async () => {
    const files = await filesOf('copy');
    const finding = { path: 'copy.txt', severity: 'minor' as const, body: 'x', source: 'model' };
    const { comments, unanchored } = anchorFindings(files, [
      { ...finding, line: 20, side: 'LEFT' },
      { ...finding, line: 30, startLine: 2, side: 'RIGHT' },
      { ...finding, line: 40 },
    ]);
    expect(unanchored).toEqual([
      expect.objectContaining({ line: 20, reason: 'line 20 (LEFT) is outside the diff' }),
    ]);
    expect(comments).toEqual([
      expect.objectContaining({ line: 30, startLine: 2, side: 'RIGHT', startSide: 'RIGHT' }),
      expect.objectContaining({ line: 40, side: 'RIGHT' }),
    ]);
  });

  test('a renamed file is paired with the file it was renamed from, not with a file it equals', async () => {
    const files = await filesOf('copy-and-rename');
    expect(files.map((f) => [f.path, f.status, f.oldPath])).toEqual([
      ['a.txt', 'modified', undefined],
      ['c.txt', 'renamed', 'b.txt'],
    ]);
    const { base, head } = commits['copy-and-rename']!;
    expect(repo.git('diff', '--name-status', '-C', base, head)).toMatch(/^C100\ta\.txt\tc\.txt$/m);
    // Its LEFT lines are b.txt's (those c.txt changed: line 1 and the ten "other" lines at 31-40).
    const removed = byPath(files, 'c.txt').hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'del'));
    expect(removed.map((l) => [l.oldLine, l.text])).toEqual([
      [1, 'source 1'],
      ...Array.from({ length: 10 }, (_, i) => [31 + i, `other ${i + 1}`]),
    ]);
  });
});

describe('renames, at GitHub’s (git’s default) similarity threshold of 50%', () => {
  test('a file renamed with edits above the threshold is renamed; below it, deleted and added', async () => {
    const files = await filesOf('renames-with-edits');
    expect(byPath(files, 'first-moved.txt')).toMatchObject({ status: 'renamed', oldPath: 'first.txt' });
    expect(byPath(files, 'first-moved.txt').similarity).toBeGreaterThan(50);
    expect(byPath(files, 'second.txt').status).toBe('deleted');
    expect(byPath(files, 'second-moved.txt').status).toBe('added');
    expect(byPath(files, 'second-moved.txt').oldPath).toBeUndefined();
    // The case is near the threshold, not far from it: a lower one (30%) would pair it.
    const { base, head } = commits['renames-with-edits']!;
    expect(repo.git('diff', '--name-status', '-M30%', base, head)).toMatch(
      /^R\d+\tsecond\.txt\tsecond-moved\.txt$/m,
    );
  });

  test('git config of the user changes none of it (renames, copies, rename limit, hunks)', async () => {
    const plain = await Promise.all(Object.keys(commits).map((name) => filesOf(name)));
    expect(byPath(plain[2]!, 'two-hunks.txt').hunks).toHaveLength(2);
    for (const [key, value] of [
      ['diff.renames', 'copies'],
      ['diff.renameLimit', '1'],
      ['diff.algorithm', 'patience'],
      ['diff.interHunkContext', '20'],
      ['diff.indentHeuristic', 'false'],
      ['diff.context', '10'],
      ['diff.suppressBlankEmpty', 'true'],
      ['diff.submodule', 'log'],
      ['diff.ignoreSubmodules', 'all'],
      ['diff.external', 'false'],
      ['diff.noprefix', 'true'],
      ['core.quotePath', 'true'],
    ]) {
      repo.git('config', key!, value!);
    }
    try {
      const configured = await Promise.all(Object.keys(commits).map((name) => filesOf(name)));
      expect(configured).toEqual(plain);
    } finally {
      repo.git('config', '--remove-section', 'diff');
      repo.git('config', '--unset', 'core.quotePath');
    }
  });
});

// git prints a type change (file ↔ symlink ↔ submodule, `--raw` status T) as a deletion and a creation of
// the same path. GitHub's pull-request diff lists the path once and shows the new content as added lines, so
// only RIGHT lines take comments: the behaviour issue 15 reports from reviews of real commits (GitHub's docs
// do not describe type changes).
describe('type changes, one entry per path with the new content, as GitHub shows them', () => {
  test('a file that became a symlink: its link target as one added line, nothing on the LEFT', async () => {
    const files = await filesOf('type-changes');
    expect(files.map((f) => f.path)).toEqual(['f.txt', 'link']);
    const file = byPath(files, 'f.txt');
    expect(file).toMatchObject({
      status: 'type-changed',
      oldMode: '100644',
      newMode: '120000',
      binary: false,
      submodule: false,
      additions: 1,
      deletions: 0,
    });
    expect(file.hunks).toEqual([
      {
        oldStart: 0,
        oldLines: 0,
        newStart: 1,
        newLines: 1,
        lines: [{ kind: 'add', newLine: 1, text: 'target.txt', noNewlineAtEof: true }],
      },
    ]);
    expect(isCommentable(file, { line: 1, side: 'RIGHT' })).toBe(true);
    expect(isCommentable(file, { line: 1, side: 'LEFT' })).toBe(false);
  });

  test('a symlink that became a file: the file’s lines, all added', async () => {
    const file = byPath(await filesOf('type-changes'), 'link');
    expect(file).toMatchObject({ status: 'type-changed', oldMode: '120000', newMode: '100644' });
    expect(file.hunks).toHaveLength(1);
    expect(file.hunks[0]!.lines).toEqual([
      { kind: 'add', newLine: 1, text: 'now a file' },
      { kind: 'add', newLine: 2, text: 'with two lines' },
    ]);
    expect(file.newSize).toBe('now a file\nwith two lines\n'.length);
  });

  test('a file that became a submodule is a submodule; a submodule that became a file is that file', async () => {
    const files = await filesOf('submodule-type-changes');
    expect(files.map((f) => [f.path, f.status, f.submodule])).toEqual([
      ['sub', 'type-changed', false],
      ['target.txt', 'type-changed', true],
    ]);
    expect(byPath(files, 'sub').hunks[0]!.lines).toEqual([
      { kind: 'add', newLine: 1, text: 'a file where the submodule was' },
    ]);
  });
});
