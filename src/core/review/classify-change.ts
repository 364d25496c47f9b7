import type { PullwiseConfig } from '../config/schema.js';
import type { ChangeSet } from '../diff/change-set.js';
import type { DiffFile } from '../diff/types.js';
import { classifyFiles } from './classify-files.js';
import { hasGeneratedMarker, linguistGenerated } from './generated-files.js';
import type { SkippedFile } from './types.js';

/** A change's files as the model will see them: those it reads, those it does not (and why), the head texts. */
export interface ClassifiedChange {
  readable: DiffFile[];
  skipped: SkippedFile[];
  /** Head-side text of the readable files (null: none), read once for the prompt and the checks. */
  headTexts: Map<string, string | null>;
  /** Whether `.gitattributes` marks a path generated (undefined: it does not say). */
  isGeneratedByAttributes: (path: string) => boolean | undefined;
}

/**
 * Classifies by name, `review.ignore`, `review.generated` and `.gitattributes`, then by the generated markers
 * in the head text: a review and a walkthrough of the same head skip the same files, for the same reasons.
 */
export async function classifyChange(change: ChangeSet, config: PullwiseConfig): Promise<ClassifiedChange> {
  const isGeneratedByAttributes = linguistGenerated(await change.attributesFiles());
  const classified = classifyFiles(change.files, {
    ignore: config.review.ignore,
    generated: config.review.generated,
    linguistGenerated: isGeneratedByAttributes,
  });
  const skipped: SkippedFile[] = [...classified.skipped];
  const headTexts = await change.readHeadFiles(
    classified.reviewable.filter((f) => f.status !== 'deleted' && f.hunks.length > 0).map((f) => f.path),
  );
  const readable = classified.reviewable.filter((file) => {
    const text = headTexts.get(file.path);
    if (text && isGeneratedByAttributes(file.path) === undefined && hasGeneratedMarker(text)) {
      skipped.push({ path: file.path, reason: 'generated' });
      return false;
    }
    return true;
  });
  return { readable, skipped, headTexts, isGeneratedByAttributes };
}
