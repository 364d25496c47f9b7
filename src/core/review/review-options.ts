import type { InstructionFile } from '../config/instruction-files.js';
import type { Learning } from '../learnings/learning.js';
import type { OpenFinding } from '../lifecycle/open-finding.js';
import type { PullwiseConfig } from '../config/schema.js';
import type { ModelClient } from '../model/client.js';
import type { CommandRunner } from '../workspace/command-runner.js';
import type { ReviewTools } from './reading-tools.js';

export interface ReviewOptions {
  config: PullwiseConfig;
  /** null: no model available (e.g. no API key) — the built-in checks still run. */
  model: ModelClient | null;
  /** Why the model review is skipped, when `model` is null. */
  modelSkippedReason?: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
  /**
   * Tools to read the checkout of the change's head (the App's read-only ToolBox, when `review.tools` is on):
   * each part of the review becomes a conversation of up to `maxTurns` calls that ends in submit_review.
   */
  tools?: ReviewTools;
  /** Check the posted suggestions with `review.verify_command` in a scratch copy of the head; see VerifySetup. */
  verify?: VerifySetup;
  /** The repository's instruction files (AGENTS.md…) as on the base side; set by reviewChangeSet. */
  instructionFiles?: InstructionFile[];
  /**
   * Earlier findings still open whose lines this change rewrote (a re-review of a pull request): the review
   * says which the new code addresses (`ReviewResult.lifecycle`).
   */
  openFindings?: OpenFinding[];
  /** The repository's learnings: told to the model, and dismissed findings withheld. */
  learnings?: Learning[];
  /** The phrase that starts a command (`triggers.phrase`), for the summary's hints. */
  commandPhrase?: string;
  /**
   * Also ask each review call for one line per file it shows (`ReviewResult.walkthroughNotes`), so that a
   * walkthrough of the same head needs only its merge call. Off: the submit_review tool is as it always was.
   */
  walkthroughNotes?: boolean;
}

export interface VerifySetup {
  /** A scratch copy of the change's head that the caller prepared (and removes afterwards). */
  root: string;
  /** Runs commands in `root`. */
  runner: CommandRunner;
  /** The command to run; by default `review.verify_command`. Empty: no suggestion is verified. */
  command?: string;
  /** Time limit of each run. */
  timeoutMs: number;
}
