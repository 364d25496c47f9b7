import type { MessageRequest } from './client.js';

/**
 * A local token estimate for when Anthropic's count_tokens endpoint is not reachable. Claude's tokenizer
 * averages roughly 3.5–4 characters per token on English and code; 3 errs on the side of smaller chunks.
 */
export const CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Everything the request holds, for the budget check before the call: the texts as the model reads them. */
export function estimateRequestTokens(request: MessageRequest): number {
  const texts: string[] = [JSON.stringify(request.tools ?? [])];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const block = value as Record<string, unknown>;
      // Text and tool-result bodies are read as text; a tool_use input as the JSON the model wrote.
      if (block.type === 'tool_use') texts.push(JSON.stringify(block.input));
      else for (const key of ['text', 'content']) collect(block[key]);
    }
  };
  collect(request.system);
  collect(request.messages);
  return estimateTokens(texts.join('\n'));
}
