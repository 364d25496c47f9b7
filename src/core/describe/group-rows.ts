import { count } from '../review/count.js';
import { notDescribed, type WalkthroughRow } from './walkthrough.js';

/** Past this many rows the table groups files by folder: a 1,000-file change must stay readable. */
export const MAX_ROWS = 60;
/** Longest note made by joining the notes of a group's files. */
const MERGED_NOTE_CHARS = 300;

/** Files shown as one row: one file, or a group of files under one folder. */
export interface RowLayout {
  paths: string[];
  grouped: boolean;
}

/**
 * The rows of the table. Files the model did not describe are grouped by folder (with their reason) right
 * away; then, while there are more than `maxRows` rows, the folder with the most rows becomes one, and when
 * no two rows share a folder, the deepest rows move up to their parent folder.
 */
export function layoutRows(
  paths: string[],
  undescribed: ReadonlyMap<string, string>,
  maxRows = MAX_ROWS,
): RowLayout[] {
  type Unit = RowLayout & { folder: string };
  const units: Unit[] = [];
  const byReason = new Map<string, Unit>();
  for (const path of paths) {
    const reason = undescribed.get(path);
    if (reason === undefined) {
      units.push({ folder: folderOf(path), paths: [path], grouped: false });
      continue;
    }
    const key = `${folderOf(path)}\u0000${reason}`;
    const unit = byReason.get(key);
    if (unit) {
      unit.paths.push(path);
      unit.grouped = true;
    } else {
      const created = { folder: folderOf(path), paths: [path], grouped: false };
      byReason.set(key, created);
      units.push(created);
    }
  }

  let rows = units;
  while (rows.length > maxRows) {
    const sizes = new Map<string, number>();
    for (const u of rows) sizes.set(u.folder, (sizes.get(u.folder) ?? 0) + 1);
    let best: string | undefined;
    for (const [folder, n] of sizes) {
      if (n < 2) continue;
      const b = best === undefined ? 0 : sizes.get(best)!;
      if (n > b || (n === b && depth(folder) > depth(best!))) best = folder;
    }
    if (best !== undefined) {
      const members = rows.filter((u) => u.folder === best);
      const merged: Unit = { folder: best, paths: members.flatMap((u) => u.paths), grouped: true };
      rows = [...rows.filter((u) => u.folder !== best), merged];
      continue;
    }
    const deepest = Math.max(...rows.map((u) => depth(u.folder)));
    if (deepest === 0) break; // cannot happen: rows at the root all share the root folder
    rows = rows.map((u) => (depth(u.folder) === deepest ? { ...u, folder: parentOf(u.folder) } : u));
  }
  return rows
    .map(({ paths: p, grouped }) => ({ paths: [...p].sort(), grouped }))
    .sort((a, b) => rowLabel(a).localeCompare(rowLabel(b)));
}

/** How a row names its files: the path, or the folder they share ("src/gen/", "./" for the root). */
export function rowLabel(row: { paths: string[]; grouped?: boolean }): string {
  if (row.paths.length === 1 && !row.grouped) return row.paths[0]!;
  const folders = row.paths.map((p) => folderOf(p).split('/').filter(Boolean));
  const shared: string[] = [];
  for (let i = 0; folders.every((f) => f[i] !== undefined && f[i] === folders[0]![i]); i++) {
    shared.push(folders[0]![i]!);
  }
  return shared.length > 0 ? `${shared.join('/')}/` : './';
}

/**
 * The note of a row. A file's own note, or its reason; a group's line from the model when it wrote one, else
 * its files' notes joined (the most frequent first), with the files not described counted by reason.
 */
export function rowNote(
  row: RowLayout,
  notes: ReadonlyMap<string, string>,
  undescribed: ReadonlyMap<string, string>,
  groupNote?: string,
): string {
  const reasons = new Map<string, number>();
  const written: string[] = [];
  for (const path of row.paths) {
    const note = notes.get(path);
    if (note !== undefined) written.push(note);
    else {
      const reason = undescribed.get(path) ?? 'no note';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  if (written.length === 0) return notDescribed([...reasons.keys()].join('; '));
  const text = groupNote ?? joinNotes(written);
  if (reasons.size === 0) return text;
  const rest = [...reasons].map(([reason, n]) => `${count(n, 'file')} ${notDescribed(reason)}`);
  return `${text} (${rest.join('; ')})`;
}

export function toRows(
  layout: RowLayout[],
  notes: ReadonlyMap<string, string>,
  undescribed: ReadonlyMap<string, string>,
  groupNotes: ReadonlyMap<string, string> = new Map(),
): WalkthroughRow[] {
  return layout.map((row) => ({
    paths: row.paths,
    note: rowNote(row, notes, undescribed, row.grouped ? groupNotes.get(rowLabel(row)) : undefined),
  }));
}

function joinNotes(notes: string[]): string {
  const frequency = new Map<string, number>();
  for (const note of notes) {
    const n = note.trim().replace(/[.\s]+$/, '');
    frequency.set(n, (frequency.get(n) ?? 0) + 1);
  }
  const distinct = [...frequency].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  let text = '';
  for (const [i, note] of distinct.entries()) {
    const next = text ? `${text}; ${note}` : note;
    if (next.length > MERGED_NOTE_CHARS) {
      return text ? `${text}; and ${distinct.length - i} more` : `${note.slice(0, MERGED_NOTE_CHARS)}…`;
    }
    text = next;
  }
  return text;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function parentOf(folder: string): string {
  return folderOf(folder);
}

function depth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

/** Rows made elsewhere, grouped by folder when there are more than `maxRows` (for the rendered table). */
export function regroupRows(rows: WalkthroughRow[], maxRows = MAX_ROWS): WalkthroughRow[] {
  if (rows.length <= maxRows) return rows;
  const notes = new Map(rows.flatMap((row) => row.paths.map((p) => [p, row.note] as const)));
  return toRows(layoutRows([...notes.keys()], new Map(), maxRows), notes, new Map());
}
