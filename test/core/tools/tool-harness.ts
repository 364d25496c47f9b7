import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ToolBox, type ToolBoxOptions } from '../../../src/core/tools/toolbox.js';

export interface ToolOutput {
  text: string;
  isError: boolean;
}

/** A tool box over `root` and a one-call helper returning the result's text and error flag. */
export function toolsFor(root: string, options: Omit<ToolBoxOptions, 'root'> = {}) {
  const box = new ToolBox({ root, ...options });
  let calls = 0;
  const call = async (name: string, input: unknown, signal?: AbortSignal): Promise<ToolOutput> => {
    const id = `toolu_${++calls}`;
    const result = await box.run({ id, name, input }, signal);
    return unwrap(result, id);
  };
  const edit = (input: Record<string, unknown>) => call('str_replace_based_edit_tool', input);
  return { box, call, edit };
}

function unwrap(result: ToolResultBlockParam, id: string): ToolOutput {
  if (result.type !== 'tool_result' || result.tool_use_id !== id)
    throw new Error('not the answer to this call');
  if (typeof result.content !== 'string') throw new Error('tool results are plain text');
  return { text: result.content, isError: result.is_error === true };
}
