import type { Usage } from '../model/usage.js';
import type { SkippedFile } from '../review/types.js';

/** One line of the walkthrough's table: a file, or a group of files of one folder, and what changed there. */
export interface WalkthroughRow {
  paths: string[];
  note: string;
}

/** What a change does, file by file, for a reader who has not opened the diff yet (`describeChangeSet`). */
export interface Walkthrough {
  /** What the change does and why (from the diff and the PR text). */
  summary: string;
  /** Every changed, reviewable file is in exactly one row. */
  rows: WalkthroughRow[];
  /** Every other changed file, with its reason. */
  skipped: SkippedFile[];
  /** Notable risks, short; the caller links findings. */
  risks: string[];
  /** Mermaid sequenceDiagram source: only with `describe.diagram`, and when the change alters a flow. */
  diagram?: string;
  /** Only names from `describe.labels` (none when that set is empty). */
  labels: string[];
  /** What this walkthrough's own calls cost (not those of a review that ran before on the same client). */
  usage: Usage;
  model: 'described' | 'skipped' | 'partial';
  /** What was left out and why (budget, broken answers). */
  notes: string[];
}

/** The note of files the model did not describe: "not described: budget". */
export function notDescribed(reason: string): string {
  return `not described: ${reason}`;
}
