import type { TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { AgentTools } from '../agent/types.js';
import type { MessageRequest } from '../model/client.js';
import { SUBMIT_REVIEW, SUBMIT_REVIEW_TOOL } from './submit-review-tool.js';

/**
 * Tools the review model may use to read the checkout of the change's head before it reports (the App passes
 * a read-only ToolBox when `review.tools` is on).
 */
export interface ReviewTools {
  box: AgentTools;
  /** Most model calls for one part of the review; the last one must be the submit_review call. */
  maxTurns: number;
}

function guidance(names: string[], maxTurns: number): string {
  return `Reading tools: besides ${SUBMIT_REVIEW}, you may call ${names.join(', ')} on the repository as it is at the head of this change. They are for reading context only — definitions, callers, tests, configuration — to check a finding before you report it; they change nothing. Read only what a finding depends on. Your review must still comment only on lines of the diff shown: files you read are context, not part of the change, and a comment on them cannot be placed. You have at most ${maxTurns} replies for this part; the last one must be the ${SUBMIT_REVIEW} call, so call it as soon as you know enough.`;
}

/**
 * The review request with the reading tools offered next to submit_review and the model free to choose
 * (`tool_choice: auto`). The guidance follows the review guidelines, before the repository's instructions; the
 * cache breakpoint stays on the last system block, so the cached prefix holds the tools (which come first in
 * it), the guidelines and the guidance.
 */
export function withReadingTools(request: MessageRequest, tools: ReviewTools): MessageRequest {
  // A toolset (no name of its own) is named by its type.
  const names = tools.box.definitions.map((tool) => ('name' in tool ? tool.name : tool.type));
  const given: TextBlockParam[] =
    typeof request.system === 'string' ? [{ type: 'text', text: request.system }] : (request.system ?? []);
  const cached = given.some((block) => block.cache_control);
  const blocks: TextBlockParam[] = [
    ...given.slice(0, 1),
    { type: 'text', text: guidance(names, tools.maxTurns) },
    ...given.slice(1),
  ];
  const system = blocks.map(({ cache_control: _moved, ...block }, i) =>
    cached && i === blocks.length - 1 ? { ...block, cache_control: { type: 'ephemeral' as const } } : block,
  );
  return {
    ...request,
    system,
    tools: [...tools.box.definitions, SUBMIT_REVIEW_TOOL],
    tool_choice: { type: 'auto' },
  };
}
