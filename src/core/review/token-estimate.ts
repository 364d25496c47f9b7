/**
 * A local token estimate for when Anthropic's count_tokens endpoint is not reachable. Claude's tokenizer
 * averages roughly 3.5–4 characters per token on English and code; 3 errs on the side of smaller chunks.
 */
export const CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
