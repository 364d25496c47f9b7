import type { DiffFile } from '../diff/types.js';

export interface AddedLine {
  /** Line number in the new file. */
  line: number;
  /** The line's text without a trailing '\r', so CRLF files match the same patterns as LF files. */
  text: string;
}

/** The added lines of a file, in new-file order. */
export function addedLines(file: DiffFile): AddedLine[] {
  const added: AddedLine[] = [];
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add' && line.newLine !== undefined) {
        added.push({ line: line.newLine, text: line.text.replace(/\r$/, '') });
      }
    }
  }
  return added;
}

/** Lower-cased extension including the dot ('.ts'), or '' when the file name has none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}
