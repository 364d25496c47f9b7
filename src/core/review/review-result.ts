import type { ReviewComment } from '../findings/finding.js';
import type { SkippedFile, UnanchoredFinding } from './types.js';
import type { Usage } from '../model/usage.js';
import type { WithheldFinding } from '../learnings/apply-learnings.js';
import type { AddressedFinding } from '../lifecycle/open-finding.js';

/** The outcome of a review: the JSON contract of `pullwise review --format json` (DESIGN.md), plus stats. */
export interface ReviewResult {
  summary: string;
  /** The inline comments: at most `review.max_comments`, the most severe first. */
  comments: ReviewComment[];
  /** Anchored findings over `review.max_comments`, as postable as `comments`; never in `comments` too. */
  overflow: ReviewComment[];
  unanchored: UnanchoredFinding[];
  skipped: SkippedFile[];
  usage: Usage;
  /** Whether the model reviewed the change: "skipped" means built-in checks only (e.g. no API key). */
  model: 'reviewed' | 'skipped' | 'partial';
  stats: ReviewStats;
  /** Set when earlier open findings were given (a re-review): those the new code addresses. */
  lifecycle?: { addressed: AddressedFinding[] };
  /** Findings not shown because maintainers dismissed the same finding before (learnings). */
  withheld?: WithheldFinding[];
  /** Anchored findings kept out of inline comments on a push (`review.on_push: severe`): in the body. */
  quiet?: ReviewComment[];
  /**
   * With ReviewOptions.walkthroughNotes: the model's line on each file its calls showed (files it never saw,
   * or whose answer had none, are missing), for describeChangeSet's `fileNotes`.
   */
  walkthroughNotes?: Array<{ path: string; note: string }>;
}

export interface ReviewStats {
  changedFiles: number;
  /** Files whose diff reached the model in full. */
  reviewedFiles: number;
  chunks: number;
  changedLines: number;
  /** Findings not posted because they are below `review.min_severity`. */
  belowThreshold: number;
}
