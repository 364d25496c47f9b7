import { instructionsForPaths } from '../config/path-instructions.js';
import type { DiffFile } from '../diff/types.js';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import type { ChangeSet } from '../diff/change-set.js';
import { estimateRequestTokens, estimateTokens } from '../model/token-estimate.js';
import { reviewChunk } from './model-review.js';
import { withReadingTools } from './reading-tools.js';
import { reviewChunkWithTools } from './review-chunk-with-tools.js';
import { chunkText, halveChunk, type Chunk } from './plan-chunks.js';
import { CALL_MARGIN_TOKENS, overCallLimit, planModelParts } from './model-parts.js';
import { buildReviewRequest } from './review-prompt.js';
import { byReviewPriority } from './review-priority.js';
import type { ReviewOptions } from './review-options.js';
import {
  SUBMIT_REVIEW,
  WALKTHROUGH_NOTE_TOKENS,
  submitReviewTool,
  type WalkthroughNote,
} from './submit-review-tool.js';
import type { Finding } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';
import { learningsForPrompt } from '../learnings/apply-learnings.js';
import { renderOpenFindings, type AddressedFinding, type OpenFinding } from '../lifecycle/open-finding.js';

/** Share of each call kept for what the model reads with the tools, when it has them: the parts get smaller. */
const READING_SHARE = 0.25;

export interface ModelOutcome {
  findings: Finding[];
  misplaced: UnanchoredFinding[];
  summaries: string[];
  notes: string[];
  leftOut: string[];
  reviewedFiles: number;
  chunks: number;
  failedParts: number;
  /** Open findings the model says the new code fixes (only ids shown in the part it answered). */
  addressed: AddressedFinding[];
  /** With ReviewOptions.walkthroughNotes: one line per file the parts showed, in review order. */
  walkthroughNotes: WalkthroughNote[];
}

/**
 * The model's part of a review: every reviewable file, in priority order, packed into as many calls as the
 * budget allows; what does not fit is reported in `leftOut`.
 */
