import { matchesAny } from '../config/ignore.js';
import type { DiffFile } from '../diff/types.js';
import { isGeneratedByName, isLockfile } from './generated-files.js';
import type { SkippedFile, SkipReason } from './types.js';

/**
 * Above this much changed text a file is not sent to the model: such a diff is data or a bundle, not code a
 * person wrote (≈ 5,000 changed lines, ≈ 67k tokens: the calls of several ordinary PRs), and would eat the
 * budget. The diff counts, not the file: a few hunks in a large file are still reviewed.
 */
export const MAX_REVIEW_DIFF_CHARS = 200_000;

function changedChars(file: DiffFile): number {
  let chars = 0;
  for (const hunk of file.hunks)
    for (const line of hunk.lines) if (line.kind !== 'context') chars += line.text.length + 1;
  return chars;
}

export interface ClassifyOptions {
  ignore: readonly string[];
  generated: readonly string[];
  /** From `.gitattributes`: true/false when a rule decides, undefined when none does. */
  linguistGenerated: (path: string) => boolean | undefined;
}

export function skipReason(file: DiffFile, options: ClassifyOptions): SkipReason | undefined {
  if (file.submodule) return 'submodule';
  if (matchesAny(options.ignore, file.path)) return 'ignored';
  if (file.binary) return 'binary';
  if (isLockfile(file.path)) return 'lockfile';
  const attribute = options.linguistGenerated(file.path);
  if (attribute === true || (attribute === undefined && isGeneratedByName(file.path, options.generated))) {
    return 'generated';
  }
  if (file.patchOmitted || changedChars(file) > MAX_REVIEW_DIFF_CHARS) return 'too-large';
  return undefined;
}

/** Splits the changed files into those the model reviews and those it skips, each with its reason. */
export function classifyFiles(
  files: DiffFile[],
  options: ClassifyOptions,
): { reviewable: DiffFile[]; skipped: SkippedFile[] } {
  const reviewable: DiffFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const reason = skipReason(file, options);
    if (reason) skipped.push({ path: file.path, reason });
    else reviewable.push(file);
  }
  return { reviewable, skipped };
}
