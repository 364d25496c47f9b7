import type { DiffFile, Hunk, Side } from './types.js';

/**
 * GitHub accepts an inline review comment on a line that the PR diff shows: on the RIGHT side a context or
 * added line (new numbering), on the LEFT side a context or deleted line (old numbering). A multi-line comment
 * (start_line..line) must lie inside ONE hunk. "Pull request review comments" in GitHub's REST docs.
 */
export function hunkIndexOf(file: DiffFile, side: Side, line: number): number {
  return file.hunks.findIndex((hunk) => hunkHasLine(hunk, side, line));
}

export function hunkHasLine(hunk: Hunk, side: Side, line: number): boolean {
  if (side === 'RIGHT') {
    if (line < hunk.newStart || line >= hunk.newStart + hunk.newLines) return false;
    return hunk.lines.some((l) => l.newLine === line);
  }
  if (line < hunk.oldStart || line >= hunk.oldStart + hunk.oldLines) return false;
  return hunk.lines.some((l) => l.oldLine === line);
}

export interface LineRange {
  line: number;
  side: Side;
  startLine?: number;
  startSide?: Side;
}

/** True when GitHub would accept a review comment on this range of the file. */
export function isCommentable(file: DiffFile, range: LineRange): boolean {
  const end = hunkIndexOf(file, range.side, range.line);
  if (end === -1) return false;
  if (range.startLine === undefined) return true;
  const startSide = range.startSide ?? range.side;
  const start = hunkIndexOf(file, startSide, range.startLine);
  if (start !== end) return false;
  // Same side: start must come before the end line. Mixed sides (LEFT start, RIGHT end) are ordered by hunk
  // position, which GitHub checks the same way.
  const hunk = file.hunks[end]!;
  const position = (side: Side, line: number) =>
    hunk.lines.findIndex((l) => (side === 'RIGHT' ? l.newLine : l.oldLine) === line);
  return position(startSide, range.startLine) < position(range.side, range.line);
}
