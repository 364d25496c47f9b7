import type { Severity } from '../findings/finding.js';

export interface UnanchoredFinding {
  path: string;
  line: number;
  severity: Severity;
  body: string;
  source: string;
  /** Why it could not be placed on a diff line. */
  reason: string;
}

export type SkipReason =
  | 'binary'
  | 'generated'
  | 'lockfile'
  | 'ignored'
  | 'too-large'
  | 'submodule'
  /** Left out because the review's call or token budget ran out (listed, never dropped quietly). */
  | 'budget';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}
