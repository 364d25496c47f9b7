import { fence } from './anchor-findings.js';
import { fitBody } from './compose-summary.js';
import type { ReviewResult } from './review-result.js';
import type { ReviewComment, Severity } from './types.js';

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
function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

export function formatUsage(usage: ReviewResult['usage']): string {
  const tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return `${usage.calls} model calls · ${tokens.toLocaleString('en-US')} input tokens (${usage.cacheReadTokens.toLocaleString('en-US')} from cache) · ${usage.outputTokens.toLocaleString('en-US')} output tokens · $${usage.costUsd.toFixed(4)}`;
}

/** The review body: summary, findings that could not go inline, what was skipped, and the cost. */
export function formatReviewBody(result: ReviewResult): string {
  const sections = ['### Pullwise review', result.summary || '_No summary._'];
  if (result.unanchored.length > 0) {
    const items = result.unanchored.map(
      (u) =>
        `- \`${u.path}:${u.line}\` ${SEVERITY_LABEL[u.severity]} — ${u.body.replace(/\n/g, '\n  ')}\n  _(${u.reason})_`,
    );
    sections.push(`#### Findings outside the diff\n${items.join('\n')}`);
  }
  if (result.skipped.length > 0) {
    const items = result.skipped.map((s) => `- \`${s.path}\` — ${s.reason}`);
    sections.push(
      `<details><summary>${result.skipped.length} files not reviewed by the model</summary>\n\n${items.join('\n')}\n\n</details>`,
    );
  }
  sections.push(`<sub>${formatUsage(result.usage)}</sub>`);
  return fitBody(sections.join('\n\n'));
}

/** The whole review as one Markdown document (the CLI's --format markdown). */
export function formatMarkdownReport(result: ReviewResult): string {
  const inline = result.comments.map((c) => {
    const where = c.startLine !== undefined ? `${c.path}:${c.startLine}-${c.line}` : `${c.path}:${c.line}`;
    return `#### \`${where}\`${c.side === 'LEFT' ? ' (removed line)' : ''}\n\n${renderCommentBody(c)}`;
  });
  const body = formatReviewBody(result);
  return inline.length > 0 ? `${body}\n\n### Comments\n\n${inline.join('\n\n')}\n` : `${body}\n`;
}
