import type { Severity } from '../core/findings/finding.js';

/**
 * A hidden marker in the body of each review Pullwise posts: the head it reviewed and the fingerprints of the
 * findings it posted. Read back from the PR's reviews, it makes reviews idempotent (a redelivered event or a
 * restarted job finds the head already reviewed), incremental (review only what changed since that head) and
 * free of repeats (a finding already posted is not posted again).
 */
const MARKER = /<!-- pullwise:review head=([0-9a-f]{7,64}) fingerprints=([0-9a-f,]*) -->/;

export interface ReviewMarker {
  headSha: string;
  fingerprints: string[];
}

export function formatReviewMarker(marker: ReviewMarker): string {
  return `<!-- pullwise:review head=${marker.headSha} fingerprints=${marker.fingerprints.join(',')} -->`;
}

export function parseReviewMarker(body: string | null | undefined): ReviewMarker | undefined {
  const match = body ? MARKER.exec(body) : null;
  if (!match) return undefined;
  return { headSha: match[1]!, fingerprints: match[2] ? match[2].split(',').filter(Boolean) : [] };
}

/**
 * A hidden marker at the end of each inline comment: which finding it is, so that the next review can follow
 * the finding's thread (addressed or open) and a 👎 or `ignore` on it can teach what was dismissed.
 */
const FINDING_MARKER =
  /<!-- pullwise:finding fp=([0-9a-f]{12}) source=([\w:-]+) severity=(critical|major|minor|nit) -->/;

export interface FindingMarker {
  fingerprint: string;
  source: string;
  severity: Severity;
}

export function formatFindingMarker(marker: FindingMarker): string {
  return `<!-- pullwise:finding fp=${marker.fingerprint} source=${marker.source} severity=${marker.severity} -->`;
}

/** A Pullwise inline comment's marker and the finding's own text (without label, suggestion or verdict). */
export function parseFindingComment(body: string): (FindingMarker & { text: string }) | undefined {
  const match = FINDING_MARKER.exec(body);
  if (!match) return undefined;
  const visible = body.replace(FINDING_MARKER, '').trim();
  const afterLabel = visible.includes(' — ') ? visible.slice(visible.indexOf(' — ') + 3) : visible;
  const text = afterLabel.split(/\n\n(?:```|✅ Verified|⚠️ Unverified)/)[0]!.trim();
  return { fingerprint: match[1]!, source: match[2]!, severity: match[3] as Severity, text };
}

/** Ends Pullwise's reply on a thread whose finding was addressed: that thread is settled. */
export const ADDRESSED_MARKER = '<!-- pullwise:addressed -->';
