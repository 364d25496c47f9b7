import type {
  ContentBlockParam,
  MessageParam,
  TextBlockParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import { PullwiseError } from '../errors.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { withMovingBreakpoint } from './cache-breakpoints.js';
import { trimToolResult } from './trim-output.js';
import type { AgentRun, AgentStopReason, AgentTools, ToolCall, TranscriptEntry } from './types.js';

export interface AgentOptions {
  model: ModelClient;
  /** The stable instructions; cached with the tool definitions. */
  system: string;
  /** The first user message: the task, with the untrusted text already sanitised by the caller. */
  task: string;
  tools: AgentTools;
  maxTurns: number;
  maxOutputTokens: number;
  /** A tool output longer than this is cut (beginning and end kept) before the model sees it. */
  maxToolResultChars?: number;
  signal?: AbortSignal;
  /** Called after each turn's tool calls ran: progress for a tracking comment or a log. */
  onTurn?: (turn: number, calls: ToolCall[]) => void | Promise<void>;
}

const DEFAULT_MAX_TOOL_RESULT_CHARS = 20_000;

/**
 * The tool-use loop: the model is called with the conversation so far, every tool call it makes is run and
 * answered, and this repeats until it answers without a tool call, or a limit stops it (turns, the job's
 * token/USD budget checked before each call, cancellation). Limits end the run with a reason rather than an
 * error, so the caller can still report what was done; API failures (after the client's retries) throw.
 */
export async function runAgent(options: AgentOptions): Promise<AgentRun> {
  const { model, tools, signal } = options;
  const maxToolResultChars = options.maxToolResultChars ?? DEFAULT_MAX_TOOL_RESULT_CHARS;
  const messages: MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: options.task }] }];
  const transcript: TranscriptEntry[] = [
    { turn: 0, role: 'user', content: [...(messages[0]!.content as ContentBlockParam[])] },
  ];
  let finalText = '';
  let toolCalls = 0;
  const stop = (turns: number, stopReason: AgentStopReason, stopDetail = ''): AgentRun => ({
    stopReason,
    stopDetail,
    finalText,
    turns,
    toolCalls,
    transcript,
  });

  for (let turn = 1; turn <= options.maxTurns; turn++) {
    if (signal?.aborted) return stop(turn - 1, 'cancelled', 'the job was cancelled');
    const request: MessageRequest = {
      max_tokens: options.maxOutputTokens,
      // Tools, then system, then messages is the order of the cached prefix: one breakpoint on the system
      // block caches the tool definitions with it.
      system: [{ type: 'text', text: options.system, cache_control: { type: 'ephemeral' } }],
      tools: tools.definitions,
      messages: withMovingBreakpoint(messages),
    };
    let reply;
    try {
      reply = await model.createMessage(request, {
        signal,
        estimatedInputTokens: estimateRequestTokens(request),
      });
    } catch (error) {
      if (error instanceof BudgetExceededError) return stop(turn - 1, 'budget', error.message);
      if (error instanceof PullwiseError && error.code === 'cancelled') {
        return stop(turn - 1, 'cancelled', 'the job was cancelled');
      }
      throw error;
    }
    const content = reply.content as ContentBlockParam[];
    messages.push({ role: 'assistant', content });
    transcript.push({ turn, role: 'assistant', content });
    const text = content
      .filter((block): block is TextBlockParam => block.type === 'text')
      .map((block) => block.text)
      .join('\n')
      .trim();
    if (text) finalText = text;

    const calls: ToolCall[] = reply.content.flatMap((block) =>
      block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : [],
    );
    if (calls.length === 0) {
      return reply.stop_reason === 'max_tokens'
        ? stop(turn, 'max-tokens', `the answer reached max_tokens (${options.maxOutputTokens})`)
        : stop(turn, 'done');
    }
    // Every tool_use must be answered in the next user message, even when the job is being cancelled.
    const results: ToolResultBlockParam[] = [];
    for (const call of calls) {
      const result = signal?.aborted ? cancelledResult(call) : await tools.run(call, signal);
      results.push(trimToolResult(result, maxToolResultChars));
      toolCalls++;
    }
    messages.push({ role: 'user', content: results });
    transcript.push({ turn, role: 'user', content: results });
    await options.onTurn?.(turn, calls);
  }
  return stop(options.maxTurns, 'max-turns', `the agent used all ${options.maxTurns} turns`);
}

function cancelledResult(call: ToolCall): ToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: call.id,
    content: 'cancelled: the job was stopped',
    is_error: true,
  };
}
