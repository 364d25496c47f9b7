import { shannonEntropy } from './entropy.js';
import { looksLikePlaceholder } from './placeholder.js';
import type { SecretRule } from './secret-rule.js';

/** A credential found in a text: `start`/`end` are the offsets of the secret itself. */
export interface SecretMatch {
  rule: SecretRule;
  secret: string;
  start: number;
  end: number;
}

/** A match before overlaps are settled: how much text the whole pattern matched breaks ties. */
interface Candidate extends SecretMatch {
  matched: number;
}

interface CompiledRule {
  rule: SecretRule;
  pattern: RegExp;
}

/**
 * Finds credentials in text by a rule set. Each rule runs only on texts that contain one of its keywords, so
 * a text is lower-cased once and most rules cost one substring search. Overlapping matches keep the most
 * specific rule (a generic rule yields), then the longest secret.
 */
export class SecretDetector {
  private readonly compiled: CompiledRule[];

  constructor(readonly rules: readonly SecretRule[]) {
    this.compiled = rules.map((rule) => ({ rule, pattern: compile(rule.pattern) }));
  }

  /** The same detector with only the rules `keep` accepts. */
  filter(keep: (rule: SecretRule) => boolean): SecretDetector {
    return new SecretDetector(this.rules.filter(keep));
  }

  detect(text: string): SecretMatch[] {
    if (text.length === 0) return [];
    const lower = text.toLowerCase();
    const present = new Map<string, boolean>();
    const has = (keyword: string) => {
      let found = present.get(keyword);
      if (found === undefined) present.set(keyword, (found = lower.includes(keyword)));
      return found;
    };
    const candidates: Candidate[] = [];
    for (const { rule, pattern } of this.compiled) {
      if (!rule.keywords.some(has)) continue;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (m[0].length === 0) pattern.lastIndex += 1;
        const span = m.indices?.groups?.['secret'] ?? m.indices?.[0];
        if (!span) continue;
        const secret = text.slice(span[0], span[1]);
        if (accepts(rule, secret, m[0]))
          candidates.push({ rule, secret, start: span[0], end: span[1], matched: m[0].length });
      }
    }
    return pickNonOverlapping(candidates);
  }
}

function compile(pattern: RegExp): RegExp {
  const flags = [...new Set(pattern.flags.replace(/[^imsu]/g, '') + 'gd')].join('');
  return new RegExp(pattern.source, flags);
}

function accepts(rule: SecretRule, secret: string, match: string): boolean {
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  if (rule.placeholderCheck !== 'off' && looksLikePlaceholder(secret)) return false;
  return rule.validate === undefined || rule.validate(secret, match);
}

/**
 * Specific rules before generic ones, then the longest secret, then the most context matched (a rule that
 * also saw the provider's name beats one that saw only a shared prefix such as `sk_live_`), then the earliest.
 */
function pickNonOverlapping(candidates: Candidate[]): SecretMatch[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(a.rule.generic ?? false) - Number(b.rule.generic ?? false) ||
      b.end - b.start - (a.end - a.start) ||
      b.matched - a.matched ||
      a.start - b.start,
  );
  const kept: SecretMatch[] = [];
  for (const { matched: _, ...match } of ranked) {
    if (kept.some((k) => match.start < k.end && k.start < match.end)) continue;
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}
