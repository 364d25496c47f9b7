// Turns the measured runs into Markdown: one row per case and approach, one column per figure.

const fmt = (n) => n.toLocaleString('en-US');
const pct = (part, whole) =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)}%`;
const ratio = (a, b) => (b === 0 ? '–' : (a / b).toFixed(1));

function reasons(counts) {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`);
  return parts.length > 0 ? parts.join(', ') : '–';
}

/**
 * @param {Array<{ case: string, approach: string, changedFiles: number, changedLines: number,
 *   reviewable: number, reached: number, skipped: Record<string, number>, calls: number, inputTokens: number,
 *   uncutTokens?: number, reachedChangedLines: number, ourReviewable: number, ourReviewableReached: number,
 *   seconds: number }>} rows
 */
export function resultTable(rows) {
  const columns = [
    ['case', (r) => r.case],
    ['approach', (r) => r.approach],
    ['changed files', (r) => fmt(r.changedFiles)],
    ['changed lines', (r) => fmt(r.changedLines)],
    ['reviewable files', (r) => fmt(r.reviewable)],
    ['reached the model', (r) => `${fmt(r.reached)} (${pct(r.reached, r.reviewable)})`],
    [
      'of OUR reviewable, reached',
      (r) =>
        `${fmt(r.ourReviewableReached)}/${fmt(r.ourReviewable)} (${pct(r.ourReviewableReached, r.ourReviewable)})`,
    ],
    ['skipped by reason', (r) => reasons(r.skipped)],
    ['model calls', (r) => fmt(r.calls)],
    [
      'input tokens',
      (r) => fmt(r.inputTokens) + (r.uncutTokens > r.inputTokens ? ` (uncut ${fmt(r.uncutTokens)})` : ''),
    ],
    ['tokens / changed line', (r) => ratio(r.inputTokens, r.changedLines)],
    ['tokens / changed line that reached the model', (r) => ratio(r.inputTokens, r.reachedChangedLines)],
    ['time', (r) => `${r.seconds.toFixed(1)} s`],
  ];
  return table(
    columns.map(([name]) => name),
    rows.map((r) => columns.map(([, cell]) => cell(r))),
    (i) => i >= 2 && i !== 7,
  );
}

/** Per-run details of our pipeline that explain the headline figures (fill of each call, split files, …). */
export function callsTable(rows) {
  return table(
    [
      'case',
      'approach',
      'calls',
      'tokens per call (min / avg / max)',
      'average fill of the per-call budget',
      'files split over calls',
      'minified lines cut',
      'count_tokens requests (404)',
      'result',
    ],
    rows.map((r) => {
      const t = r.perCallTokens;
      const avg = t.length ? t.reduce((a, b) => a + b, 0) / t.length : 0;
      return [
        r.case,
        r.approach,
        fmt(t.length),
        t.length ? `${fmt(Math.min(...t))} / ${fmt(Math.round(avg))} / ${fmt(Math.max(...t))}` : '–',
        pct(Math.round(avg), r.budget),
        fmt(r.splitFiles),
        fmt(r.cutLines),
        fmt(r.countTokensRequests),
        r.model,
      ];
    }),
    (i) => i >= 2 && i <= 7,
  );
}

/** A Markdown table; `numeric(i)` says which columns are right-aligned. */
function table(header, rows, numeric) {
  const align = header.map((_, i) => (numeric(i) ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
