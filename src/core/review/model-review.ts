import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageParam,
  TextBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { checkSubmission, type CheckedSubmission } from './check-submission.js';
import { count } from './count.js';
import { SUBMIT_REVIEW } from './submit-review-tool.js';
import type { Finding } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';
import type { SubmittedAddressed, WalkthroughNote } from './submit-review-tool.js';

export interface ChunkReview {
  summary: string;
  findings: Finding[];
  /** Comments that broke the contract but name a file and line, e.g. on a file not in this part (kept). */
  misplaced: UnanchoredFinding[];
  /** For the review's notes: how the answer broke the contract, when its valid part was kept. */
  notes: string[];
  /** For the review's notes, when the part has no usable answer: the model broke the contract, and why. */
  failure?: string;
  /** The open findings shown in this part that the model says are fixed. */
  addressed: SubmittedAddressed[];
  /** Walkthrough lines on this part's files, when the review was asked for them (else empty). */
  walkthrough: WalkthroughNote[];
}

/** How a part's review may retry: within the per-call input limit, and only while `canRetry` says so. */
export interface ChunkReviewOptions {
  /** The most input one request may carry (budget.max_input_tokens_per_call), retries included. */
  maxInputTokens: number;
  /** False when no model call can be spared for a correction (the parts still to send need the rest). */
  canRetry?: () => boolean;
  signal?: AbortSignal;
}

/**
 * One model call for one part of the change. A reply that breaks the submit_review contract (no tool call,
 * input that fails the schema, paths that are not in this part) is sent back once with the error, when a
 * call is left and the retry fits the per-call limit; then what is valid in the answer is kept and the rest
 * reported in the result, never thrown.
 */
export async function reviewChunk(
  client: ModelClient,
  request: MessageRequest,
  files: DiffFile[],
  options: ChunkReviewOptions,
): Promise<ChunkReview> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = [...byPath.keys()];
  const answer = await askWithOneRetry(client, request, {
    ...options,
    tool: SUBMIT_REVIEW,
    judge: (toolUse, stopReason) => {
      const judged = judgeSubmission(toolUse, stopReason, byPath);
      return judged.kind === 'valid' ? { kind: 'valid', value: judged.review } : judged;
    },
  });
  if (answer.kind === 'valid') return answer.value;
  if (answer.second) return settleRetried(paths, answer.first, answer.second);
  return settle(paths, answer.first, answer.refused);
}

/** What a contract check makes of one reply: a value to keep, or the error to send back (and what is usable). */
export type Verdict<V, B extends { kind: 'broken'; error: string }> = { kind: 'valid'; value: V } | B;

/** How a forced tool call ended: valid, or broken with the correction's verdict or the reason none was sent. */
export type ToolAnswer<V, B extends { kind: 'broken'; error: string }> =
  | { kind: 'valid'; value: V }
  | { kind: 'broken'; first: B; second: B; refused?: undefined }
  | { kind: 'broken'; first: B; second?: undefined; refused: string };

/**
 * One call that must answer with `tool`, and the one correction the review allows: a reply that breaks the
 * contract goes back with the error when a call is left and the retry fits the per-call limit. A budget
 * refusal of the first call propagates; of the correction, it becomes the reason no correction was sent.
 */
export async function askWithOneRetry<V, B extends { kind: 'broken'; error: string }>(
  client: ModelClient,
  request: MessageRequest,
  options: ChunkReviewOptions & {
    tool: string;
    judge: (
      toolUse: (ToolUseBlock & { input: unknown }) | undefined,
      stopReason: string | null,
    ) => Verdict<V, B>;
  },
): Promise<ToolAnswer<V, B>> {
  const { tool } = options;
  const send = (call: MessageRequest) =>
    client.createMessage(call, { signal: options.signal, estimatedInputTokens: estimateRequestTokens(call) });

  const reply = await send(request);
  const toolUse = toolCallIn(reply, tool);
  const first = options.judge(toolUse, reply.stop_reason);
  if (first.kind === 'valid') return first;
  const correction: MessageParam = toolUse
    ? {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: toolUse.id,
            is_error: true,
            content: correctionRequest(first.error, tool),
          },
        ],
      }
    : { role: 'user', content: callToolNow(tool) };
  const retry = planRetry(
    {
      full: { ...request, messages: [...request.messages, ...assistantTurn(reply.content), correction] },
      compact: { ...request, messages: withRejectionNote(request.messages, first.error, tool) },
    },
    options,
  );
  if ('refused' in retry) return { kind: 'broken', first, refused: retry.refused };
  let second: Message;
  try {
    second = await send(retry.call);
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    return { kind: 'broken', first, refused: `the correction was refused: ${error.message}` };
  }
  const again = options.judge(toolCallIn(second, tool), second.stop_reason);
  return again.kind === 'valid' ? again : { kind: 'broken', first, second: again };
}

/** A submit_review answer as the contract check found it. */
export type Judged =
  { kind: 'valid'; review: ChunkReview } | { kind: 'broken'; error: string; usable?: CheckedSubmission };

/** The contract check of a reply's submit_review call (undefined: the reply made none). */
export function judgeSubmission(
  toolUse: { input: unknown } | undefined,
  stopReason: string | null,
  byPath: Map<string, DiffFile>,
): Judged {
  if (!toolUse) return { kind: 'broken', error: noSubmissionError(stopReason) };
  const checked = checkSubmission(toolUse.input, byPath);
  if (!checked.ok) return { kind: 'broken', error: checked.error };
  const { summary, findings, unplaced, problems, hint, addressed } = checked.value;
  if (problems.length === 0) {
    const { walkthrough } = checked.value;
    return {
      kind: 'valid',
      review: { summary, findings, misplaced: unplaced, notes: [], addressed, walkthrough },
    };
  }
  const error = `The ${SUBMIT_REVIEW} input broke the contract: ${listProblems(problems)}${hint ? `. ${hint}` : ''}`;
  return { kind: 'broken', error, usable: checked.value };
}

