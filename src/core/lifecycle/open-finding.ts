import type { Severity } from '../findings/finding.js';
import { sanitizeUserText } from '../model/sanitize-text.js';

/**
 * A finding posted on an earlier head whose thread is still open, and whose lines the new head changed (a
 * thread whose lines did not change stays open and is never shown again). The review decides whether the
 * new code addresses it: a check's finding by running the check again, the model's in the same review call.
 */
export interface OpenFinding {
  /** Short and unique in one review ("F1"): what the model answers with. */
  id: string;
  path: string;
  source: string;
  severity: Severity;
  /** The finding's text as posted. */
  body: string;
  /** Its lines on the new head (those the push changed where it was), or `removed` when none are left. */
  now: { startLine: number; line: number } | 'removed';
}

/** An open finding the new head addresses, and how (one short sentence, shown in the reply). */
export interface AddressedFinding {
  id: string;
  how: string;
  /** `check`: the check no longer finds it; `model`: the model said so; `removed`: its lines are gone. */
  by: 'check' | 'model' | 'removed';
}

/** Lines of new code shown per open finding, and characters of its text: a few findings stay cheap. */
const MAX_LINES = 40;
const MAX_BODY_CHARS = 600;

/**
 * The part of a review call that asks about open findings: each with its text and the new code of its
 * lines, numbered as in the diff. Data, like the diff: the model answers in submit_review's `addressed`.
 */
export function renderOpenFindings(
  findings: OpenFinding[],
  headText: (path: string) => string | null,
): string {
  const items: string[] = [];
  for (const finding of findings) {
    if (finding.now === 'removed') continue;
    const lines = (headText(finding.path) ?? '').split('\n');
    const { startLine, line } = finding.now;
    const last = Math.min(line, startLine + MAX_LINES - 1, lines.length);
    const code = [];
    for (let n = startLine; n <= last; n++) code.push(`${n}: ${lines[n - 1] ?? ''}`);
    const text = sanitizeUserText(finding.body).trim();
    const body = text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)} …` : text;
    items.push(
      `[${finding.id}] ${finding.path} (${finding.severity}): ${body}\nIts lines now (${finding.path}:${startLine}-${last}):\n${code.join('\n')}`,
    );
  }
  if (items.length === 0) return '';
  return `<open_findings>\nFindings of earlier reviews of this pull request on lines this push changed. For each one the new code fixes, add {"id", "how"} to "addressed" ("how": one short sentence on what fixed it). Leave out those still open. Never report any of them again as a comment.\n\n${items.join('\n\n')}\n</open_findings>`;
}
