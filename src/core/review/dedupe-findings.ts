import type { Finding } from '../findings/finding.js';
import { severityRank } from '../findings/finding.js';
import { findingWords, wordSimilarity as similarity } from '../findings/finding-words.js';

/** Findings about the same line whose texts share this share of words are the same finding. */
const SAME_FINDING = 0.6;

/**
 * Drops repeats: the same place said twice (by two chunks, by the model and a check, or by a retry). Of two
 * repeats the more severe stays, and a check's finding (deterministic) beats the model's.
 */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const kept: Array<{ finding: Finding; words: Set<string> }> = [];
  const ordered = [...findings].sort(
    (a, b) =>
      Number(a.source === 'model') - Number(b.source === 'model') ||
      severityRank(a.severity) - severityRank(b.severity),
  );
  for (const finding of ordered) {
    const w = findingWords(finding.body);
    const repeat = kept.some(
      (k) =>
        k.finding.path === finding.path &&
        k.finding.line === finding.line &&
        (k.finding.side ?? 'RIGHT') === (finding.side ?? 'RIGHT') &&
        (k.finding.source === finding.source
          ? similarity(k.words, w) >= SAME_FINDING
          : similarity(k.words, w) >= 0.35),
    );
    if (!repeat) kept.push({ finding, words: w });
  }
  return kept.map((k) => k.finding);
}
