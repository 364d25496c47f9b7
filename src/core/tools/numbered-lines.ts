/**
 * Lines as the editor's view shows them: the line number, a colon and a space, then the line ("1: def f():"),
 * the format Anthropic documents for text_editor results, so the model can quote view_range and insert_line.
 */
export function numberLine(lineNumber: number, line: string): string {
  return `${lineNumber}: ${line}`;
}

export interface NumberedRender {
  text: string;
  /** The last line shown in full; less than `last` when the character cap cut the rendering short. */
  lastShown: number;
  /** The first shown line was longer than the cap and is cut. */
  cutLine: boolean;
}

/** Lines first..last (1-based, inclusive) of `lines`, numbered, stopping before `maxChars` would be passed. */
export function renderNumbered(
  lines: string[],
  first: number,
  last: number,
  maxChars: number,
): NumberedRender {
  const out: string[] = [];
  let used = 0;
  for (let n = first; n <= last; n++) {
    const rendered = numberLine(n, lines[n - 1] ?? '');
    const cost = rendered.length + (out.length > 0 ? 1 : 0);
    if (used + cost > maxChars) {
      if (out.length === 0) return { text: rendered.slice(0, maxChars), lastShown: n, cutLine: true };
      return { text: out.join('\n'), lastShown: n - 1, cutLine: false };
    }
    out.push(rendered);
    used += cost;
  }
  return { text: out.join('\n'), lastShown: last, cutLine: false };
}
