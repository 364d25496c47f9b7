import { parseHunks } from './parse-hunks.js';
import type { DiffFile, FileStatus } from './types.js';

const GITLINK_MODE = '160000';
const NULL_MODE = '000000';

interface RawEntry {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
  letter: string;
  similarity?: number;
  path: string;
  oldPath?: string;
}

const STATUS_BY_LETTER: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
};

/**
 * Parses `git diff --raw -z --no-abbrev` output. The NUL-separated form is the one git never quotes, so paths
 * with spaces, quotes, newlines or non-ASCII characters arrive exactly as they are in the tree.
 */
export function parseRawZ(raw: string): RawEntry[] {
  const fields = raw.split('\0');
  const entries: RawEntry[] = [];
  let i = 0;
  while (i < fields.length) {
    const meta = fields[i++];
    if (!meta) continue;
    const match = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])(\d*)$/.exec(meta.trim());
    if (!match) throw new Error(`unexpected line in git diff --raw output: ${JSON.stringify(meta)}`);
    const [, oldMode, newMode, oldBlob, newBlob, letter, score] = match as unknown as string[];
    const first = fields[i++] ?? '';
    const twoPaths = letter === 'R' || letter === 'C';
    const second = twoPaths ? (fields[i++] ?? '') : undefined;
    entries.push({
      oldMode: oldMode!,
      newMode: newMode!,
      oldBlob: oldBlob!,
      newBlob: newBlob!,
      letter: letter!,
      similarity: score ? Number(score) : undefined,
      path: second ?? first,
      oldPath: twoPaths ? first : undefined,
    });
  }
  return entries;
}

/**
 * Splits a full `git diff` patch into one section per file. Content lines always start with ' ', '+', '-' or
 * '\', so a line that starts with "diff --git " is always a file header.
 */
export function splitPatchByFile(patch: string): string[] {
  const sections: string[] = [];
  let start = -1;
  let at = 0;
  while (at <= patch.length) {
    const lineEnd = patch.indexOf('\n', at);
    const end = lineEnd === -1 ? patch.length : lineEnd + 1;
    if (patch.startsWith('diff --git ', at)) {
      if (start !== -1) sections.push(patch.slice(start, at));
      start = at;
    }
    if (lineEnd === -1) break;
    at = end;
  }
  if (start !== -1) sections.push(patch.slice(start));
  return sections;
}

function isBinarySection(section: string): boolean {
  // git prints "Binary files a/x and b/x differ" (or "GIT binary patch" with --binary) instead of hunks.
  const headerEnd = section.indexOf('\n@@');
  const header = headerEnd === -1 ? section : section.slice(0, headerEnd);
  return /^Binary files .* differ$/m.test(header) || /^GIT binary patch$/m.test(header);
}

/** The kind of tree entry a mode names (regular file, symlink, gitlink), without its permission bits. */
const entryType = (mode: string) => Number.parseInt(mode, 8) & 0o170000;

/**
 * A pair whose two sides are different kinds of entry (file ↔ symlink ↔ submodule): git prints it as a
 * deletion and then a creation of the same path (diff.c `run_diff`), behind ONE `--raw` entry with status T.
 */
function changesType(entry: RawEntry): boolean {
  return (
    entry.oldMode !== NULL_MODE &&
    entry.newMode !== NULL_MODE &&
    entryType(entry.oldMode) !== entryType(entry.newMode)
  );
}

/**
 * Builds the diff model from the two views git gives of the same diff (same options, so the same files in
 * the same order): `--raw -z` for statuses, modes and exact paths, and the patch for hunks.
 */
export function parseGitDiff(raw: string, patch: string): DiffFile[] {
  const entries = parseRawZ(raw);
  const sections = splitPatchByFile(patch);
  const expected = entries.reduce((sum, entry) => sum + (changesType(entry) ? 2 : 1), 0);
  if (sections.length !== expected) {
    throw new Error(
      `git diff gave ${entries.length} files (${expected} patch sections) in --raw output but ` +
        `${sections.length} sections in the patch; ` +
        'a git config option (e.g. diff.external) may be changing the patch format',
    );
  }
  let next = 0;
  return entries.map((entry) => {
    const typeChange = changesType(entry);
    // Of a type change GitHub's pull-request diff shows the new content only, as added lines: the creation
    // is this file's diff, and the deletion before it has no line GitHub would take a comment on.
    if (typeChange) next++;
    const section = sections[next++] ?? '';
    const binary = isBinarySection(section);
    const hunks = binary ? [] : parseHunks(section);
    let additions = 0;
    let deletions = 0;
    for (const hunk of hunks) {
      for (const line of hunk.lines) {
        if (line.kind === 'add') additions++;
        else if (line.kind === 'del') deletions++;
      }
    }
    const status = typeChange ? 'type-changed' : (STATUS_BY_LETTER[entry.letter] ?? 'modified');
    const file: DiffFile = {
      path: entry.path,
      status,
      oldMode: entry.oldMode === NULL_MODE ? undefined : entry.oldMode,
      newMode: entry.newMode === NULL_MODE ? undefined : entry.newMode,
      modeChanged:
        entry.oldMode !== NULL_MODE && entry.newMode !== NULL_MODE && entry.oldMode !== entry.newMode,
      binary,
      // A submodule that became a file is reviewed as the file it now is.
      submodule: typeChange
        ? entry.newMode === GITLINK_MODE
        : entry.oldMode === GITLINK_MODE || entry.newMode === GITLINK_MODE,
      oldBlob: entry.oldBlob,
      newBlob: entry.newBlob,
      additions,
      deletions,
      hunks,
    };
    if (entry.oldPath !== undefined) file.oldPath = entry.oldPath;
    if (entry.similarity !== undefined) file.similarity = entry.similarity;
    return file;
  });
}
