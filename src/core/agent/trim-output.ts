import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';

/**
 * A tool output cut to `maxChars`: its beginning and its end (where errors and summaries usually are), with
 * a marker saying how much was left out, so the model knows to narrow its command rather than trust a gap.
 */
export function trimOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.6);
  const tail = maxChars - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n… ${omitted} characters omitted …\n${text.slice(text.length - tail)}`;
}

/** A tool result with each of its texts cut as trimOutput does: what the model reads of a long output. */
export function trimToolResult(result: ToolResultBlockParam, maxChars: number): ToolResultBlockParam {
  if (typeof result.content === 'string') return { ...result, content: trimOutput(result.content, maxChars) };
  if (!Array.isArray(result.content)) return result;
  return {
    ...result,
    content: result.content.map((block) =>
      block.type === 'text' ? { ...block, text: trimOutput(block.text, maxChars) } : block,
    ),
  };
}
