import { PullwiseError } from '../errors.js';
import type { ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { toolUseLoop } from './tool-use-loop.js';
import type { AgentRun, AgentStopReason, AgentTools } from './types.js';

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
}

const DEFAULT_MAX_TOOL_RESULT_CHARS = 20_000;

/**
 * The fix agent on the tool-use loop: every tool call the model makes is run and answered, until it answers
 * without a tool call, or a limit stops it (turns, the job's
 * token/USD budget checked before each call, cancellation). Limits end the run with a reason rather than an
 * error, so the caller can still report what was done; API failures (after the client's retries) throw.
 */
export async function runAgent(options: AgentOptions): Promise<AgentRun> {
  const { tools, signal } = options;
  const maxToolResultChars = options.maxToolResultChars ?? DEFAULT_MAX_TOOL_RESULT_CHARS;
  let finalText = '';
  let toolCalls = 0;
  const stop = (turns: number, stopReason: AgentStopReason, stopDetail = ''): AgentRun => ({
    stopReason,
    stopDetail,
    finalText,
    turns,
    toolCalls,
  });
  return toolUseLoop<AgentRun>({
    model: options.model,
    signal,
    messages: [{ role: 'user', content: [{ type: 'text', text: options.task }] }],
    // Tools, then system, then messages is the order of the cached prefix: one breakpoint on the system
    // block caches the tool definitions with it.
    request: () => ({
      max_tokens: options.maxOutputTokens,
      system: [{ type: 'text', text: options.system, cache_control: { type: 'ephemeral' } }],
      tools: tools.definitions,
    }),
    runTool: (call, abort) => tools.run(call, abort),
    beforeTurn: (turn) => {
      if (signal?.aborted) return stop(turn - 1, 'cancelled', 'the job was cancelled');
      if (turn > options.maxTurns) {
        return stop(options.maxTurns, 'max-turns', `the agent used all ${options.maxTurns} turns`);
      }
      return undefined;
    },
    onError: (error, turn) => {
      if (error instanceof BudgetExceededError) return stop(turn - 1, 'budget', error.message);
      if (error instanceof PullwiseError && error.code === 'cancelled') {
        return stop(turn - 1, 'cancelled', 'the job was cancelled');
      }
      return undefined;
    },
    decide: ({ turn, reply, calls, text }) => {
      if (text) finalText = text;
      if (calls.length > 0) {
        toolCalls += calls.length;
        return { run: maxToolResultChars };
      }
      return reply.stop_reason === 'max_tokens'
        ? { stop: stop(turn, 'max-tokens', `the answer reached max_tokens (${options.maxOutputTokens})`) }
        : { stop: stop(turn, 'done') };
    },
  });
}
