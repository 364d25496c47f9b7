import type { Side } from '../diff/types.js';

// What every part says about the code (checks, the model, the fix agent): neutral, so none imports the review.

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
