import picomatch from 'picomatch';
import { fingerprint } from '../findings/fingerprint.js';
import { findingWords, wordSimilarity } from '../findings/finding-words.js';
import type { Finding } from '../findings/finding.js';
import type { Learning } from './learning.js';

/** A new finding this share of words like a dismissed one (same source) is the same pattern, on any file. */
const SAME_PATTERN = 0.5;
/** What the review prompt carries of the learnings: the most relevant first, within this many characters. */
const PROMPT_CHARS = 6_000;

/** A finding a dismissal withheld, and which learning did. */
export interface WithheldFinding {
  finding: Finding;
  learning: number;
}

function appliesTo(learning: Learning, path: string): boolean {
  return !learning.pathGlob || picomatch.isMatch(path, learning.pathGlob, { dot: true });
}

/**
 * Drops the findings a maintainer dismissed before: the same source, a file the learning's glob covers, and
 * the same fingerprint or, on any file, mostly the same words (the same pattern again).
 */
export function withholdDismissed(
  findings: Finding[],
  learnings: Learning[],
): { kept: Finding[]; withheld: WithheldFinding[] } {
  const dismissals = learnings
    .filter((l) => l.kind === 'dismissal' && l.finding)
    .map((l) => ({ learning: l, words: findingWords(l.finding!.body) }));
  const kept: Finding[] = [];
  const withheld: WithheldFinding[] = [];
  for (const finding of findings) {
    const words = findingWords(finding.body);
    const match = dismissals.find(
      ({ learning, words: dismissed }) =>
        learning.finding!.source === finding.source &&
        appliesTo(learning, finding.path) &&
        (learning.finding!.fingerprint === fingerprint(finding) ||
          wordSimilarity(words, dismissed) >= SAME_PATTERN),
    );
    if (match) withheld.push({ finding, learning: match.learning.number });
    else kept.push(finding);
  }
  return { kept, withheld };
}

/**
 * The learnings a review is told, as prompt lines: those with something to say, whose glob covers a file of
 * the change (those for this change's files first, then the general ones, newest first), within the cap.
 */
export function learningsForPrompt(learnings: Learning[], paths: string[]): string[] {
  const said = learnings.filter((l) => l.text.trim() !== '');
  const forFiles = said.filter((l) => l.pathGlob && paths.some((p) => appliesTo(l, p)));
  const general = said.filter((l) => !l.pathGlob);
  const lines: string[] = [];
  let used = 0;
  for (const l of [...forFiles.reverse(), ...general.reverse()]) {
    const scope = l.pathGlob ? ` (${l.pathGlob})` : '';
    const what =
      l.kind === 'dismissal' && l.finding
        ? `a finding like "${oneLine(l.finding.body, 160)}" was dismissed: ${oneLine(l.text, 400)}`
        : oneLine(l.text, 600);
    const line = `- #${l.number}${scope}: ${what}`;
    if (used + line.length > PROMPT_CHARS) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines;
}

/** "2 findings withheld by learnings: #3 (1), #5 (1)." — for the review's summary. */
export function describeWithheld(withheld: WithheldFinding[], phrase = '@pullwise'): string | undefined {
  if (withheld.length === 0) return undefined;
  const by = new Map<number, number>();
  for (const w of withheld) by.set(w.learning, (by.get(w.learning) ?? 0) + 1);
  const list = [...by].map(([n, c]) => `#${n} (${c})`).join(', ');
  const what = withheld.length === 1 ? '1 finding was' : `${withheld.length} findings were`;
  return `${what} withheld: maintainers dismissed the same finding before (learnings ${list}; \`${phrase} learnings\` lists them, \`${phrase} forget N\` brings one back).`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)} …` : flat;
}
