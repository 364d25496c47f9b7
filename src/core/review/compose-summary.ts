import { atLeast, severityRank, type ReviewComment, type Severity } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';

/** GitHub rejects a review or comment body longer than 65,536 characters ("body is too long"). */
export const GITHUB_BODY_LIMIT = 65_536;

export function bySeverityThenPlace<T extends { severity: Severity; path: string; line: number }>(
  a: T,
  b: T,
): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) || a.path.localeCompare(b.path) || a.line - b.line
  );
}

export interface Limited {
  comments: ReviewComment[];
  unanchored: UnanchoredFinding[];
  overflow: ReviewComment[];
  belowThreshold: number;
}

/**
 * Applies the config's severity threshold and inline-comment cap. The most severe findings go inline; the
 * overflow is kept beside them (listed in the review body, its follow-up comments and the check run's
 * annotations on GitHub, in `overflow` in the JSON), never dropped.
 */
export function limitFindings(
  comments: ReviewComment[],
  unanchored: UnanchoredFinding[],
  options: { minSeverity: Severity; maxComments: number },
): Limited {
  const shown = comments.filter((c) => atLeast(c.severity, options.minSeverity)).sort(bySeverityThenPlace);
  const shownUnanchored = unanchored
    .filter((u) => atLeast(u.severity, options.minSeverity))
    .sort(bySeverityThenPlace);
  const belowThreshold = comments.length - shown.length + (unanchored.length - shownUnanchored.length);
  return {
    comments: shown.slice(0, options.maxComments).map(clampBody),
    overflow: shown.slice(options.maxComments).map(clampBody),
    unanchored: shownUnanchored,
    belowThreshold,
  };
}

function clampBody(comment: ReviewComment): ReviewComment {
  const room = GITHUB_BODY_LIMIT - 2_000 - (comment.suggestion?.length ?? 0); // fence and severity label
  if (comment.body.length <= room) return comment;
  return {
    ...comment,
    body: `${comment.body.slice(0, Math.max(0, room))}\n\n…(cut to fit GitHub's size limit)`,
  };
}

/**
 * The summary: what the model said, then plain notes on anything left out. The findings themselves (the
 * overflow too) are listed by whoever shows the result, each where its size allows.
 */
export function composeSummary(parts: { modelSummaries: string[]; notes: string[] }): string {
  const sections: string[] = [];
  const summaries = parts.modelSummaries.filter(Boolean);
  if (summaries.length === 1) sections.push(summaries[0]!);
  else if (summaries.length > 1) sections.push(summaries.map((s) => `- ${s}`).join('\n'));
  if (parts.notes.length > 0) sections.push(parts.notes.map((n) => `- ${n}`).join('\n'));
  return fitBody(sections.join('\n\n'), GITHUB_BODY_LIMIT - 10_000);
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function fitBody(text: string, limit = GITHUB_BODY_LIMIT): string {
  if (text.length <= limit) return text;
  const note = '\n\n…(cut to fit GitHub’s 65,536-character limit)';
  return text.slice(0, limit - note.length) + note;
}
