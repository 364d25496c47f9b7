import { describe, expect, test } from '@jest/globals';
import { dedupeFindings } from '../../../src/core/review/dedupe-findings.js';
import type { Finding } from '../../../src/core/findings/finding.js';

const f = (over: Partial<Finding>): Finding => ({
  path: 'a.ts',
  line: 3,
  severity: 'minor',
  body: 'The loop never ends when the list is empty.',
  source: 'model',
  ...over,
});

describe('deduplicating findings', () => {
  test('the same finding said twice stays once, the more severe copy kept', () => {
    const kept = dedupeFindings([
      f({}),
      f({ severity: 'major', body: 'The loop never ends when the list is empty!' }),
    ]);
    expect(kept).toEqual([expect.objectContaining({ severity: 'major' })]);
  });

  test('different findings on the same line both stay', () => {
    expect(
      dedupeFindings([f({}), f({ body: 'This allocates a new array for every request.' })]),
    ).toHaveLength(2);
  });

  test('the same text on different lines or files both stay', () => {
    expect(dedupeFindings([f({}), f({ line: 4 }), f({ path: 'b.ts' })])).toHaveLength(3);
  });

  test("a check's finding wins over the model's restatement of it", () => {
    const kept = dedupeFindings([
      f({ body: 'A GitHub token is committed here; rotate the token.', severity: 'major' }),
      f({
        body: 'This line adds a secret: GitHub token. Rotate the token.',
        source: 'check:secrets',
        severity: 'critical',
      }),
    ]);
    expect(kept).toEqual([expect.objectContaining({ source: 'check:secrets' })]);
  });
});
