import { redactSecrets } from '../checks/redact-secrets.js';
import type { TranscriptEntry } from './types.js';

/**
 * The transcript as it may be stored or shown for debugging: every string in it (texts, tool inputs and
 * outputs) with credentials masked — those secretlint recognises and the job's own (token, API key).
 */
export async function redactTranscript(
  transcript: TranscriptEntry[],
  known: readonly string[],
): Promise<TranscriptEntry[]> {
  const redactValue = async (value: unknown): Promise<unknown> => {
    if (typeof value === 'string') return redactSecrets(value, known);
    if (Array.isArray(value)) return Promise.all(value.map(redactValue));
    if (value && typeof value === 'object') {
      const entries = await Promise.all(
        Object.entries(value).map(async ([key, inner]) => [key, await redactValue(inner)] as const),
      );
      return Object.fromEntries(entries);
    }
    return value;
  };
  return (await redactValue(transcript)) as TranscriptEntry[];
}
