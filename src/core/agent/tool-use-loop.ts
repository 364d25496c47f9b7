import type {
  ContentBlockParam,
  Message,
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { withMovingBreakpoint } from './cache-breakpoints.js';
import { trimToolResult } from './trim-output.js';
import type { ToolCall } from './types.js';

/** One model turn as the loop saw it: the reply, its tool calls and its text. */
export interface LoopTurn {
  turn: number;
  reply: Message;
  calls: ToolCall[];
  /** The reply's text blocks, joined and trimmed. */
  text: string;
  /** The conversation so far, the reply included. */
  messages: MessageParam[];
}

/** What the caller decides after a turn. */
export type TurnDecision<R> =
  /** The conversation is over. */
  | { stop: R }
  /** Run every call and answer it, each result cut to `maxResultChars`. */
  | { run: number }
  /** Answer the turn without running anything (e.g. a correction), then go on. */
  | { answer: Array<ToolResultBlockParam | TextBlockParam> }
  /** Go on from another conversation (e.g. a shorter retry). */
  | { restart: MessageParam[] };

export interface ToolUseLoopOptions<R> {
  model: ModelClient;
  /** The conversation to start from: the task. */
  messages: MessageParam[];
  /** The request for a turn, without its messages (system, tools, tool_choice, max_tokens). */
  request: (turn: number) => Omit<MessageRequest, 'messages'>;
  runTool: (call: ToolCall, signal?: AbortSignal) => Promise<ToolResultBlockParam>;
  decide: (turn: LoopTurn) => TurnDecision<R>;
  /** Checked before each call: a result ends the loop there (cancellation, a turn limit). */
  beforeTurn?: (turn: number) => R | undefined;
  /** A model error turned into a result; undefined rethrows it. */
  onError?: (error: unknown, turn: number) => R | undefined;
  /** Called with a turn's calls before they run. */
  onToolCalls?: (turn: number, calls: ToolCall[]) => void | Promise<void>;
  signal?: AbortSignal;
}

/**
 * The one tool-use loop, for the fix agent and for reviewing with reading tools: call the model with the
 * conversation (one moving cache breakpoint, the budget checked on the estimate), then let the caller
 * decide — stop, run the calls and answer each by id, answer without running, or restart from a shorter
 * conversation. Every tool_use is answered, also when the job is cancelled between calls.
 */
export async function toolUseLoop<R>(options: ToolUseLoopOptions<R>): Promise<R> {
  const { model, signal } = options;
  let messages = [...options.messages];
  for (let turn = 1; ; turn++) {
    const early = options.beforeTurn?.(turn);
    if (early !== undefined) return early;
    const request: MessageRequest = { ...options.request(turn), messages: withMovingBreakpoint(messages) };
    let reply: Message;
    try {
      reply = await model.createMessage(request, {
        signal,
        estimatedInputTokens: estimateRequestTokens(request),
      });
    } catch (error) {
      const result = options.onError?.(error, turn);
      if (result === undefined) throw error;
      return result;
    }
    if (reply.content.length > 0) {
      messages.push({ role: 'assistant', content: reply.content as ContentBlockParam[] });
    }
    const calls: ToolCall[] = reply.content.flatMap((block) =>
      block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : [],
    );
    const text = reply.content
      .flatMap((block) => (block.type === 'text' ? [block.text] : []))
      .join('\n')
      .trim();
    const decision = options.decide({ turn, reply, calls, text, messages });
    if ('stop' in decision) return decision.stop;
    if ('restart' in decision) {
      messages = [...decision.restart];
      continue;
    }
    if ('answer' in decision) {
      messages.push({ role: 'user', content: decision.answer });
      continue;
    }
    await options.onToolCalls?.(turn, calls);
    const results: ToolResultBlockParam[] = [];
    for (const call of calls) {
      const result = signal?.aborted
        ? errorResult(call, 'cancelled: the job was stopped')
        : await options.runTool(call, signal);
      results.push(trimToolResult(result, decision.run));
    }
    messages.push({ role: 'user', content: results });
  }
}

/** A tool_result that tells the model a call failed or was not run. */
export function errorResult(call: ToolCall, content: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: call.id, content, is_error: true };
}
