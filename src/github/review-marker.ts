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
