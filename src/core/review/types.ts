import type { Side } from '../diff/types.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'nit'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower rank = more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** A finding before anchoring: what a check or the model says about a place in the change. */
export interface Finding {
  path: string;
  line: number;
  side?: Side;
  startLine?: number;
  startSide?: Side;
  severity: Severity;
  body: string;
  /** Replacement text for lines startLine..line (RIGHT side) — becomes a ```suggestion block. */
  suggestion?: string;
  /** "model" or "check:<id>". */
  source: string;
}

/** A finding anchored on lines GitHub accepts for an inline review comment: its side is always known. */
export interface ReviewComment extends Finding {
  side: Side;
  /** Set when the repository's verify command ran with the suggestion applied (`review.verify_command`). */
  verification?: SuggestionVerification;
}

export interface SuggestionVerification {
  /** The command that ran, as configured. */
  command: string;
  passed: boolean;
  /** Why it did not pass: "exit code 1", "timed out after 120 s", "could not be applied: …". */
  detail?: string;
  /**
   * A suggestion that did not pass: the comment's `suggestion` is removed so that nothing offers it as a
   * committable fix, and its text is kept here to be shown as plain code.
   */
  code?: string;
}

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

export interface Usage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export function emptyUsage(): Usage {
  return { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
}
