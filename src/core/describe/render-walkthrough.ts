import { fence } from '../review/anchor-findings.js';
import { GITHUB_BODY_LIMIT, fitBody } from '../review/compose-summary.js';
import { count } from '../review/count.js';
import { inlineCode } from '../review/format-markdown.js';
import type { SkippedFile } from '../review/types.js';
import { regroupRows, rowLabel } from './group-rows.js';
import type { Walkthrough, WalkthroughRow } from './walkthrough.js';

/**
 * The longest walkthrough rendered: it shares the pull request's body (65,536 characters at most, GitHub's
 * "body is too long") with the author's text and the markers around it.
 */
export const WALKTHROUGH_LIMIT = GITHUB_BODY_LIMIT - 15_000;

const NOTE_CHARS = 400;
const SHORT_NOTE_CHARS = 150;
const SKIPPED_LISTED = 200;

export interface RenderOptions {
  /** Where a risk's findings are, when the caller has them (a review of the same head). */
  findingsLink?: (risk: string) => string | undefined;
}

/**
 * GitHub Markdown: the summary, a table with one row per file or folder, the risks, the diagram, and the
 * skipped files with their reasons. When that is too long, the skipped list is counted by reason, then the
 * diagram goes, then the notes get shorter; the rest is cut to WALKTHROUGH_LIMIT.
 */
export function renderWalkthrough(w: Walkthrough, options: RenderOptions = {}): string {
  const rows = regroupRows(w.rows);
  const attempts: Array<{ noteChars: number; skippedListed: boolean; diagram: boolean }> = [
    { noteChars: NOTE_CHARS, skippedListed: true, diagram: true },
    { noteChars: NOTE_CHARS, skippedListed: false, diagram: true },
    { noteChars: NOTE_CHARS, skippedListed: false, diagram: false },
    { noteChars: SHORT_NOTE_CHARS, skippedListed: false, diagram: false },
  ];
  let text = '';
  for (const attempt of attempts) {
    text = render(w, rows, options, attempt);
    if (text.length <= WALKTHROUGH_LIMIT) return text;
  }
  return fitBody(text, WALKTHROUGH_LIMIT);
}

function render(
  w: Walkthrough,
  rows: WalkthroughRow[],
  options: RenderOptions,
  fit: { noteChars: number; skippedListed: boolean; diagram: boolean },
): string {
  const sections = ['### Walkthrough'];
  if (w.summary.trim()) sections.push(w.summary.trim());
  if (rows.length > 0) {
    const lines = rows.map((row) => `| ${cell(fileCell(row))} | ${cell(cut(row.note, fit.noteChars))} |`);
    sections.push(['| File(s) | Change |', '| --- | --- |', ...lines].join('\n'));
  }
  if (w.risks.length > 0) {
    const items = w.risks.map((risk) => {
      const link = options.findingsLink?.(risk);
      return `- ${oneLine(risk)}${link ? ` ([findings](${link}))` : ''}`;
    });
    sections.push(`**Risks**\n\n${items.join('\n')}`);
  }
  if (w.diagram) {
    sections.push(
      fit.diagram ? fence(w.diagram, 'mermaid') : '_The diagram was left out to fit the size limit._',
    );
  }
  if (w.skipped.length > 0) sections.push(skippedSection(w.skipped, fit.skippedListed));
  return `${sections.join('\n\n')}\n`;
}

function fileCell(row: WalkthroughRow): string {
  if (row.paths.length === 1) return inlineCode(row.paths[0]!);
  return `${inlineCode(rowLabel({ paths: row.paths, grouped: true }))} (${count(row.paths.length, 'file')})`;
}

function skippedSection(skipped: SkippedFile[], listed: boolean): string {
  const title = `<details><summary>${count(skipped.length, 'file')} not described (skipped)</summary>`;
  let items: string[];
  if (listed) {
    items = skipped.slice(0, SKIPPED_LISTED).map((s) => `- ${inlineCode(s.path)}: ${s.reason}`);
    if (skipped.length > SKIPPED_LISTED) items.push(`- and ${skipped.length - SKIPPED_LISTED} more`);
  } else {
    const byReason = new Map<string, number>();
    for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
    items = [...byReason].map(([reason, n]) => `- ${reason}: ${count(n, 'file')}`);
  }
  return `${title}\n\n${items.join('\n')}\n\n</details>`;
}

/** A table cell: one line, and a pipe never ends the cell early (GFM splits on it even inside code). */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
