import { shannonEntropy } from './entropy.js';
import { KeywordIndex } from './keyword-index.js';
import { lineOfOffset } from './line-of-offset.js';
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
  /** Indexes of the rule's keywords in the detector's keyword index. */
  keywords: number[];
}

/**
 * Finds credentials in text by a rule set. Each rule runs only on texts that contain one of its keywords, so
 * a text is lower-cased once and most rules cost one substring search. Overlapping matches keep the most
 * specific rule (a generic rule yields), then the longest secret.
 */
export class SecretDetector {
  private readonly compiled: CompiledRule[];
  private readonly index: KeywordIndex;

  constructor(readonly rules: readonly SecretRule[]) {
    const keywords = [...new Set(rules.flatMap((rule) => rule.keywords))];
    this.index = new KeywordIndex(keywords);
    this.compiled = rules.map((rule) => ({
      rule,
      pattern: compile(rule.pattern),
      keywords: rule.keywords.map((keyword) => keywords.indexOf(keyword)),
    }));
  }

  /** The same detector with only the rules `keep` accepts. */
  filter(keep: (rule: SecretRule) => boolean): SecretDetector {
    return new SecretDetector(this.rules.filter(keep));
  }

  detect(text: string): SecretMatch[] {
    if (text.length === 0) return [];
    const positions = this.index.positions(text.toLowerCase());
    const lines = new TextLines(text);
    const candidates: Candidate[] = [];
    for (const { rule, pattern, keywords } of this.compiled) {
      let hits = positions[keywords[0]!];
      for (let k = 1; k < keywords.length; k++) {
        const more = positions[keywords[k]!];
        if (more) hits = hits ? [...hits, ...more] : more;
      }
      if (!hits) continue;
      if (rule.multiline) {
        this.run(rule, pattern, text, 0, candidates);
        continue;
      }
      // Most formats sit on one line: only the lines holding a keyword are searched.
      for (const line of lines.linesAt(hits)) {
        this.run(rule, pattern, lines.text(line), lines.bounds(line)[0], candidates);
      }
    }
    return pickNonOverlapping(candidates);
  }

  private run(rule: SecretRule, pattern: RegExp, text: string, offset: number, into: Candidate[]): void {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) pattern.lastIndex += 1;
      const span = m.indices?.groups?.['secret'] ?? m.indices?.[0];
      if (!span) continue;
      const secret = text.slice(span[0], span[1]);
      if (accepts(rule, secret, m[0])) {
        into.push({ rule, secret, start: offset + span[0], end: offset + span[1], matched: m[0].length });
      }
    }
  }
}

/** The lines of a text, found once and only when asked for. */
class TextLines {
  private starts: number[] | undefined;
  private readonly cache = new Map<number, string>();

  constructor(private readonly whole: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.whole.indexOf('\n'); i !== -1; i = this.whole.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }

  /** The distinct lines (by index, ascending) that hold these offsets. */
  linesAt(offsets: readonly number[]): number[] {
    const starts = this.lineStarts();
    const lines = new Set<number>();
    for (const offset of offsets) lines.add(lineOfOffset(starts, offset));
    return [...lines].sort((a, b) => a - b);
  }

  bounds(line: number): [number, number] {
    const starts = this.lineStarts();
    const start = starts[line]!;
    const next = starts[line + 1];
    return [start, next === undefined ? this.whole.length : next - 1];
  }

  text(line: number): string {
    let text = this.cache.get(line);
    if (text === undefined) {
      const [start, end] = this.bounds(line);
      text = this.whole.slice(start, end);
      this.cache.set(line, text);
    }
    return text;
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
