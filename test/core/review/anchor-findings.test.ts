import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isCommentable, type LineRange } from '../../../src/core/diff/commentable.js';
import type { DiffFile } from '../../../src/core/diff/types.js';
import { anchorFindings, fence } from '../../../src/core/review/anchor-findings.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import { numberedLines, type TestRepo } from '../../helpers/git-repo.js';
import { changeBetween } from '../../helpers/review-fixture.js';

// Two hunks on a 40-line file: line 10 replaced (hunk 7–13) and a line added after 30 (hunk 28–34).
let repo: TestRepo;
let files: DiffFile[];
beforeAll(async () => {
  const base = numberedLines(40);
  const head = base.replace('line 10\n', 'line ten\n').replace('line 30\n', 'line 30\nline 30b\n');
  const built = await changeBetween({ 'a.ts': base, 'gone.ts': 'x\ny\n' }, { 'a.ts': head, 'gone.ts': null });
  repo = built.repo;
  files = built.change.files;
});
afterAll(() => repo.cleanup());

const finding = (f: Partial<Finding>): Finding => ({
  path: 'a.ts',
  line: 10,
  severity: 'minor',
  body: 'b',
  source: 'model',
  ...f,
});

describe("GitHub's commentable-line rule", () => {
  test.each<[LineRange, boolean]>([
    [{ line: 10, side: 'RIGHT' }, true],
    [{ line: 7, side: 'RIGHT' }, true], // unchanged context line inside the hunk
    [{ line: 10, side: 'LEFT' }, true], // the removed line
    [{ line: 20, side: 'RIGHT' }, false], // between hunks
    [{ line: 31, side: 'RIGHT' }, true],
    [{ line: 41, side: 'RIGHT' }, false],
    [{ startLine: 8, line: 12, side: 'RIGHT' }, true],
    [{ startLine: 12, line: 31, side: 'RIGHT' }, false], // crosses two hunks
    [{ startLine: 12, line: 8, side: 'RIGHT' }, false], // reversed
    [{ startLine: 10, startSide: 'LEFT', line: 10, side: 'RIGHT' }, true], // removed line to its replacement
  ])('%o → %s', (range, expected) => {
    expect(
      isCommentable(
        files.find((f) => f.path === 'a.ts')!,
        range,
      ),
    ).toBe(expected);
  });
});

describe('anchoring findings', () => {
  test('keeps a valid range and a committable suggestion', () => {
    const { comments } = anchorFindings(files, [finding({ startLine: 9, line: 11, suggestion: 'fixed' })]);
    expect(comments).toEqual([
      expect.objectContaining({
        startLine: 9,
        line: 11,
        side: 'RIGHT',
        startSide: 'RIGHT',
        suggestion: 'fixed',
      }),
    ]);
  });

  test('puts a reversed range (start_line after line) in order', () => {
    const { comments } = anchorFindings(files, [finding({ startLine: 12, line: 9 })]);
    expect(comments).toEqual([expect.objectContaining({ startLine: 9, line: 12 })]);
  });

  test('shrinks a range that crosses hunks to its line, and the suggestion moves into the body', () => {
    const { comments } = anchorFindings(files, [finding({ startLine: 12, line: 31, suggestion: 'x' })]);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ line: 31 });
    expect(comments[0]!.startLine).toBeUndefined();
    expect(comments[0]!.suggestion).toBeUndefined();
    expect(comments[0]!.body).toContain('Suggested replacement:\n```\nx\n```');
  });

  test('a line outside the diff, a deleted file on the RIGHT and an unknown file stay unanchored with reasons', () => {
    const { comments, unanchored } = anchorFindings(files, [
      finding({ line: 20 }),
      finding({ path: 'gone.ts', line: 1, side: 'RIGHT' }),
      finding({ path: 'nowhere.ts', line: 1 }),
    ]);
    expect(comments).toEqual([]);
    expect(unanchored.map((u) => u.reason)).toEqual([
      'line 20 (RIGHT) is outside the diff',
      'line 1 (RIGHT) is outside the diff',
      'the file is not part of this change',
    ]);
  });

  test('a line of a deleted file with no side goes to the LEFT, where suggestions are not committable', () => {
    const { comments } = anchorFindings(files, [finding({ path: 'gone.ts', line: 2, suggestion: 'z' })]);
    expect(comments).toEqual([expect.objectContaining({ path: 'gone.ts', line: 2, side: 'LEFT' })]);
    expect(comments[0]!.suggestion).toBeUndefined();
  });

  test('a line with no side is a RIGHT line, even where the same number is an old line in the diff', async () => {
    // Lines 30–33 removed: old line 35 is context inside the hunk, new line 35 (old 39) is outside it.
    const base = numberedLines(40);
    const head = base.replace('line 30\nline 31\nline 32\nline 33\n', '');
    const built = await changeBetween({ 'b.ts': base }, { 'b.ts': head });
    try {
      const { comments, unanchored } = anchorFindings(built.change.files, [
        finding({ path: 'b.ts', line: 35 }),
      ]);
      expect(comments).toEqual([]);
      expect(unanchored).toEqual([
        expect.objectContaining({ line: 35, reason: 'line 35 (RIGHT) is outside the diff' }),
      ]);
    } finally {
      built.repo.cleanup();
    }
  });

  test('accepts diff-prefixed paths from the model', () => {
    const { comments } = anchorFindings(files, [
      finding({ path: 'b/a.ts' }),
      finding({ path: './a.ts', line: 31 }),
    ]);
    expect(comments.map((c) => c.path)).toEqual(['a.ts', 'a.ts']);
  });
});

describe('suggestion fences', () => {
  test.each([
    ['const a = 1;', '```suggestion\nconst a = 1;\n```'],
    ['const s = `x`;', '```suggestion\nconst s = `x`;\n```'],
    ['md = "```js"', '````suggestion\nmd = "```js"\n````'],
    ['a ````` b', '``````suggestion\na ````` b\n``````'],
    ['', '```suggestion\n```'],
  ])('%j is fenced so the code cannot close the fence', (code, expected) => {
    expect(fence(code, 'suggestion')).toBe(expected);
  });
});
