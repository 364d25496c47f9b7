/** USD per million tokens. "Model pricing" on Anthropic's pricing page (5-minute cache writes). */
export interface ModelPrice {
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
}

const price = (input: number, output: number, cacheReadShare = 0.1): ModelPrice => ({
  input,
  output,
  cache_write: input * 1.25,
  cache_read: input * cacheReadShare,
});

/** Longest matching prefix wins, so dated ids (claude-sonnet-4-5-20250929) find their family. */
export const BUILT_IN_PRICES: Record<string, ModelPrice> = {
  'claude-fable-5': price(10, 50),
  'claude-fable-5-1': price(10, 50, 0.025),
  'claude-opus-5-5': price(4, 20, 0.05),
  'claude-opus-5': price(5, 25),
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-7': price(5, 25),
  'claude-opus-4-8': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-5-5': price(2, 10, 0.05),
  'claude-sonnet-5': price(2, 10),
  'claude-sonnet-4': price(3, 15),
  'claude-haiku-5-5': price(0.1, 0.5),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku': price(0.8, 4),
};

/** Used for models the table does not know, so budgets err on the side of spending less. */
export const FALLBACK_PRICE: ModelPrice = price(15, 75);

export function priceFor(
  model: string,
  overrides: Record<string, ModelPrice> = {},
): { price: ModelPrice; known: boolean } {
  const table = { ...BUILT_IN_PRICES, ...overrides };
  if (table[model]) return { price: table[model], known: true };
  const prefix = Object.keys(table)
    .filter((id) => model.startsWith(`${id}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? { price: table[prefix]!, known: true } : { price: FALLBACK_PRICE, known: false };
}

export function costUsd(
  p: ModelPrice,
  tokens: { input: number; output: number; cacheWrite: number; cacheRead: number },
): number {
  return (
    (tokens.input * p.input +
      tokens.output * p.output +
      tokens.cacheWrite * p.cache_write +
      tokens.cacheRead * p.cache_read) /
    1_000_000
  );
}
