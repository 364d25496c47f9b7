import type { ReviewResult } from '../core/review/review-result.js';
import type { ReviewComment } from '../core/findings/finding.js';

/** The JSON contract of DESIGN.md, and nothing else: internal stats stay out of it. */
export function formatJson(result: ReviewResult): string {
  const contract = {
    summary: result.summary,
    comments: result.comments.map(commentContract),
    // Anchored like `comments`, over `review.max_comments`: every finding is in exactly one of the three lists.
    overflow: result.overflow.map(commentContract),
    unanchored: result.unanchored.map((u) => ({
      path: u.path,
      line: u.line,
      severity: u.severity,
      body: u.body,
      source: u.source,
      reason: u.reason,
    })),
    skipped: result.skipped,
    usage: result.usage,
    // Only with --learnings: the findings a dismissal held back, and which learning did (nothing is dropped).
    ...(result.withheld
      ? {
          withheld: result.withheld.map((w) => ({
            ...commentContract({ side: 'RIGHT', ...w.finding }),
            learning: w.learning,
          })),
        }
      : {}),
  };
  return `${JSON.stringify(contract, null, 2)}\n`;
}

function commentContract(c: ReviewComment) {
  return {
    path: c.path,
    line: c.line,
    side: c.side,
    ...(c.startLine !== undefined ? { startLine: c.startLine, startSide: c.startSide ?? c.side } : {}),
    severity: c.severity,
    body: c.body,
    ...(c.suggestion !== undefined ? { suggestion: c.suggestion } : {}),
    source: c.source,
  };
}
