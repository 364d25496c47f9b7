export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next try after failed attempt number `attempt` (1 = the first): the cap doubles from
 * `baseMs` up to `maxMs`, and the delay is random in [cap/2, cap] so that jobs failing together (an API
 * outage) do not all come back at the same moment, while still waiting at least half the cap.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}
