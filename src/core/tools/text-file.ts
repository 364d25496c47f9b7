import { ToolError } from './tool-error.js';

/**
 * A text file as the editor works on it: content with `\n` line endings, and how to write it back the way the
 * file was (a CRLF file stays CRLF, so an edit does not rewrite every line in the diff).
 */
export interface TextFile {
  /** Content with `\n` endings when the file is consistently CRLF; otherwise exactly as on disk. */
  text: string;
  eol: '\n' | '\r\n';
}

// Binary detection reads this much, as git does: a NUL byte in it means binary.
const SNIFF_BYTES = 8000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeTextFile(bytes: Buffer, displayPath: string): TextFile {
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    throw new ToolError(`${displayPath} is a binary file; the editor shows and edits text files only`);
  }
  let raw: string;
  try {
    raw = utf8.decode(bytes);
  } catch {
    throw new ToolError(`${displayPath} is not UTF-8 text; the editor shows and edits UTF-8 text files only`);
  }
  const eol = isConsistentlyCrlf(raw) ? '\r\n' : '\n';
  return { text: eol === '\r\n' ? raw.replaceAll('\r\n', '\n') : raw, eol };
}

export function encodeTextFile(file: TextFile): string {
  return file.eol === '\r\n' ? file.text.replaceAll('\n', '\r\n') : file.text;
}

/** Text from the model in the file's working form: it writes `\n`, and a CRLF file is edited as `\n`. */
export function normalizeModelText(text: string, eol: TextFile['eol']): string {
  return eol === '\r\n' ? text.replaceAll('\r\n', '\n') : text;
}

/** The file's lines without their endings; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

// Mixed endings stay as they are: converting them would change lines the model did not touch.
function isConsistentlyCrlf(raw: string): boolean {
  const lineFeeds = raw.split('\n').length - 1;
  return lineFeeds > 0 && raw.split('\r\n').length - 1 === lineFeeds;
}
