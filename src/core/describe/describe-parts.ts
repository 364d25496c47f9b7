import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { askWithOneRetry } from '../review/model-review.js';
import { CALL_MARGIN_TOKENS, overCallLimit, planModelParts } from '../review/model-parts.js';
import { chunkText, halveChunk, type Chunk, type Segment } from '../review/plan-chunks.js';
import { WALKTHROUGH_NOTE_TOKENS } from '../review/submit-review-tool.js';
import { count } from '../review/count.js';
import { checkAnswer, type AnswerVerdict } from './check-walkthrough.js';
import { notesPartRequest, type DescribeSetup } from './describe-prompt.js';
import { SUBMIT_NOTES } from './submit-walkthrough-tool.js';
import type { PreparedChange } from './prepare-change.js';

/** Share of a reply's room the notes may fill: the JSON around them and the model's own slack need the rest. */
const NOTES_SHARE = 0.8;

export const BUDGET = 'budget';
export const BROKEN = 'the model’s answer broke the contract';

/** What the parts came to: a note per file they described, the reason for each they did not. */
export interface PartsOutcome {
  notes: Map<string, string>;
  undescribed: Map<string, string>;
  /** For the walkthrough's notes. */
  messages: string[];
}

export interface PartsOptions {
  maxInputTokens: number;
  /** Calls to keep for after the parts (the merge call). */
  reserveCalls: number;
  signal?: AbortSignal;
  progress: (message: string) => void;
}

/** How many files one call may be asked to note within `max_output_tokens`. */
export function filesPerCall(maxOutputTokens: number): number {
  return Math.max(1, Math.floor((maxOutputTokens * NOTES_SHARE) / WALKTHROUGH_NOTE_TOKENS));
}

/** The diff packed as the review packs it, without extra context lines: a note needs the change, not its file. */
export function planDescribeParts(
  files: DiffFile[],
  prepared: PreparedChange,
  options: { budgetTokens: number; maxFiles: number },
): Chunk[] {
  const plan = planModelParts(files, prepared.headTexts, prepared.secretLines, {
    contextLines: 0,
    budgetTokens: options.budgetTokens,
    maxChunks: Number.MAX_SAFE_INTEGER,
  });
  return repack(
    plan.chunks.flatMap((c) => c.segments),
    options,
  );
}

/**
 * Notes on `files` in as many submit_notes calls as the budget leaves (keeping `reserveCalls`). Parts the
 * budget cannot hold, and a part refused by the budget with all after it, are `undescribed: budget`.
 */
export async function describeInParts(
  client: ModelClient,
  files: DiffFile[],
  prepared: PreparedChange,
  setup: DescribeSetup,
  options: PartsOptions,
): Promise<PartsOutcome> {
  const outcome: PartsOutcome = { notes: new Map(), undescribed: new Map(), messages: [] };
  const byPath = new Map(files.map((f) => [f.path, f]));
  const prefixTokens = estimateRequestTokens(notesPartRequest(setup, { index: 1, count: 2, diffText: '' }));
  const planned = planDescribeParts(files, prepared, {
    budgetTokens: Math.max(1_000, options.maxInputTokens - prefixTokens - CALL_MARGIN_TOKENS),
    maxFiles: filesPerCall(setup.maxOutputTokens),
  });
  const { ledger } = client;
  const callsLeft = () => ledger.budget.maxCalls - ledger.usage.calls - options.reserveCalls;
  const pathsOf = (chunks: Chunk[]) => [...new Set(chunks.flatMap((c) => c.segments.map((s) => s.path)))];
  const noCallLeft = (chunks: Chunk[]) => {
    const rest = pathsOf(chunks);
    rest.forEach((p) => outcome.undescribed.set(p, BUDGET));
    outcome.messages.push(
      `${count(rest.length, 'file')} not described: the change needs more model calls than the ${ledger.budget.maxCalls} allowed (budget.max_calls).`,
    );
  };
  // As in the review, the parts past the call cap are known up front, so a retry never pushes a part out.
  const queue = planned.slice(0, Math.max(0, callsLeft()));
  if (queue.length < planned.length) noCallLeft(planned.slice(queue.length));

  for (let i = 0; i < queue.length; i++) {
    const chunk = queue[i]!;
    // Halving an oversized part may need more calls than are left.
    if (callsLeft() < 1) {
      noCallLeft(queue.slice(i));
      break;
    }
    const request: MessageRequest = notesPartRequest(setup, {
      index: i + 1,
      count: queue.length,
      diffText: chunkText(chunk),
    });
    if (await overCallLimit(client, request, options.maxInputTokens, options.signal)) {
      const halves = halveChunk(chunk);
      if (halves) {
        queue.splice(i, 1, ...halves);
        i--;
        continue;
      }
    }
    const shown = pathsOf([chunk]).map((p) => byPath.get(p)!);
    options.progress(`walkthrough ${i + 1}/${queue.length}: ${count(shown.length, 'file')}`);
    try {
      const answer = await askWithOneRetry(client, request, {
        tool: SUBMIT_NOTES,
        maxInputTokens: options.maxInputTokens,
        // A correction may use only a call that no later part (nor the merge) needs.
        canRetry: () => callsLeft() - 1 >= queue.length - 1 - i,
        signal: options.signal,
        judge: (toolUse, stopReason): AnswerVerdict =>
          checkAnswer(toolUse, stopReason, { tool: SUBMIT_NOTES, summary: false, shown }),
      });
      const kept = answer.kind === 'valid' ? answer.value : (answer.second?.usable ?? answer.first.usable);
      for (const { path, note } of kept?.files ?? []) {
        const before = outcome.notes.get(path);
        outcome.notes.set(path, before && before !== note ? `${before} ${note}` : note);
      }
      if (answer.kind === 'broken') {
        const why = answer.second ? 'twice' : `once, and ${answer.refused}`;
        const error = (answer.second ?? answer.first).error;
        const lost = shown.filter((f) => !outcome.notes.has(f.path));
        lost.forEach((f) => outcome.undescribed.set(f.path, BROKEN));
        outcome.messages.push(
          `The model's notes for part ${i + 1} broke the contract ${why} (${error}); ${count(lost.length, 'file')} of it not described.`,
        );
      }
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      // This part and the ones after it have no notes; what the earlier parts wrote is kept.
      const rest = pathsOf(queue.slice(i)).filter((p) => !outcome.notes.has(p));
      rest.forEach((p) => outcome.undescribed.set(p, BUDGET));
      outcome.messages.push(
        `Stopped at part ${i + 1} of ${queue.length} of the walkthrough: ${error.message}.`,
      );
      break;
    }
  }
  for (const path of outcome.notes.keys()) outcome.undescribed.delete(path);
  return outcome;
}

/** The planned pieces packed again in order, under both the token budget and the files one reply can note. */
function repack(segments: Segment[], limits: { budgetTokens: number; maxFiles: number }): Chunk[] {
  const out: Chunk[] = [];
  let current: Chunk = { segments: [], tokens: 0 };
  let paths = new Set<string>();
  for (const segment of segments) {
    const newFile = !paths.has(segment.path);
    const full =
      current.tokens + segment.tokens > limits.budgetTokens || (newFile && paths.size >= limits.maxFiles);
    if (full && current.segments.length > 0) {
      out.push(current);
      current = { segments: [], tokens: 0 };
      paths = new Set();
    }
    paths.add(segment.path);
    current.segments.push(segment);
    current.tokens += segment.tokens;
  }
  if (current.segments.length > 0) out.push(current);
  return out;
}
