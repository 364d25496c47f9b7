import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { listDirectory } from './directory-listing.js';
import { renderNumbered } from './numbered-lines.js';
import { decodeTextFile, splitLines } from './text-file.js';
import { ToolError } from './tool-error.js';
import type { WorkspacePaths } from './workspace-paths.js';

export interface ViewLimits {
  /** Characters of a view result (the editor definition's `max_characters`). */
  maxViewCharacters: number;
  /** Files larger than this are not read whole: the model is pointed to search_code or bash. */
  maxFileBytes: number;
  /** Entries of a directory listing. */
  maxDirectoryEntries: number;
}

export type ViewRange = readonly [number, number];

/** The `view` command: a file with numbered lines (all, or `range`), or a directory two levels deep. */
export async function viewPath(
  paths: WorkspacePaths,
  given: string,
  range: ViewRange | null | undefined,
  limits: ViewLimits,
): Promise<string> {
  const target = paths.resolve(given, 'read');
  const shown = target.relative || '.';
  const info = await statOrThrow(target.absolute, shown);
  if (info.isDirectory()) {
    if (range) throw new ToolError(`view_range applies to files; ${shown} is a directory`);
    return viewDirectory(target.absolute, target.relative, shown, limits);
  }
  if (!info.isFile()) throw new ToolError(`${shown} is not a regular file`);
  if (info.size > limits.maxFileBytes) {
    throw new ToolError(
      `${shown} is ${info.size} bytes, more than the ${limits.maxFileBytes} the editor reads; ` +
        'use search_code to find the lines you need, or bash (sed -n 100,200p FILE) to print a part of it',
    );
  }
  const lines = splitLines(decodeTextFile(await readFile(target.absolute), shown).text);
  if (lines.length === 0) {
    if (range) throw new ToolError(`${shown} is empty: there are no lines to show`);
    return `${shown} is empty.`;
  }
  const [first, last] = checkRange(range, lines.length, shown);
  const rendered = renderNumbered(lines, first, last, limits.maxViewCharacters);
  const notes: string[] = [];
  if (rendered.cutLine) {
    notes.push(`[Line ${first} is longer than ${limits.maxViewCharacters} characters and was cut.]`);
  } else if (rendered.lastShown < last) {
    const next = rendered.lastShown + 1;
    const span = rendered.lastShown - first + 1;
    notes.push(
      `[Output truncated at ${limits.maxViewCharacters} characters: showed lines ${first}-${rendered.lastShown} ` +
        `of ${lines.length}. Use view_range, e.g. [${next}, ${Math.min(last, next + span - 1)}], to see more.]`,
    );
  }
  if (range && range[1] > lines.length) notes.push(`[${shown} has ${lines.length} lines.]`);
  return [rendered.text, ...notes].join('\n');
}

function checkRange(range: ViewRange | null | undefined, lineCount: number, shown: string): [number, number] {
  if (!range) return [1, lineCount];
  const [first, last] = range;
  if (first < 1) throw new ToolError(`view_range starts at line ${first}; lines are numbered from 1`);
  if (first > lineCount) {
    throw new ToolError(`view_range starts at line ${first}, but ${shown} has only ${lineCount} lines`);
  }
  if (last === -1) return [first, lineCount];
  if (last < first) {
    throw new ToolError(
      `view_range [${first}, ${last}] ends before it starts; use -1 as the end to read to the end`,
    );
  }
  return [first, Math.min(last, lineCount)];
}

async function viewDirectory(absolute: string, relative: string, shown: string, limits: ViewLimits) {
  const { entries, omitted } = await listDirectory(absolute, relative, limits.maxDirectoryEntries);
  const header =
    `Files and directories up to 2 levels deep in ${shown}, ` + 'excluding hidden items and node_modules:';
  const body = entries.length > 0 ? entries.join('\n') : '(no entries)';
  const more =
    omitted > 0 ? `\n[${omitted} more entries not shown: view a subdirectory or use list_files.]` : '';
  return `${header}\n${body}${more}`;
}

export async function statOrThrow(absolute: string, shown: string): Promise<Stats> {
  const info = await statIfExists(absolute, shown);
  if (!info) throw new ToolError(`${shown} does not exist`);
  return info;
}

/** The file's stats, undefined when nothing is there; other failures become messages for the model. */
export async function statIfExists(absolute: string, shown: string): Promise<Stats | undefined> {
  try {
    return await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES') throw new ToolError(`${shown} cannot be read (permission denied)`);
    throw error;
  }
}
