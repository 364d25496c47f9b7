import type { DiffFile } from '../diff/types.js';
import { count } from '../review/count.js';

// What can be said of a change without the model: its shape, from the diff alone.

/** "modified (+3 −1)", "renamed from a.ts", "added (+12)": a row's note when no model read the file. */
export function statNote(file: DiffFile): string {
  const what =
    file.oldPath && file.oldPath !== file.path ? `${file.status} from ${file.oldPath}` : file.status;
  const lines = [
    file.additions > 0 ? `+${file.additions}` : '',
    file.deletions > 0 ? `−${file.deletions}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return lines ? `${what} (${lines})` : what;
}

/** "4 changed files: 1 added, 3 modified." — the summary when the model wrote none. */
export function statSummary(files: DiffFile[]): string {
  if (files.length === 0) return '';
  const byStatus = new Map<string, number>();
  for (const f of files) byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
  const parts = [...byStatus].map(([status, n]) => `${n} ${status}`);
  return `${count(files.length, 'changed file')}: ${parts.join(', ')}.`;
}
