import { createHash } from 'node:crypto';
import { findingWords } from './finding-words.js';
import type { Finding } from './finding.js';

/**
 * A finding's identity across pushes, for "never repeat a finding already posted on that PR": the file, who
 * found it and the words it uses — not the line, which moves when code is added above it.
 */
export function fingerprint(finding: Pick<Finding, 'path' | 'body' | 'source'>): string {
  const words = [...findingWords(finding.body)].sort().join(' ');
  return createHash('sha256')
    .update(`${finding.path}\n${finding.source}\n${words}`)
    .digest('hex')
    .slice(0, 12);
}
