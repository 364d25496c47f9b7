/**
 * The text of a file with lines `startLine..line` (1-based, inclusive) replaced by a suggestion, as GitHub
 * commits it: the suggestion's lines take the file's line ending (that of the first replaced line, so a CRLF
 * file stays CRLF), and the last one keeps the ending of the last replaced line (none at a final line without
 * a newline). An empty suggestion deletes the lines. Returns an error when the lines are not in the file.
 */
export function applySuggestion(
  text: string,
  range: { startLine: number; line: number },
  suggestion: string,
): { ok: true; text: string } | { ok: false; error: string } {
  // Every line with its own ending: the split loses no byte.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const { startLine, line } = range;
  if (startLine < 1 || line < startLine || line > lines.length) {
    return { ok: false, error: `lines ${startLine}-${line} are not in the file (${lines.length} lines)` };
  }
  const replaced = lines.slice(startLine - 1, line);
  const eol = lineEnding(replaced[0]!) || (text.includes('\r\n') ? '\r\n' : '\n');
  const lastEol = lineEnding(replaced[replaced.length - 1]!);
  const newLines = suggestionLines(suggestion).map(
    (content, i, all) => content + (i === all.length - 1 ? lastEol : eol),
  );
  return {
    ok: true,
    text: [...lines.slice(0, startLine - 1), ...newLines, ...lines.slice(line)].join(''),
  };
}

function lineEnding(line: string): string {
  return line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
}

/**
 * The lines a ```suggestion block holds (see `fence`): one final newline ends the last line rather than adding
 * an empty one, and '' holds no lines at all. Line endings the model wrote are dropped for the file's own.
 */
function suggestionLines(suggestion: string): string[] {
  if (suggestion === '') return [];
  const body = suggestion.endsWith('\n') ? suggestion.slice(0, -1) : suggestion;
  return body.split('\n').map((l) => l.replace(/\r$/, ''));
}
