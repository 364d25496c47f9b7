import { learning, type Learning, type NewLearning } from '../core/learnings/learning.js';

// How both stores keep a learning: its number is the row's or the hash field's, the rest is this JSON.

const stored = learning.omit({ number: true });

/** The JSON to keep for a new learning, dated now; it throws on a learning a read would not accept. */
export function learningValue(added: NewLearning, now = new Date()): string {
  return JSON.stringify(stored.parse({ ...added, createdAt: now.toISOString() }));
}

/** A kept learning, or undefined for a value another version wrote, or a hand: a read skips it. */
export function readLearning(number: number, value: string): Learning | undefined {
  try {
    const parsed = learning.safeParse({ ...(JSON.parse(value) as object), number });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
