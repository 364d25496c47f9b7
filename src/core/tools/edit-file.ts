import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderNumbered } from './numbered-lines.js';
import { findSyntaxError } from './syntax-check.js';
import {
  decodeTextFile,
  encodeTextFile,
  normalizeModelText,
  splitLines,
  type TextFile,
} from './text-file.js';
import { ToolError } from './tool-error.js';
import { statIfExists } from './view-path.js';
import type { WorkspacePath, WorkspacePaths } from './workspace-paths.js';

export interface EditOutcome {
  /** The tool result text: what was done, a syntax error if the file no longer parses, the edited lines. */
  message: string;
  /** The path (relative to the root) whose content changed; undefined when the file is byte-for-byte the same. */
  changed?: string;
}

export interface EditLimits {
  maxFileBytes: number;
}

// Lines of context shown around an edit, and the most lines such a snippet shows.
const CONTEXT_LINES = 3;
const SNIPPET_MAX_CHARS = 4000;

export async function createFile(
  paths: WorkspacePaths,
  given: string,
  fileText: string,
): Promise<EditOutcome> {
  const target = writableTarget(paths, given);
  const shown = target.relative;
  const previous = await readIfExists(target);
  // Rewriting a CRLF file with the model's `\n` text would turn every line into a change.
  const content =
    previous?.file?.eol === '\r\n' && !fileText.includes('\r') ? fileText.replaceAll('\n', '\r\n') : fileText;
  await mkdir(path.dirname(target.absolute), { recursive: true });
  await writeFile(target.absolute, content);
  const lineCount = splitLines(fileText).length;
  const verb = previous ? 'Overwrote' : 'Created';
  return {
    message: withSyntaxCheck(
      `${verb} ${shown} (${lineCount} ${lineCount === 1 ? 'line' : 'lines'}).`,
      shown,
      fileText,
    ),
    changed: previous?.bytes.equals(Buffer.from(content)) ? undefined : shown,
  };
}

export async function replaceInFile(
  paths: WorkspacePaths,
  given: string,
  oldStr: string,
  newStr: string,
  limits: EditLimits,
): Promise<EditOutcome> {
  if (oldStr === '') throw new ToolError('old_str is empty: give the exact text to replace');
  const target = writableTarget(paths, given);
  const shown = target.relative;
  const file = await readExisting(target, limits);
  const needle = normalizeModelText(oldStr, file.eol);
  const replacement = normalizeModelText(newStr, file.eol);
  const offsets = occurrences(file.text, needle);
  if (offsets.length === 0) {
    throw new ToolError(
      `No match for old_str in ${shown}; nothing was replaced. old_str must match the file exactly, ` +
        'including whitespace and indentation: view the file and copy the lines.',
    );
  }
  if (offsets.length > 1) {
    const lines = offsets.map((offset) => lineAt(file.text, offset));
    throw new ToolError(
      `old_str matches ${offsets.length} times in ${shown} (at lines ${lines.join(', ')}); nothing was ` +
        'replaced. Include more surrounding lines so that it matches exactly once.',
    );
  }
  const offset = offsets[0]!;
  const text = file.text.slice(0, offset) + replacement + file.text.slice(offset + needle.length);
  const first = lineAt(file.text, offset);
  const last = first + Math.max(0, splitLines(replacement).length - 1);
  return writeEdit(target, file, text, first, last);
}

export async function insertIntoFile(
  paths: WorkspacePaths,
  given: string,
  insertLine: number,
  insertText: string,
  limits: EditLimits,
): Promise<EditOutcome> {
  const target = writableTarget(paths, given);
  const file = await readExisting(target, limits);
  const lines = splitLines(file.text);
  if (insertLine < 0 || insertLine > lines.length) {
    throw new ToolError(
      `insert_line ${insertLine} is out of range: ${target.relative} has ${lines.length} lines ` +
        `(use 0 to insert at the top, ${lines.length} to append at the end)`,
    );
  }
  const inserted = splitLines(normalizeModelText(insertText, file.eol));
  if (inserted.length === 0) inserted.push('');
  // The file keeps its own convention for the last line; an empty file gets a final newline.
  const finalNewline = file.text === '' || file.text.endsWith('\n');
  lines.splice(insertLine, 0, ...inserted);
  const text = lines.join('\n') + (finalNewline ? '\n' : '');
  return writeEdit(target, file, text, insertLine + 1, insertLine + inserted.length);
}

async function writeEdit(
  target: WorkspacePath,
  before: TextFile,
  text: string,
  first: number,
  last: number,
): Promise<EditOutcome> {
  const shown = target.relative;
  if (text === before.text) return { message: `${shown} is unchanged: the edit gives the same text.` };
  await writeFile(target.absolute, encodeTextFile({ text, eol: before.eol }));
  const summary = withSyntaxCheck(`Edited ${shown}.`, shown, text);
  return { message: `${summary}\n${snippet(text, first, last)}`, changed: shown };
}

function withSyntaxCheck(summary: string, shown: string, text: string): string {
  const error = findSyntaxError(shown, text);
  if (!error) return summary;
  return `${summary} Syntax error after the edit: ${error}. The edit was kept; fix the file with another edit.`;
}

/** The edited lines with a little context, as the view shows them, so the model can check the result. */
function snippet(text: string, first: number, last: number): string {
  const lines = splitLines(text);
  if (lines.length === 0) return 'The file is now empty.';
  const from = Math.max(1, first - CONTEXT_LINES);
  const to = Math.min(lines.length, last + CONTEXT_LINES);
  const rendered = renderNumbered(lines, from, to, SNIPPET_MAX_CHARS);
  const cut = rendered.lastShown < to || rendered.cutLine ? '\n[…]' : '';
  return `Lines ${from}-${to} now read:\n${rendered.text}${cut}`;
}

function writableTarget(paths: WorkspacePaths, given: string): WorkspacePath {
  const target = paths.resolve(given, 'write');
  if (target.relative === '') throw new ToolError(`${given} is the repository root, not a file`);
  return target;
}

async function readExisting(target: WorkspacePath, limits: EditLimits): Promise<TextFile> {
  const info = await statIfExists(target.absolute, target.relative);
  if (!info)
    throw new ToolError(`${target.relative} does not exist; use the create command to make a new file`);
  if (info.isDirectory()) throw new ToolError(`${target.relative} is a directory, not a file`);
  if (info.size > limits.maxFileBytes) {
    throw new ToolError(
      `${target.relative} is ${info.size} bytes, more than the ${limits.maxFileBytes} the editor edits`,
    );
  }
  return decodeTextFile(await readFile(target.absolute), target.relative);
}

/** What a create replaces: its bytes, and its text form when it is text (to keep its line endings). */
async function readIfExists(target: WorkspacePath): Promise<{ bytes: Buffer; file?: TextFile } | undefined> {
  const info = await statIfExists(target.absolute, target.relative);
  if (!info) return undefined;
  if (info.isDirectory())
    throw new ToolError(`${target.relative} is a directory; give a file path to create`);
  const bytes = await readFile(target.absolute);
  try {
    return { bytes, file: decodeTextFile(bytes, target.relative) };
  } catch {
    return { bytes }; // a binary file replaced by text: no line endings to keep
  }
}

/** Start offsets of every occurrence, overlapping ones included: "aa" in "aaa" is ambiguous too. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
