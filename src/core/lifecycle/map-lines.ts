import type { DiffFile, DiffLine } from '../diff/types.js';

/** Where lines of a file's old side are on its new side, by a diff between the two. */
export type MappedLines =
  | { kind: 'unchanged'; startLine: number; line: number }
  | { kind: 'changed'; startLine: number; line: number }
  | { kind: 'removed' };

/**
 * Maps old-side lines `start..end` through `file`'s hunks: untouched lines move by what was added or removed
 * above them; lines the diff rewrote map to the lines written in their place (as do lines inserted inside
 * the range). `removed` when the file is gone, or every line was deleted and nothing written instead. A file
 * the diff does not list is unchanged (pass undefined).
 */
export function mapLines(file: DiffFile | undefined, start: number, end: number): MappedLines {
  if (!file) return { kind: 'unchanged', startLine: start, line: end };
  if (file.status === 'deleted') return { kind: 'removed' };
  const taken: number[] = [];
  let changed = false;
  let shift = 0;
  let cursor = start;
  for (const hunk of file.hunks) {
    const firstOld = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    if (firstOld > end + 1) break;
    for (; cursor <= end && cursor < firstOld; cursor++) taken.push(cursor + shift);
    for (const block of blocksOf(hunk.lines, firstOld)) {
      if (block.kind === 'context') {
        if (block.oldLine >= start && block.oldLine <= end) taken.push(block.newLine);
        continue;
      }
      const rewrites = block.deleted.some((n) => n >= start && n <= end);
      const inside = block.deleted.length === 0 && block.before >= start && block.before < end;
      if (rewrites || inside) {
        changed = true;
        taken.push(...block.added);
      }
    }
    const oldNext = firstOld + hunk.oldLines;
    const newNext = (hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart) + hunk.newLines;
    shift = newNext - oldNext;
    cursor = Math.max(cursor, oldNext);
  }
  for (; cursor <= end; cursor++) taken.push(cursor + shift);
  if (taken.length === 0) return { kind: 'removed' };
  return { kind: changed ? 'changed' : 'unchanged', startLine: Math.min(...taken), line: Math.max(...taken) };
}

type Block =
  | { kind: 'context'; oldLine: number; newLine: number }
  /** A run of removed and added lines; `before`: the old line just above it. */
  | { kind: 'change'; deleted: number[]; added: number[]; before: number };

function* blocksOf(lines: DiffLine[], firstOld: number): Generator<Block> {
  let lastOld = firstOld - 1;
  let run: { deleted: number[]; added: number[]; before: number } | undefined;
  for (const line of lines) {
    if (line.kind === 'context') {
      if (run) yield { kind: 'change', ...run };
      run = undefined;
      lastOld = line.oldLine!;
      yield { kind: 'context', oldLine: line.oldLine!, newLine: line.newLine! };
      continue;
    }
    run ??= { deleted: [], added: [], before: lastOld };
    if (line.kind === 'del') {
      run.deleted.push(line.oldLine!);
      lastOld = line.oldLine!;
    } else run.added.push(line.newLine!);
  }
  if (run) yield { kind: 'change', ...run };
}
