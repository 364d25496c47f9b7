import { fence } from './anchor-findings.js';
import { fitBody } from './compose-summary.js';
import { renderFindingItems, type FindingItem } from './paginate-findings.js';
import type { ReviewResult } from './review-result.js';
import { severityRank, type ReviewComment, type Severity } from '../findings/finding.js';
import type { SkippedFile } from './types.js';

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: '🔴 **critical**',
  major: '🟠 **major**',
  minor: '🟡 **minor**',
  nit: '⚪ **nit**',
};

/**
 * The Markdown of one inline comment as GitHub shows it: label, text, and a committable suggestion — with the
 * verify command's verdict when it ran. A suggestion that failed it is shown as plain code, not committable.
 */
export function renderCommentBody(
  comment: Pick<ReviewComment, 'severity' | 'body' | 'suggestion' | 'source' | 'verification'>,
): string {
  const origin = comment.source === 'model' ? '' : ` · _${comment.source}_`;
  const parts = [`${SEVERITY_LABEL[comment.severity]}${origin} — ${comment.body}`];
  if (comment.suggestion !== undefined) parts.push(fence(comment.suggestion, 'suggestion'));
  const verification = comment.verification;
  if (verification?.passed) {
    parts.push(`✅ Verified: ${inlineCode(verification.command)} passes with this suggestion applied.`);
  } else if (verification) {
    if (verification.code !== undefined) parts.push(fence(verification.code, ''));
    const reason = verification.detail ? ` (${verification.detail})` : '';
    parts.push(
      `⚠️ Unverified: ${inlineCode(verification.command)} did not pass with this change${reason}; it is shown as plain code, not as a committable suggestion.`,
    );
  }
  return fitBody(parts.join('\n\n'));
}

/** Inline code that survives backticks in the text: a longer run of them around it. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

export function formatUsage(usage: ReviewResult['usage']): string {
  const tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return `${usage.calls} model calls · ${tokens.toLocaleString('en-US')} input tokens (${usage.cacheReadTokens.toLocaleString('en-US')} from cache) · ${usage.outputTokens.toLocaleString('en-US')} output tokens · $${usage.costUsd.toFixed(4)}`;
}

/** The headings findings are listed under, in the order they are shown. */
export const FINDING_HEADINGS = {
  refused: '#### Findings GitHub could not place on the diff',
  unanchored: '#### Findings outside the diff',
  overflow: '#### More findings (over the inline-comment cap, `review.max_comments`)',
  quiet:
    '#### Less severe findings on this push (inline only from `major` after the first review, `review.on_push`)',
} as const;

/**
 * Every finding of the review that is not an inline comment, as Markdown list items under their headings, the
 * most severe first: `refused` (inline comments GitHub would not place), then those outside the diff and
 * those over the inline-comment cap.
 */
export function findingItems(
  result: Pick<ReviewResult, 'overflow' | 'unanchored' | 'quiet'>,
  refused: ReviewComment[] = [],
): FindingItem[] {
  const items = [
    ...refused.map((c) => ({
      severity: c.severity,
      heading: FINDING_HEADINGS.refused,
      text: commentItem(c),
    })),
    ...result.unanchored.map((u) => ({
      severity: u.severity,
      heading: FINDING_HEADINGS.unanchored,
      text: `${listItem(`\`${u.path}:${u.line}\``, renderCommentBody(u))}\n  _(${u.reason})_`,
    })),
    ...result.overflow.map((c) => ({
      severity: c.severity,
      heading: FINDING_HEADINGS.overflow,
      text: commentItem(c),
    })),
    ...(result.quiet ?? []).map((c) => ({
      severity: c.severity,
      heading: FINDING_HEADINGS.quiet,
      text: commentItem(c),
    })),
  ];
  // A stable sort: within a severity, the order above.
  return items
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
    .map(({ heading, text }) => ({ heading, text }));
}

function commentItem(c: ReviewComment): string {
  const where = c.startLine !== undefined ? `${c.path}:${c.startLine}-${c.line}` : `${c.path}:${c.line}`;
  return listItem(`\`${where}\`${c.side === 'LEFT' ? ' (removed line)' : ''}`, renderCommentBody(c));
}

function listItem(where: string, text: string): string {
  return `- ${where} ${text.replace(/\n/g, '\n  ')}`;
}

/** The files the model did not review, folded; as many as `room` characters hold, then how many more. */
export function skippedSection(skipped: SkippedFile[], room = Number.POSITIVE_INFINITY): string {
  if (skipped.length === 0) return '';
  const items: string[] = [];
  let used = 0;
  for (const s of skipped) {
    const item = `- \`${s.path}\` — ${s.reason}`;
    if (used + item.length + 1 > room) break;
    items.push(item);
    used += item.length + 1;
  }
  if (items.length < skipped.length) items.push(`- …and ${skipped.length - items.length} more`);
  return `<details><summary>${skipped.length} files not reviewed by the model</summary>\n\n${items.join('\n')}\n\n</details>`;
}

/**
 * The whole review as one Markdown document (the CLI's --format markdown), every finding in full: the summary,
 * findings outside the diff and over the inline-comment cap, what was skipped, the cost, then the inline
 * comments. No size limit: nothing here is posted to GitHub.
 */
export function formatMarkdownReport(result: ReviewResult): string {
  const sections = ['### Pullwise review', result.summary || '_No summary._'];
  const items = findingItems(result);
  if (items.length > 0) sections.push(renderFindingItems(items, Object.values(FINDING_HEADINGS)));
  const skipped = skippedSection(result.skipped);
  if (skipped) sections.push(skipped);
  sections.push(`<sub>${formatUsage(result.usage)}</sub>`);
  const inline = result.comments.map((c) => {
    const where = c.startLine !== undefined ? `${c.path}:${c.startLine}-${c.line}` : `${c.path}:${c.line}`;
    return `#### \`${where}\`${c.side === 'LEFT' ? ' (removed line)' : ''}\n\n${renderCommentBody(c)}`;
  });
  if (inline.length > 0) sections.push(`### Comments\n\n${inline.join('\n\n')}`);
  return `${sections.join('\n\n')}\n`;
}
