import type { DiffFile } from './types.js';

/** A `.gitattributes` file of the head tree: `dir` is its folder ('' for the root). */
export interface AttributesFile {
  dir: string;
  text: string;
}

/**
 * What a review reads: the diff and the head-side files around it. The CLI builds one from a local git repo;
 * the App and the Action from the GitHub API. The review core only ever sees this interface.
 */
export interface ChangeSet {
  /** What to review: the whole change, or for an incremental review what changed since the last one. */
  files: DiffFile[];
  /** The diff comments are anchored on (the pull request's), when it differs from `files`. */
  commentableFiles?: DiffFile[];
  /** Set when `files` is an incremental diff: its removed lines are not the pull request's LEFT side. */
  rightSideOnly?: boolean;
  baseSha: string;
  headSha: string;
  /** Human description of the change (PR title and body, or commit subjects); untrusted text. */
  description: string;
  /** Head-side text of a file, or null when absent, binary or unreadable. */
  readHeadFiles(paths: string[]): Promise<Map<string, string | null>>;
  /** Every `.gitattributes` file of the head tree. */
  attributesFiles(): Promise<AttributesFile[]>;
  /**
   * Base-side text of files, or null when absent: for the repository's instruction files (AGENTS.md…).
   * A change set without it has none to offer.
   */
  readBaseFiles?(paths: string[]): Promise<Map<string, string | null>>;
}