/** The reason a retry is refused when the parts still to send need every call left. */
const NO_CALL_LEFT = 'no model call was left to ask for a correction (budget.max_calls)';
const TOO_BIG = 'a correction would not fit in one call (budget.max_input_tokens_per_call)';

/**
 * The retry to send, if any: the conversation with the rejected answer and the error when it fits the
 * per-call limit by the same estimate as every call; else the part with the error alone, without echoing
 * the rejected answer (which may be as long as a whole reply); else none.
 */
export function planRetry(
  candidates: { full: MessageRequest; compact: MessageRequest },
  options: Pick<ChunkReviewOptions, 'maxInputTokens' | 'canRetry'>,
): { call: MessageRequest; echoed: boolean } | { refused: string } {
  if (options.canRetry && !options.canRetry()) return { refused: NO_CALL_LEFT };
  if (estimateRequestTokens(candidates.full) <= options.maxInputTokens) {
    return { call: candidates.full, echoed: true };
  }
  if (estimateRequestTokens(candidates.compact) <= options.maxInputTokens) {
    return { call: candidates.compact, echoed: false };
  }
  return { refused: TOO_BIG };
}

/** Room for the error in a retry that leaves out the rejected answer: well inside CALL_MARGIN_TOKENS. */
const MAX_NOTE_CHARS = 2_000;

/** The part's messages with the error of the rejected answer appended to the last user turn. */
export function withRejectionNote(
  messages: MessageParam[],
  error: string,
  tool: string = SUBMIT_REVIEW,
): MessageParam[] {
  const cut = error.length > MAX_NOTE_CHARS ? `${error.slice(0, MAX_NOTE_CHARS)} …` : error;
  const note: TextBlockParam = {
    type: 'text',
    text: `Your ${tool} call for this part was rejected (it is not repeated here, to keep within the input limit): ${cut}. Call ${tool} again with ${wholeAnswer(tool)} corrected.`,
  };
  const last = messages.at(-1);
  if (last?.role !== 'user') return [...messages, { role: 'user', content: [note] }];
  const blocks: ContentBlockParam[] =
    typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
  return [...messages.slice(0, -1), { role: 'user', content: [...blocks, note] }];
}

/** What a part's review comes to when its answer broke the contract and no correction is sent. */
export function settle(paths: string[], judged: Judged & { kind: 'broken' }, why: string): ChunkReview {
  const where = paths.join(', ');
  const { usable } = judged;
  if (!usable) {
    const failure =
      why === RETRIED
        ? `The model's answer for ${where} broke the review contract twice (${judged.error}); those files have no model findings.`
        : `The model's answer for ${where} broke the review contract (${judged.error}), and ${why}; those files have no model findings.`;
    return { summary: '', findings: [], misplaced: [], notes: [], failure, addressed: [], walkthrough: [] };
  }
  const broken = usable.brokenComments;
  const listed = usable.unplaced.length;
  const rest =
    broken === 0
      ? ''
      : listed === broken
        ? `; ${count(broken, 'broken comment')} listed with the findings not placed inline`
        : `; of ${count(broken, 'broken comment')}, ${listed} listed with the findings not placed inline`;
  const how = why === RETRIED ? ' twice' : '';
  const and = why === RETRIED ? '' : `, and ${why}`;
  return {
    summary: usable.summary,
    findings: usable.findings,
    addressed: usable.addressed,
    walkthrough: usable.walkthrough,
    misplaced: usable.unplaced,
    notes: [
      `The model's answer for ${where} broke the review contract${how} (${listProblems(usable.problems)})${and}: ${count(usable.findings.length, 'valid comment')} kept${rest}.`,
    ],
  };
}

const RETRIED = 'retried';

/** The corrected answer broke the contract too: the more usable of the two answers is kept. */
export function settleRetried(
  paths: string[],
  first: Judged & { kind: 'broken' },
  second: Judged & { kind: 'broken' },
): ChunkReview {
  if (second.usable || !first.usable) return settle(paths, second, RETRIED);
  const problems = [...first.usable.problems, `the correction: ${second.error}`];
  return settle(paths, { ...first, usable: { ...first.usable, problems } }, RETRIED);
}

/** What the model is told when it answered without the tool call it must report with. */
export function callToolNow(tool: string): string {
  return `You must report by calling the ${tool} tool. Call it now.`;
}

export const CALL_SUBMIT_REVIEW_NOW = callToolNow(SUBMIT_REVIEW);

export function noSubmissionError(stopReason: string | null, tool: string = SUBMIT_REVIEW): string {
  return `the model answered without calling ${tool} (stop reason: ${stopReason ?? 'unknown'})`;
}

/** The tool_result text that sends a tool input that broke the contract back to the model. */
export function correctionRequest(error: string, tool: string = SUBMIT_REVIEW): string {
  return `${error}. Call ${tool} again with ${wholeAnswer(tool)} corrected.`;
}

function wholeAnswer(tool: string): string {
  return tool === SUBMIT_REVIEW ? 'the whole review' : 'the whole answer';
}

function listProblems(problems: string[]): string {
  const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
  return `${problems.slice(0, 10).join('; ')}${more}`;
}

function toolCallIn(reply: Message, tool: string): (ToolUseBlock & { input: unknown }) | undefined {
  return reply.content.find((b): b is ToolUseBlock => b.type === 'tool_use' && b.name === tool);
}

function assistantTurn(content: ContentBlock[]): MessageParam[] {
  return content.length > 0 ? [{ role: 'assistant', content }] : [];
}
