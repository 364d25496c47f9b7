import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { planChunks, type ChunkPlan, type FileUnit } from './plan-chunks.js';
import { fileHeader, noHunksNote, renderHunkBlocks } from './render-for-model.js';

// The change as the model reads it, packed into calls: shared by the review and the walkthrough, so both
// show the same numbered diff and split it the same way.

/** Room kept free in each call for the exact count's difference from the estimate and the reply framing. */
export const CALL_MARGIN_TOKENS = 1_000;

/** Each file as the model sees it; lines the secrets check flagged are withheld. */
export function fileUnits(
  files: DiffFile[],
  headTexts: Map<string, string | null>,
  secretLines: Map<string, Set<number>>,
  contextLines: number,
): FileUnit[] {
  return files.map((file) => ({
    path: file.path,
    header: fileHeader(file),
    // A deleted file's old text costs tokens and rarely holds a finding: the model is told of the deletion.
    blocks:
      file.status === 'deleted'
        ? [`(file deleted: ${file.deletions} lines removed)`]
        : file.hunks.length > 0
          ? renderHunkBlocks(file, headTexts.get(file.path) ?? null, {
              contextLines,
              redactLines: secretLines.get(file.path),
            })
          : [noHunksNote(file)],
  }));
}

/** Full context first; when that needs more calls than the cap allows, the bare hunks instead. */
export function planModelParts(
  files: DiffFile[],
  headTexts: Map<string, string | null>,
  secretLines: Map<string, Set<number>>,
  options: { contextLines: number; budgetTokens: number; maxChunks: number },
): ChunkPlan {
  const limits = { budgetTokens: options.budgetTokens, maxChunks: options.maxChunks };
  const plan = planChunks(fileUnits(files, headTexts, secretLines, options.contextLines), limits);
  if (plan.leftOut.length === 0 || options.contextLines === 0) return plan;
  return planChunks(fileUnits(files, headTexts, secretLines, 0), limits);
}

/**
 * Whether a request is over the per-call input limit. The local estimate errs high for code; an exact count
 * is worth its round trip only near the limit.
 */
export async function overCallLimit(
  client: ModelClient,
  request: MessageRequest,
  limit: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const estimate = estimateRequestTokens(request);
  const exact = estimate > limit / 2 ? await client.countTokens(request, signal) : null;
  return (exact ?? estimate) > limit;
}
