import { createColors } from 'picocolors';
import { formatUsage } from '../core/review/format-markdown.js';
import type { ReviewResult } from '../core/review/review-result.js';
import type { ReviewComment, Severity } from '../core/findings/finding.js';
import { count } from '../core/review/count.js';

type Colors = ReturnType<typeof createColors>;

const paint = (c: Colors, severity: Severity, text: string) =>
  ({ critical: c.red(c.bold(text)), major: c.yellow(c.bold(text)), minor: c.cyan(text), nit: c.dim(text) })[
    severity
  ];

/** Plain text for a terminal: `file:line` first so editors and terminals can jump to it. */
export function formatText(result: ReviewResult, options: { color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  for (const comment of result.comments) out.push(...commentLines(c, comment));
  if (result.overflow.length > 0) {
    // On GitHub these go into the review body (and its follow-up comments), not inline.
    out.push(c.bold('More findings, over the inline-comment cap (review.max_comments):'));
    out.push('');
    for (const comment of result.overflow) out.push(...commentLines(c, comment));
  }
  if (result.unanchored.length > 0) {
    out.push(c.bold('Findings outside the diff:'));
    for (const u of result.unanchored) {
      out.push(
        `${c.bold(`${u.path}:${u.line}`)} ${paint(c, u.severity, u.severity)} ${c.dim(`[${u.source}] ${u.reason}`)}`,
      );
      out.push(indent(u.body));
    }
    out.push('');
  }
  if (result.skipped.length > 0) {
    out.push(c.bold(`Not reviewed by the model (${result.skipped.length}):`));
    for (const s of result.skipped) out.push(`  ${s.path} ${c.dim(`(${s.reason})`)}`);
    out.push('');
  }
  if (result.summary) {
    out.push(c.bold('Summary:'));
    out.push(indent(result.summary));
    out.push('');
  }
  const total = result.comments.length + result.overflow.length + result.unanchored.length;
  out.push(
    c.dim(
      `${count(total, 'finding')} · ${count(result.stats.changedFiles, 'changed file')} · ${formatUsage(result.usage)}`,
    ),
  );
  return `${out.join('\n')}\n`;
}

function commentLines(c: Colors, comment: ReviewComment): string[] {
  const where =
    comment.startLine !== undefined
      ? `${comment.path}:${comment.startLine}-${comment.line}`
      : `${comment.path}:${comment.line}`;
  const side = comment.side === 'LEFT' ? c.dim(' (removed line)') : '';
  const lines = [
    `${c.bold(where)}${side} ${paint(c, comment.severity, comment.severity)} ${c.dim(`[${comment.source}]`)}`,
    indent(comment.body),
  ];
  if (comment.suggestion !== undefined) {
    lines.push(indent(c.green('suggestion:')));
    lines.push(indent(comment.suggestion === '' ? c.dim('(delete these lines)') : comment.suggestion, 4));
  }
  lines.push('');
  return lines;
}

function indent(text: string, spaces = 2): string {
  return text
    .split('\n')
    .map((line) => (line ? ' '.repeat(spaces) + line : line))
    .join('\n');
}