export async function reviewWithModel(
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
  // One list for the whole review, so that every part's prefix is the same (and cached).
  const learnings = learningsForPrompt(options.learnings ?? [], [...byPath.keys()]);
  const open = (options.openFindings ?? []).filter((f) => f.now !== 'removed');
  const openIn = (paths: string[]): OpenFinding[] => open.filter((f) => paths.includes(f.path));
  const requestFor = (chunk: Chunk, index: number, count: number) => {
    const paths = [...new Set(chunk.segments.map((s) => s.path))];
    const request = buildReviewRequest({
      repositoryInstructions: config.review.instructions,
      instructionFiles: options.instructionFiles ?? [],
      learnings,
      openFindings: renderOpenFindings(openIn(paths), (p) => headTexts.get(p) ?? null),
      description: change.description,
      pathInstructions: instructionsForPaths(config, paths),
      diffText: chunkText(chunk),
      part: { index, count, paths },
      maxOutputTokens: config.budget.max_output_tokens,
    });
    const withTools = options.tools ? withReadingTools(request, options.tools) : request;
    if (!options.walkthroughNotes) return withTools;
    // The lines share the reply with the findings: at most half of its room goes to them.
    const room = Math.floor(config.budget.max_output_tokens / 2 / WALKTHROUGH_NOTE_TOKENS);
    return askingForWalkthrough(withTools, paths.length <= room);
  };
  // Every part is planned with room for all the open findings: they are few, and a part must never overflow.
  const prefixTokens =
    estimateRequestTokens(requestFor({ segments: [], tokens: 0 }, 1, 2)) +
    estimateTokens(renderOpenFindings(open, (p) => headTexts.get(p) ?? null));
  const readingTokens = options.tools
    ? Math.floor(config.budget.max_input_tokens_per_call * READING_SHARE)
    : 0;
  const budgetTokens = Math.max(
    1_000,
    config.budget.max_input_tokens_per_call - prefixTokens - CALL_MARGIN_TOKENS - readingTokens,
  );

  const plan = planModelParts(ordered, headTexts, secretLines, {
    contextLines: config.review.context_lines,
    budgetTokens,
    maxChunks: config.budget.max_calls,
  });

  const outcome: ModelOutcome = {
    findings: [],
    misplaced: [],
    summaries: [],
    notes: [],
    leftOut: [...plan.leftOut],
    reviewedFiles: 0,
    chunks: 0,
    failedParts: 0,
    addressed: [],
    walkthroughNotes: [],
  };
  const notesByPath = new Map<string, string[]>();
  const queue = [...plan.chunks];
  const reviewed = new Set<string>();
  const failed = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const chunk = queue[i]!;
    const request = requestFor(chunk, i + 1, queue.length);
    if (await overCallLimit(client, request, config.budget.max_input_tokens_per_call, options.signal)) {
      const halves = halveChunk(chunk);
      if (halves) {
        queue.splice(i, 1, ...halves);
        i--;
        continue;
      }
    }
    const paths = [...new Set(chunk.segments.map((s) => s.path))];
    progress(`model review ${i + 1}/${queue.length}: ${paths.length} files`);
    // A correction may use only a call that no later part needs: a retry never pushes a part out of the plan.
    const canRetry = () =>
      client.ledger.usage.calls + 1 + (queue.length - 1 - i) <= client.ledger.budget.maxCalls;
    try {
      const chunkFiles = paths.map((p) => byPath.get(p)!);
      const result = options.tools
        ? await reviewChunkWithTools(client, request, chunkFiles, {
            tools: options.tools,
            maxInputTokens: config.budget.max_input_tokens_per_call - CALL_MARGIN_TOKENS,
            canRetry,
            signal: options.signal,
            onToolCalls: (calls) =>
              progress(
                `model review ${i + 1}/${queue.length}: reading with ${calls.map((c) => c.name).join(', ')}`,
              ),
          })
        : await reviewChunk(client, request, chunkFiles, {
            maxInputTokens: config.budget.max_input_tokens_per_call,
            canRetry,
            signal: options.signal,
          });
      outcome.chunks++;
      outcome.notes.push(...result.notes);
      if (result.failure) {
        outcome.failedParts++;
        outcome.notes.push(result.failure);
        paths.forEach((p) => failed.add(p));
      } else {
        paths.forEach((p) => reviewed.add(p));
      }
      if (result.summary) outcome.summaries.push(result.summary);
      outcome.findings.push(...result.findings);
      outcome.misplaced.push(...result.misplaced);
      for (const { path, note } of result.walkthrough) {
        notesByPath.set(path, [...(notesByPath.get(path) ?? []), note]);
      }
      const shown = new Set(openIn(paths).map((f) => f.id));
      for (const a of result.addressed) {
        if (shown.has(a.id) && !outcome.addressed.some((o) => o.id === a.id)) {
          outcome.addressed.push({ id: a.id, how: a.how.trim(), by: 'model' });
        }
      }
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      // This part (its reading turns may have run) and the ones after it have no model review.
      const rest = queue.slice(i).flatMap((c) => c.segments.map((s) => s.path));
      outcome.leftOut.push(...rest);
      outcome.notes.push(
        `Stopped at part ${i + 1} of ${queue.length} of the model review: ${error.message}.`,
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
  // A file split over parts got a line in each: they are joined, each said once.
  outcome.walkthroughNotes = [...notesByPath].map(([path, notes]) => ({
    path,
    note: [...new Set(notes)].join(' '),
  }));
  return outcome;
}

/**
 * The review's request with the walkthrough part in its submit_review tool, and the model told to fill it.
 * The tool is swapped here, per review, so that reviews without a walkthrough keep their cached prefix.
 */
function askingForWalkthrough(request: MessageRequest, fits: boolean): MessageRequest {
  const tool = submitReviewTool({ walkthrough: true });
  const ask = fits
    ? `Also fill "walkthrough" in ${SUBMIT_REVIEW}: a line per file shown.`
    : `Leave "walkthrough" out of ${SUBMIT_REVIEW}: this part shows too many files for the reply to hold a line on each.`;
  const messages = request.messages.map((m, i): MessageParam => {
    if (i > 0 || m.role !== 'user') return m;
    if (typeof m.content === 'string') return { ...m, content: `${m.content}\n\n${ask}` };
    return { ...m, content: [...m.content, { type: 'text', text: ask }] };
  });
  return {
    ...request,
    tools: request.tools?.map((t) => ('name' in t && t.name === SUBMIT_REVIEW ? tool : t)),
    messages,
  };
}
