import type { DiffFile, Hunk } from '../diff/types.js';
import { enclosingDeclaration } from './enclosing-declaration.js';

/**
 * How the model sees a file: a header, then each hunk as numbered lines, one number per line so that line
 * numbers cost few tokens. The marker after the number says which file the number belongs to: '+' added and
 * ' ' unchanged lines carry their number in the new file (RIGHT side), '-' removed lines their number in the old
 * file (LEFT side), and ':' marks surrounding code shown for reference only (outside the diff, so GitHub refuses
 * comments there).
 */
export interface RenderOptions {
  /** Extra lines of head-side code shown around each hunk. */
  contextLines: number;
  /** Longest gap (in lines) between a hunk and its enclosing declaration that is shown in full. */
  declarationGap?: number;
  /** Head-side lines that hold a secret found by the checks: the model never sees their text. */
  redactLines?: ReadonlySet<number>;
}

export const REDACTED = '⟨line withheld: the secrets check found a credential here⟩';

export const LINE_FORMAT_HELP =
  'Each diff line reads "N M text": M is "+" for an added line and " " for an unchanged one (N is its line ' +
  'number in the new file, side RIGHT), "-" for a removed line (N is its number in the old file, side LEFT), ' +
  'or ":" for surrounding code shown for reference only (not part of the diff, so it cannot carry a comment).';

export function fileHeader(file: DiffFile): string {
  const notes: string[] = [file.status];
  if (file.oldPath && file.oldPath !== file.path) notes.push(`from ${file.oldPath}`);
  if (file.modeChanged) notes.push(`mode ${file.oldMode} → ${file.newMode}`);
  return `=== ${file.path} (${notes.join(', ')}) ===`;
}

/** What to say about a file that has no hunks (pure rename, mode change, empty file). */
export function noHunksNote(file: DiffFile): string {
  if (file.status === 'added') return '(new empty file)';
  if (file.status === 'renamed' || file.status === 'copied') return '(content unchanged)';
  if (file.status === 'type-changed') return '(changed its type; the new content is empty)';
  if (file.modeChanged) return '(only the file mode changed)';
  return '(no textual change)';
}

/** One text block per hunk, each with its own reference context; blocks never repeat a line. */
export function renderHunkBlocks(file: DiffFile, headText: string | null, options: RenderOptions): string[] {
  const head = headText === null ? null : headText.split('\n');
  if (head && head[head.length - 1] === '') head.pop();
  const redact = options.redactLines ?? new Set<number>();
  if (head) for (const n of redact) if (n >= 1 && n <= head.length) head[n - 1] = REDACTED;
  const width = String(
    Math.max(...file.hunks.map((h) => Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)), 1),
  ).length;
  const blocks: string[] = [];
  let shownUpTo = 0; // last head line already shown, so context never overlaps the previous block
  file.hunks.forEach((hunk, index) => {
    const out: string[] = [];
    const next = file.hunks[index + 1];
    if (head && file.status !== 'deleted') {
      const firstNew = hunk.newLines > 0 ? hunk.newStart : hunk.newStart + 1;
      const before = Math.max(shownUpTo + 1, firstNew - options.contextLines, 1);
      const declaration = enclosingDeclaration(head, firstNewChanged(hunk) ?? firstNew);
      if (declaration !== undefined && declaration < before && declaration > shownUpTo) {
        const gap = options.declarationGap ?? 40;
        if (before - declaration <= gap) {
          for (let n = declaration; n < before; n++) out.push(referenceLine(head, n, width));
        } else {
          out.push(referenceLine(head, declaration, width), `${' '.repeat(width)}: ⋮`);
        }
      }
      for (let n = before; n < firstNew; n++) out.push(referenceLine(head, n, width));
      out.push(...hunkLines(hunk, width, redact));
      const lastNew = hunk.newStart + hunk.newLines - 1;
      const nextStart = next ? next.newStart : Infinity;
      const after = Math.min(
        lastNew + options.contextLines,
        head.length,
        nextStart - 1 - options.contextLines,
      );
      for (let n = lastNew + 1; n <= after; n++) out.push(referenceLine(head, n, width));
      shownUpTo = Math.max(lastNew, after);
    } else {
      out.push(...hunkLines(hunk, width, redact));
    }
    blocks.push(out.join('\n'));
  });
  return blocks;
}

function firstNewChanged(hunk: Hunk): number | undefined {
  // The first added line; a removal-only hunk has none and uses the hunk start instead.
  return hunk.lines.find((l) => l.kind === 'add')?.newLine;
}

function referenceLine(head: readonly string[], n: number, width: number): string {
  return `${String(n).padStart(width)}: ${head[n - 1] ?? ''}`;
}

function hunkLines(hunk: Hunk, width: number, redact: ReadonlySet<number>): string[] {
  return hunk.lines.map((l) => {
    const text = l.newLine !== undefined && redact.has(l.newLine) ? REDACTED : l.text.replace(/\r$/, '');
    const number = l.kind === 'del' ? l.oldLine : l.newLine;
    const marker = l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ';
    const eof = l.noNewlineAtEof ? '  ⟨no newline at end of file⟩' : '';
    return `${String(number).padStart(width)}${marker} ${text}${eof}`;
  });
}
