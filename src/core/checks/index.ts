import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../findings/finding.js';
import { bidiControlsCheck } from './bidi-controls.js';
import { conflictMarkersCheck } from './conflict-markers.js';
import { debugLeftoversCheck } from './debug-leftovers.js';
import { largeFilesCheck } from './large-files.js';
import { secretsCheck } from './secrets.js';
import type { Check, CheckOptions } from './types.js';

export type { Check, CheckOptions } from './types.js';

export const BUILT_IN_CHECKS = [
  secretsCheck,
  conflictMarkersCheck,
  debugLeftoversCheck,
  largeFilesCheck,
  bidiControlsCheck,
] as const;

export type CheckId = (typeof BUILT_IN_CHECKS)[number]['id'];

export interface RunChecksOptions extends CheckOptions {
  /** A check missing from the map runs: the built-in checks are on unless switched off. */
  enabled: Partial<Record<CheckId, boolean>>;
}

export interface CheckError {
  check: string;
  message: string;
}

export interface ChecksResult {
  /** Sorted by path, then line. */
  findings: Finding[];
  /** Checks that threw; their findings are missing, the other checks' are not. */
  errors: CheckError[];
}

/** Runs the enabled checks side by side; one that throws is reported in `errors` and the others still count. */
export async function runChecks(
  files: DiffFile[],
  options: RunChecksOptions,
  checks: readonly Check[] = BUILT_IN_CHECKS,
): Promise<ChecksResult> {
  const { enabled, ...checkOptions } = options;
  const switches: Partial<Record<string, boolean>> = enabled;
  const active = checks.filter((check) => switches[check.id] !== false);
  // async wrapper: a check that throws synchronously becomes a rejection like any other.
  const settled = await Promise.allSettled(active.map(async (check) => check.run(files, checkOptions)));
  const findings: Finding[] = [];
  const errors: CheckError[] = [];
  settled.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') findings.push(...outcome.value);
    else errors.push({ check: active[index]!.id, message: errorMessage(outcome.reason) });
  });
  return { findings: findings.sort(byPathThenLine), errors };
}

function byPathThenLine(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line;
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
