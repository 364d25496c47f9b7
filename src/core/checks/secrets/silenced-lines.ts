import type { DiffFile } from '../../diff/types.js';

/**
 * New-file lines whose secrets the author has marked as not secret: `pullwise:allow-secret` on the line, and
 * secretlint's comments (`secretlint-disable-line`, `secretlint-disable-next-line`, and
 * `secretlint-disable` … `secretlint-enable` blocks), read from the lines the diff shows. A comment that names
 * one secretlint rule silences every rule: Pullwise's rules are not secretlint's.
 */
export function silencedLines(file: DiffFile): Set<number> {
  const lines = new Map<number, string>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind !== 'del' && line.newLine !== undefined) lines.set(line.newLine, line.text);
    }
  }
  const silenced = new Set<number>();
  let blockFrom: number | undefined;
  for (const [n, text] of [...lines].sort((a, b) => a[0] - b[0])) {
    if (/pullwise:allow-secret|secretlint-disable-line/.test(text)) silenced.add(n);
    if (/secretlint-disable-next-line/.test(text)) silenced.add(n + 1);
    else if (/secretlint-disable(?![-\w])/.test(text)) blockFrom ??= n;
    if (/secretlint-enable(?![-\w])/.test(text)) blockFrom = undefined;
    if (blockFrom !== undefined) silenced.add(n);
  }
  return silenced;
}
