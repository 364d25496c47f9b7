import { runChecks, type CheckId } from '../checks/index.js';
import { instructionsForPaths } from '../config/path-instructions.js';
import type { PullwiseConfig } from '../config/schema.js';
import type { DiffFile } from '../diff/types.js';
import type { ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { anchorFindings } from './anchor-findings.js';
import type { ChangeSet } from './change-set.js';
import { classifyFiles } from './classify-files.js';
import { composeSummary, limitFindings } from './compose-summary.js';
import { dedupeFindings } from './dedupe-findings.js';
import { hasGeneratedMarker, linguistGenerated } from './generated-files.js';
import { estimateRequestTokens, reviewChunk } from './model-review.js';
import { chunkText, halveChunk, planChunks, type Chunk, type FileUnit } from './plan-chunks.js';
import { fileHeader, noHunksNote, renderHunkBlocks } from './render-for-model.js';
import { buildReviewRequest } from './review-prompt.js';
import { byReviewPriority } from './review-priority.js';
import type { ReviewResult } from './review-result.js';
import { count } from './count.js';
import { emptyUsage, type Finding, type SkippedFile, type UnanchoredFinding } from './types.js';

export interface ReviewOptions {
  config: PullwiseConfig;
  /** null: no model available (e.g. no API key) — the built-in checks still run. */
  model: ModelClient | null;
  /** Why the model review is skipped, when `model` is null. */
  modelSkippedReason?: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/** Room kept free in each call for the exact count's difference from the estimate and the reply framing. */
const CALL_MARGIN_TOKENS = 1_000;

/**
 * The review pipeline: classify the changed files, run the built-in checks, send every reviewable file to the
 * model in as many calls as the budget allows, anchor what comes back on the diff and put it in order.
 */
export async function reviewChangeSet(change: ChangeSet, options: ReviewOptions): Promise<ReviewResult> {
  const { config } = options;
  const progress = options.progress ?? (() => {});
  const notes: string[] = [];
  const changedLines = change.files.reduce((sum, f) => sum + f.additions + f.deletions, 0);

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
  const reviewable = classified.reviewable.filter((file) => {
    const text = headTexts.get(file.path);
    if (text && isGeneratedByAttributes(file.path) === undefined && hasGeneratedMarker(text)) {
      skipped.push({ path: file.path, reason: 'generated' });
      return false;
    }
    return true;
  });
  progress(
    `${count(change.files.length, 'changed file')}: ${reviewable.length} to review, ${skipped.length} skipped`,
  );

  const ignoredPaths = new Set(skipped.filter((s) => s.reason === 'ignored').map((s) => s.path));
  const checked = await runChecks(
    change.files.filter((f) => !ignoredPaths.has(f.path)),
    {
      enabled: {
        secrets: config.checks.secrets,
        'conflict-markers': config.checks.conflict_markers,
        'debug-leftovers': config.checks.debug_leftovers,
        'bidi-controls': config.checks.bidi_controls,
        'large-files': config.checks.large_files,
      } satisfies Record<CheckId, boolean>,
      largeFileBytes: config.checks.large_file_bytes,
    },
  );
  for (const error of checked.errors)
    notes.push(`The built-in check "${error.check}" failed: ${error.message}`);
  progress(`built-in checks: ${checked.findings.length} findings`);

  let modelFindings: Finding[] = [];
  const misplaced: UnanchoredFinding[] = [];
  const summaries: string[] = [];
  let reviewedFiles = 0;
  let chunkCount = 0;
  let model: ReviewResult['model'] = 'skipped';
  const usageFrom = options.model?.ledger.usage;

  if (!options.model) {
    notes.push(
      `Model review skipped: ${options.modelSkippedReason ?? 'no model configured'}. Only the built-in checks ran.`,
    );
  } else if (reviewable.length > 0) {
    const secretLines = linesBySource(checked.findings, 'check:secrets');
    const outcome = await reviewWithModel(options.model, change, reviewable, headTexts, secretLines, options);
    modelFindings = outcome.findings;
    misplaced.push(...outcome.misplaced);
    summaries.push(...outcome.summaries);
    notes.push(...outcome.notes);
    skipped.push(...outcome.leftOut.map((path) => ({ path, reason: 'budget' as const })));
    reviewedFiles = outcome.reviewedFiles;
    chunkCount = outcome.chunks;
    model = outcome.leftOut.length > 0 || outcome.failedParts > 0 ? 'partial' : 'reviewed';
  } else {
    model = 'reviewed';
  }

  const findings = dedupeFindings([...checked.findings, ...modelFindings]);
  const anchored = anchorFindings(change.files, findings);
  const limited = limitFindings(anchored.comments, [...anchored.unanchored, ...misplaced], {
    minSeverity: config.review.min_severity,
    maxComments: config.review.max_comments,
  });
  if (limited.belowThreshold > 0) {
    notes.push(
      `${limited.belowThreshold} findings below the "${config.review.min_severity}" threshold are not shown.`,
    );
  }
  if (change.files.length === 0) notes.push('Nothing to review: the range has no changes.');

  return {
    summary: composeSummary({
      modelSummaries: summaries,
      notes,
      overflow: limited.overflow,
      maxComments: config.review.max_comments,
    }),
    comments: limited.comments,
    unanchored: limited.unanchored,
    skipped,
    usage: usageFrom ? { ...usageFrom } : emptyUsage(),
    model,
    stats: {
      changedFiles: change.files.length,
      reviewedFiles,
      chunks: chunkCount,
      changedLines,
      belowThreshold: limited.belowThreshold,
    },
  };
}

interface ModelOutcome {
  findings: Finding[];
  misplaced: UnanchoredFinding[];
  summaries: string[];
  notes: string[];
  leftOut: string[];
  reviewedFiles: number;
  chunks: number;
  failedParts: number;
}

async function reviewWithModel(
  client: ModelClient,
  change: ChangeSet,
  files: DiffFile[],
  headTexts: Map<string, string | null>,
  secretLines: Map<string, Set<number>>,
  options: ReviewOptions,
): Promise<ModelOutcome> {
  const { config } = options;
  const progress = options.progress ?? (() => {});
  const byPath = new Map(files.map((f) => [f.path, f]));
  const ordered = byReviewPriority(files);
  const requestFor = (chunk: Chunk, index: number, count: number) => {
    const paths = [...new Set(chunk.segments.map((s) => s.path))];
    return buildReviewRequest({
      repositoryInstructions: config.review.instructions,
      description: change.description,
      pathInstructions: instructionsForPaths(config, paths),
      diffText: chunkText(chunk),
      part: { index, count, paths },
      maxOutputTokens: config.budget.max_output_tokens,
    });
  };
  const prefixTokens = estimateRequestTokens(requestFor({ segments: [], tokens: 0 }, 1, 2));
  const budgetTokens = Math.max(
    1_000,
    config.budget.max_input_tokens_per_call - prefixTokens - CALL_MARGIN_TOKENS,
  );

  // Full context first; when that needs more calls than the cap allows, the bare hunks instead.
  let plan = planChunks(units(ordered, headTexts, secretLines, config.review.context_lines), {
    budgetTokens,
    maxChunks: config.budget.max_calls,
  });
  if (plan.leftOut.length > 0 && config.review.context_lines > 0) {
    plan = planChunks(units(ordered, headTexts, secretLines, 0), {
      budgetTokens,
      maxChunks: config.budget.max_calls,
    });
  }

  const outcome: ModelOutcome = {
    findings: [],
    misplaced: [],
    summaries: [],
    notes: [],
    leftOut: [...plan.leftOut],
    reviewedFiles: 0,
    chunks: 0,
    failedParts: 0,
  };
  const queue = [...plan.chunks];
  const reviewed = new Set<string>();
  const failed = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const chunk = queue[i]!;
    const request = requestFor(chunk, i + 1, queue.length);
    // The local estimate errs high for code; an exact count is worth its round trip only near the limit.
    const estimate = estimateRequestTokens(request);
    const exact =
      estimate > config.budget.max_input_tokens_per_call / 2
        ? await client.countTokens(request, options.signal)
        : null;
    if ((exact ?? estimate) > config.budget.max_input_tokens_per_call) {
      const halves = halveChunk(chunk);
      if (halves) {
        queue.splice(i, 1, ...halves);
        i--;
        continue;
      }
    }
    const paths = [...new Set(chunk.segments.map((s) => s.path))];
    progress(`model review ${i + 1}/${queue.length}: ${paths.length} files`);
    try {
      const result = await reviewChunk(
        client,
        request,
        paths.map((p) => byPath.get(p)!),
        options.signal,
      );
      outcome.chunks++;
      if (result.failure) {
        outcome.failedParts++;
        outcome.notes.push(
          `The model's answer for ${paths.join(', ')} broke the review contract twice (${result.failure}); those files have no model findings.`,
        );
        paths.forEach((p) => failed.add(p));
      } else {
        paths.forEach((p) => reviewed.add(p));
      }
      if (result.summary) outcome.summaries.push(result.summary);
      outcome.findings.push(...result.findings);
      outcome.misplaced.push(...result.misplaced);
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      const rest = queue.slice(i).flatMap((c) => c.segments.map((s) => s.path));
      outcome.leftOut.push(...rest);
      outcome.notes.push(
        `Stopped before ${queue.length - i} of ${queue.length} model calls: ${error.message}.`,
      );
      break;
    }
  }
  outcome.leftOut = [...new Set(outcome.leftOut)];
  if (outcome.leftOut.length > 0 && !outcome.notes.some((n) => n.startsWith('Stopped'))) {
    outcome.notes.push(
      `${outcome.leftOut.length} files were not reviewed by the model: the change needs more than the ${config.budget.max_calls} model calls allowed (budget.max_calls).`,
    );
  }
  const leftOut = new Set(outcome.leftOut);
  outcome.reviewedFiles = [...reviewed].filter((p) => !leftOut.has(p) && !failed.has(p)).length;
  return outcome;
}

/** Head-side lines each finding of one source covers, by path. */
function linesBySource(findings: Finding[], source: string): Map<string, Set<number>> {
  const byPath = new Map<string, Set<number>>();
  for (const f of findings) {
    if (f.source !== source) continue;
    const lines = byPath.get(f.path) ?? new Set<number>();
    for (let n = f.startLine ?? f.line; n <= f.line; n++) lines.add(n);
    byPath.set(f.path, lines);
  }
  return byPath;
}

function units(
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
