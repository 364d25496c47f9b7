import type { Finding } from '../findings/finding.js';
import { addedLines } from './added-lines.js';
import type { Check } from './types.js';

// "Trojan Source" (CVE-2021-42574): these characters make code display differently from how it compiles.
const INVISIBLE_CONTROLS: Record<number, string> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};
const CONTROL_PATTERN = /[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]/gu;

// Joiners have honest uses that must not trip a critical finding: emoji sequences (👩‍💻) and
// non-Latin scripts (Persian, Indic) written with ZWNJ/ZWJ between letters.
// An emoji, maybe followed by a variation selector (U+FE0F) or a skin tone modifier.
const EMOJI_BEFORE = /(?:\p{Extended_Pictographic}|\u{fe0f}|[\u{1f3fb}-\u{1f3ff}])$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
const NON_LATIN_LETTER = /^(?![\p{ASCII}\p{Script=Latin}])[\p{L}\p{M}]$/u;

/** Bidirectional overrides and zero-width characters on added lines, which can hide code from reviewers. */
export const bidiControlsCheck: Check<'bidi-controls'> = {
  id: 'bidi-controls',
  async run(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      for (const { line, text } of addedLines(file)) {
        const found = invisibleControls(text, line === 1);
        if (found.length === 0) continue;
        const names = found.map((cp) => `${codePointLabel(cp)} ${INVISIBLE_CONTROLS[cp]}`).join(', ');
        findings.push({
          path: file.path,
          line,
          side: 'RIGHT',
          severity: 'critical',
          body:
            `Invisible Unicode control characters on this line: ${names}. They can make code read differently ` +
            'from how it runs ("Trojan Source"); remove them, or write them as escapes if they are intended.',
          source: 'check:bidi-controls',
        });
      }
    }
    return findings;
  },
};

/** Distinct offending code points in order of first appearance. */
export function invisibleControls(text: string, firstLineOfFile: boolean): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(CONTROL_PATTERN)) {
    const cp = match[0].codePointAt(0)!;
    const at = match.index;
    if (cp === 0xfeff && firstLineOfFile && at === 0) continue; // a byte order mark
    if ((cp === 0x200c || cp === 0x200d) && isHonestJoiner(text.slice(0, at), text.slice(at + 1))) continue;
    found.add(cp);
  }
  return [...found];
}

function isHonestJoiner(before: string, after: string): boolean {
  if (EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after)) return true;
  const previous = [...before].at(-1) ?? '';
  const next = [...after][0] ?? '';
  return NON_LATIN_LETTER.test(previous) && NON_LATIN_LETTER.test(next);
}

function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
