import { createColors } from 'picocolors';
import { rowLabel } from '../core/describe/group-rows.js';
import type { Walkthrough } from '../core/describe/walkthrough.js';
import { formatUsage } from '../core/review/format-markdown.js';
import { count } from '../core/review/count.js';

/** The walkthrough for a terminal: the summary, then one line per file or folder. */
export function formatWalkthroughText(w: Walkthrough, options: { color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  if (w.summary) out.push(c.bold('Summary:'), indent(w.summary), '');
  if (w.rows.length > 0) {
    out.push(c.bold(`Files (${w.rows.reduce((n, r) => n + r.paths.length, 0)}):`));
    for (const row of w.rows) {
      const what =
        row.paths.length === 1
          ? row.paths[0]!
          : `${rowLabel({ paths: row.paths, grouped: true })} (${count(row.paths.length, 'file')})`;
      out.push(`  ${c.bold(what)} ${c.dim('—')} ${row.note}`);
    }
    out.push('');
  }
  if (w.skipped.length > 0) {
    out.push(c.bold(`Skipped (${w.skipped.length}):`));
    for (const s of w.skipped) out.push(`  ${s.path} ${c.dim(`(${s.reason})`)}`);
    out.push('');
  }
  if (w.risks.length > 0) out.push(c.bold('Risks:'), ...w.risks.map((r) => `  - ${r}`), '');
  if (w.labels.length > 0) out.push(`${c.bold('Labels:')} ${w.labels.join(', ')}`, '');
  if (w.diagram) out.push(c.bold('Diagram (Mermaid):'), indent(w.diagram), '');
  if (w.notes.length > 0) out.push(c.bold('Notes:'), ...w.notes.map((n) => `  - ${n}`), '');
  out.push(c.dim(formatUsage(w.usage)));
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}
