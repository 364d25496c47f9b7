import type {
  ContentBlockParam,
  Message,
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { withMovingBreakpoint } from '../agent/cache-breakpoints.js';
import { trimToolResult } from '../agent/trim-output.js';
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
  const { tools, signal } = options;
  const maxResultChars = options.maxToolResultChars ?? DEFAULT_MAX_TOOL_RESULT_CHARS;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = [...byPath.keys()];
  let messages: MessageParam[] = [...request.messages];
  let rejected: (Judged & { kind: 'broken' }) | undefined;
  let mustSubmit = false;
  const callFor = (history: MessageParam[], forced: boolean): MessageRequest => ({
    ...request,
    tool_choice: forced ? FORCE_SUBMIT : { type: 'auto' },
    messages: withMovingBreakpoint(history),
  });

  for (let turn = 1; ; turn++) {
    const forced = mustSubmit || turn >= tools.maxTurns;
    const call = callFor(messages, forced);
    let reply: Message;
    try {
      reply = await client.createMessage(call, {
        signal,
        estimatedInputTokens: estimateRequestTokens(call),
      });
    } catch (error) {
      // A refused correction costs only the correction: the valid part of the rejected answer is kept.
      if (!rejected || !(error instanceof BudgetExceededError)) throw error;
      return settle(paths, rejected, `the correction was refused: ${error.message}`);
    }
    if (reply.content.length > 0) {
      messages.push({ role: 'assistant', content: reply.content as ContentBlockParam[] });
    }
    const calls: ToolCall[] = reply.content.flatMap((block) =>
      block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : [],
    );
    const submission = calls.find((c) => c.name === SUBMIT_REVIEW);

    // A reply that reports, or that had to: the contract checks of reviewChunk, with one retry.
    if (submission || forced || calls.length === 0) {
      const judged = judgeSubmission(submission, reply.stop_reason, byPath);
      if (judged.kind === 'valid') return judged.review;
      if (rejected) return settleRetried(paths, rejected, judged);
      // Every tool_use must be answered in the next message, the reading calls that were not run too.
      const answers: Array<ToolResultBlockParam | TextBlockParam> = calls
        .filter((c) => c !== submission)
        .map((c) => errorResult(c, `not run: the review must be submitted now with ${SUBMIT_REVIEW}`));
      answers.push(
        submission
          ? errorResult(submission, correctionRequest(judged.error))
          : { type: 'text', text: CALL_SUBMIT_REVIEW_NOW },
      );
      const answered: MessageParam[] = [...messages, { role: 'user', content: answers }];
      // Without the reading turns and the rejected answer when the whole conversation would not fit.
      const shorter = withRejectionNote(request.messages, judged.error);
      const retry = planRetry(
        { full: callFor(answered, true), compact: callFor(shorter, true) },
        { maxInputTokens: options.maxInputTokens, canRetry: options.canRetry },
      );
      if ('refused' in retry) return settle(paths, judged, retry.refused);
      messages = retry.echoed ? answered : shorter;
      rejected = judged;
      mustSubmit = true;
      continue;
    }

    // A reading turn. The results share the room left under the per-call input limit; without room worth
    // reading into, nothing runs and the next turn must report.
    const room = options.maxInputTokens - estimateRequestTokens({ ...request, messages });
    const perResult = Math.min(maxResultChars, Math.floor((room * CHARS_PER_TOKEN) / calls.length));
    const results: ToolResultBlockParam[] = [];
    if (perResult < MIN_RESULT_CHARS) {
      mustSubmit = true;
      for (const c of calls) {
        results.push(
          errorResult(
            c,
            `not run: this conversation has reached the input limit of one call; submit the review now with ${SUBMIT_REVIEW}`,
          ),
        );
      }
    } else {
      options.onToolCalls?.(calls);
      for (const c of calls) {
        const result = signal?.aborted
          ? errorResult(c, 'cancelled: the job was stopped')
          : await tools.box.run(c, signal);
        results.push(trimToolResult(result, perResult));
      }
    }
    messages.push({ role: 'user', content: results });
  }
}

function errorResult(call: ToolCall, content: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: call.id, content, is_error: true };
}
