import type { ToolResultBlockParam, ToolUnion } from '@anthropic-ai/sdk/resources/messages';

/** One tool call as the model made it. */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** What the loop needs of a tool box: the definitions to offer and a way to run one call. Never throws. */
export interface AgentTools {
  readonly definitions: ToolUnion[];
  run(call: ToolCall, signal?: AbortSignal): Promise<ToolResultBlockParam>;
}

export type AgentStopReason =
  /** The model finished: it answered without calling a tool. */
  | 'done'
  | 'max-turns'
  /** The next call could pass the job's token or USD budget (checked before each call). */
  | 'budget'
  /** The model's answer was cut at max_tokens with no tool call to act on. */
  | 'max-tokens'
  | 'cancelled';

export interface AgentRun {
  stopReason: AgentStopReason;
  /** Why the loop stopped early, in words (empty when done). */
  stopDetail: string;
  /** The model's last text: what it says it did. */
  finalText: string;
  turns: number;
  toolCalls: number;
}
