import { hunkIndexOf, isCommentable } from '../diff/commentable.js';
import type { DiffFile, Side } from '../diff/types.js';
import type { Finding, ReviewComment } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';

/** Model paths sometimes carry diff prefixes ("b/src/x.ts") or "./"; the diff's own paths are the truth. */
export function resolvePath(path: string, files: ReadonlyMap<string, DiffFile>): DiffFile | undefined {
  const candidates = [path, path.replace(/^\.\//, ''), path.replace(/^[ab]\//, ''), path.replace(/^\//, '')];
  for (const candidate of candidates) {
    const file = files.get(candidate);
    if (file) return file;
  }
  return undefined;
}

/**
 * Places each finding on lines GitHub accepts (see commentable.ts), repairing what can be repaired without
 * guessing: a reversed range is put in order, a range that crosses hunks shrinks to its last line, and a
 * line of a deleted file given without a side goes to the LEFT side. Everything else is
 * kept as "unanchored" with the reason — never dropped.
 */
export function anchorFindings(
  files: DiffFile[],
  findings: Finding[],
  options: { rightSideOnly?: boolean } = {},
): { comments: ReviewComment[]; unanchored: UnanchoredFinding[] } {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const comments: ReviewComment[] = [];
  const unanchored: UnanchoredFinding[] = [];
  for (const finding of findings) {
    // An incremental review's removed lines belong to the previous push, not to the PR's base side.
    const result =
      options.rightSideOnly && finding.side === 'LEFT'
        ? { reason: 'the removed line is not on the pull request diff' }
        : anchorOne(byPath, finding);
    if ('reason' in result) {
      unanchored.push({
        path: finding.path,
        line: finding.line,
        severity: finding.severity,
        body: withUnplacedSuggestion(finding),
        source: finding.source,
        reason: result.reason,
      });
    } else {
      comments.push(result);
    }
  }
  return { comments, unanchored };
}

function anchorOne(byPath: Map<string, DiffFile>, finding: Finding): ReviewComment | { reason: string } {
  const file = resolvePath(finding.path, byPath);
  if (!file) return { reason: 'the file is not part of this change' };
  if (file.hunks.length === 0) return { reason: 'the file has no diff lines to comment on' };

  const side = chooseSide(file, finding);
  if (hunkIndexOf(file, side, finding.line) === -1) {
    return { reason: `line ${finding.line} (${side}) is outside the diff` };
  }
  let startLine = finding.startLine;
  let line = finding.line;
  if (startLine !== undefined && startLine > line) [startLine, line] = [line, startLine];
  if (startLine === line) startLine = undefined;

  const base = {
    path: file.path,
    side,
    severity: finding.severity,
    body: finding.body,
    source: finding.source,
  };
  if (startLine !== undefined && isCommentable(file, { line, side, startLine, startSide: side })) {
    return withSuggestion({ ...base, line, startLine, startSide: side }, finding, file);
  }
  // The range crossed a hunk boundary (or its end was outside): keep the line the finding is about.
  if (hunkIndexOf(file, side, finding.line) !== -1) {
    const single = { ...base, line: finding.line };
    return startLine === undefined
      ? withSuggestion(single, finding, file)
      : { ...single, body: withUnplacedSuggestion(finding) };
  }
  return { reason: `lines ${finding.startLine}–${finding.line} are outside the diff` };
}

/**
 * No side means RIGHT, as submit_review's schema says (new numbering). Reading it as LEFT where the new line is
 * outside the diff would be a guess that often lands on other code: old line N of a removed block is not
 * new line N. Only a deleted file, which has no RIGHT side at all, is read as LEFT.
 */
function chooseSide(file: DiffFile, finding: Finding): Side {
  if (finding.side) return finding.side;
  return file.status === 'deleted' ? 'LEFT' : 'RIGHT';
}

/** A suggestion is committable only on the RIGHT side; elsewhere its text stays in the body. */
function withSuggestion(comment: ReviewComment, finding: Finding, file: DiffFile): ReviewComment {
  if (finding.suggestion === undefined) return comment;
  if (comment.side === 'RIGHT' && isCommentable(file, comment))
    return { ...comment, suggestion: finding.suggestion };
  return { ...comment, body: withUnplacedSuggestion(finding) };
}

function withUnplacedSuggestion(finding: Finding): string {
  if (finding.suggestion === undefined) return finding.body;
  return `${finding.body}\n\nSuggested replacement:\n${fence(finding.suggestion, '')}`;
}

/**
 * A code fence longer than any backtick run inside the code, so the code cannot close it early
 * (CommonMark: a closing fence must be at least as long as the opening one).
 */
export function fence(code: string, info: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longestRun + 1));
  const body = code === '' || code.endsWith('\n') ? code : `${code}\n`;
  return `${ticks}${info}\n${body}${ticks}`;
}
