import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../findings/finding.js';

export interface CheckOptions {
  /** An added file larger than this many bytes gets a `large-files` finding. */
  largeFileBytes: number;
  secrets?: SecretsSettings;
}

/** `checks.secrets` of the repository config, minus the on/off switch. */
export interface SecretsSettings {
  /** Regex sources: a credential, or a line holding one, that matches is not reported. */
  allow?: readonly string[];
  /** Globs of files whose credentials are not reported. */
  allowPaths?: readonly string[];
  /** Rules switched by id; absent means on. */
  rules?: Readonly<Record<string, boolean>>;
}

/**
 * A built-in deterministic check: no model, high precision. Findings use `source: 'check:<id>'` and
 * anchor on a RIGHT-side line that was added in the diff.
 */
export interface Check<Id extends string = string> {
  id: Id;
  run(files: DiffFile[], options: CheckOptions): Promise<Finding[]>;
}
