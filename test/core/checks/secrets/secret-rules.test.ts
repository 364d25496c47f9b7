import { describe, expect, test } from '@jest/globals';
import { corpusPlaceholders, expandCorpus, placeholderVariants } from '../../../../bench/secrets/expand.js';
import { COMMON_PLACEHOLDERS, SECRETS_CORPUS } from '../../../../bench/secrets/corpus/index.js';
import { secretDetector } from '../../../../src/core/checks/secrets/default-detector.js';
import { SECRET_RULES } from '../../../../src/core/checks/secrets/rules/index.js';

// Table-driven over the corpus (bench/secrets/corpus): every sample, made from the provider's documented
// format with two seeds, must be reported by its own rule; no placeholder may be reported by any rule.

const ruleIds = SECRET_RULES.map((rule) => rule.id);

describe('the secret rules and their corpus', () => {
  test('rule ids are unique kebab-case names and keywords are lower-case', () => {
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const rule of SECRET_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rule.keywords.length).toBeGreaterThan(0);
      for (const keyword of rule.keywords) expect(keyword).toBe(keyword.toLowerCase());
    }
  });

  test('every rule has at least three samples, and every corpus entry names a rule', () => {
    const samplesByRule = new Map<string, number>();
    for (const entry of SECRETS_CORPUS) {
      expect(ruleIds).toContain(entry.rule);
      samplesByRule.set(entry.rule, (samplesByRule.get(entry.rule) ?? 0) + entry.samples.length);
    }
    const thin = ruleIds.filter((id) => (samplesByRule.get(id) ?? 0) < 3);
    expect(thin).toEqual([]);
  });

  const byRule = [...new Set(SECRETS_CORPUS.map((e) => e.rule))];

  test.each(byRule)('%s reports each of its samples, on the sample itself', (id) => {
    const entries = SECRETS_CORPUS.filter((e) => e.rule === id);
    const missed: string[] = [];
    for (const seed of [1, 2]) {
      for (const { text } of expandCorpus(entries, { seed })) {
        const matches = secretDetector.detect(text);
        const own = matches.find((m) => m.rule.id === id);
        if (!own || !text.includes(own.secret)) {
          missed.push(`${text}  →  ${matches.map((m) => m.rule.id).join(', ') || 'nothing'}`);
        }
      }
    }
    expect(missed).toEqual([]);
  });

  test.each(byRule)('no rule reports the placeholders of %s', (id) => {
    const entries = SECRETS_CORPUS.filter((e) => e.rule === id);
    const flagged = corpusPlaceholders(entries)
      .map(({ text }) => ({ text, by: secretDetector.detect(text).map((m) => m.rule.id) }))
      .filter(({ by }) => by.length > 0);
    expect(flagged).toEqual([]);
  });

  test('no rule reports the common placeholders', () => {
    const flagged = COMMON_PLACEHOLDERS.map((text) => ({
      text,
      by: secretDetector.detect(text).map((m) => m.rule.id),
    })).filter(({ by }) => by.length > 0);
    expect(flagged).toEqual([]);
  });

  test('placeholder variants are made for every random part of a template', () => {
    expect(placeholderVariants('KEY=sk_live_{x:24}')).toEqual([
      'KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      'KEY=sk_live_000000000000000000000000',
      'KEY=sk_live_ABCDEFGHIJKLMNOPQRSTUVWX',
      'KEY=sk_live_${TOKEN}',
      'KEY=sk_live_<your-token>',
    ]);
  });
});
