import type {
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { withMovingBreakpoint } from '../agent/cache-breakpoints.js';
import { errorResult, toolUseLoop, type TurnDecision } from '../agent/tool-use-loop.js';
import type { ToolCall } from '../agent/types.js';
import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import {
  CALL_SUBMIT_REVIEW_NOW,
  correctionRequest,
  judgeSubmission,
  planRetry,
  settle,
  settleRetried,
  withRejectionNote,
  type ChunkReview,
  type Judged,
} from './model-review.js';
import type { ReviewTools } from './reading-tools.js';
import { SUBMIT_REVIEW } from './submit-review-tool.js';
import { CHARS_PER_TOKEN, estimateRequestTokens } from '../model/token-estimate.js';

export interface ToolReviewOptions {
  tools: ReviewTools;
  /**
   * The most input one call may carry: tool results are cut so that the growing conversation stays under it,
   * and a correction that would not fit leaves the reading turns out.
   */
  maxInputTokens: number;
  /** False when no model call can be spared for a correction (the parts still to send need the rest). */
  canRetry?: () => boolean;
  /** A tool result longer than this is cut (beginning and end kept), as in the agent loop. */
  maxToolResultChars?: number;
  signal?: AbortSignal;
  /** Called with each turn's reading calls, before they run: progress for a log. */
  onToolCalls?: (calls: ToolCall[]) => void;
}

const DEFAULT_MAX_TOOL_RESULT_CHARS = 20_000;
/** Below this many characters per result there is no room worth reading into: the model must report instead. */
const MIN_RESULT_CHARS = 1_000;
const FORCE_SUBMIT = { type: 'tool', name: SUBMIT_REVIEW } as const;

/**
 * One part of the review as a conversation: the model may read the checkout with the reading tools (every
 * call is run and answered) until it reports with submit_review. The last of `maxTurns` turns forces
 * submit_review, so a review always comes back. A submission that breaks the contract is sent back once,
 * as without tools (when a call is left and the retry fits), and that retry is forced too; then the valid
 * part of the answer is kept and the rest reported in the result, never thrown. Budget and cancellation
 * errors from the client before a submission propagate, as they do from reviewChunk.
 */
export async function reviewChunkWithTools(
  client: ModelClient,
  request: MessageRequest,
  files: DiffFile[],
  options: ToolReviewOptions,
): Promise<ChunkReview> {
  const { tools } = options;
  const maxResultChars = options.maxToolResultChars ?? DEFAULT_MAX_TOOL_RESULT_CHARS;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = [...byPath.keys()];
  const { messages: task, ...fixed } = request;
  let rejected: (Judged & { kind: 'broken' }) | undefined;
  let mustSubmit = false;
  let forced = false;
  const callFor = (history: MessageParam[], force: boolean): MessageRequest => ({
    ...fixed,
    tool_choice: force ? FORCE_SUBMIT : { type: 'auto' },
    messages: withMovingBreakpoint(history),
  });

  return toolUseLoop<ChunkReview>({
    model: client,
    signal: options.signal,
    messages: task,
    request: (turn) => {
      forced = mustSubmit || turn >= tools.maxTurns;
      return { ...fixed, tool_choice: forced ? FORCE_SUBMIT : { type: 'auto' } };
    },
    runTool: (call, signal) => tools.box.run(call, signal),
    onToolCalls: (_turn, calls) => options.onToolCalls?.(calls),
    // A refused correction costs only the correction: the valid part of the rejected answer is kept.
    onError: (error) =>
      rejected && error instanceof BudgetExceededError
        ? settle(paths, rejected, `the correction was refused: ${error.message}`)
        : undefined,
    decide: ({ reply, calls, messages }) => {
      const submission = calls.find((c) => c.name === SUBMIT_REVIEW);
      if (!submission && !forced && calls.length > 0) return readingTurn(calls, messages);

      // A reply that reports, or that had to: the contract checks of reviewChunk, with one retry.
      const judged = judgeSubmission(submission, reply.stop_reason, byPath);
      if (judged.kind === 'valid') return { stop: judged.review };
      if (rejected) return { stop: settleRetried(paths, rejected, judged) };
      // Every tool_use must be answered in the next message, the reading calls that were not run too.
      const answers: Array<ToolResultBlockParam | TextBlockParam> = calls
        .filter((c) => c !== submission)
        .map((c) => errorResult(c, `not run: the review must be submitted now with ${SUBMIT_REVIEW}`));
      answers.push(
        submission
          ? errorResult(submission, correctionRequest(judged.error))
          : { type: 'text', text: CALL_SUBMIT_REVIEW_NOW },
      );
      // Without the reading turns and the rejected answer when the whole conversation would not fit.
      const shorter = withRejectionNote(task, judged.error);
      const retry = planRetry(
        {
          full: callFor([...messages, { role: 'user', content: answers }], true),
          compact: callFor(shorter, true),
        },
        { maxInputTokens: options.maxInputTokens, canRetry: options.canRetry },
      );
      if ('refused' in retry) return { stop: settle(paths, judged, retry.refused) };
      rejected = judged;
      mustSubmit = true;
      return retry.echoed ? { answer: answers } : { restart: shorter };
    },
  });

  // The results of a reading turn share the room left under the per-call input limit; without room worth
  // reading into, nothing runs and the next turn must report.
  function readingTurn(calls: ToolCall[], messages: MessageParam[]): TurnDecision<ChunkReview> {
    const room = options.maxInputTokens - estimateRequestTokens({ ...request, messages });
    const perResult = Math.min(maxResultChars, Math.floor((room * CHARS_PER_TOKEN) / calls.length));
    if (perResult >= MIN_RESULT_CHARS) return { run: perResult };
    mustSubmit = true;
    return {
      answer: calls.map((c) =>
        errorResult(
          c,
          `not run: this conversation has reached the input limit of one call; submit the review now with ${SUBMIT_REVIEW}`,
        ),
      ),
    };
  }
}
