import { afterEach, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import { createCommandRunner } from '../../../src/core/workspace/create-command-runner.js';
import { mockClaude } from '../../helpers/claude-fake.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  expect(nock.pendingMocks()).toEqual([]);
});

const CALC = (body: string) => `function add(a, b) {\n  ${body}\n}\nmodule.exports = { add };\n`;
const CHECK = `const { add } = require('./src/calc.js');\nif (add(2, 3) !== 5) process.exit(1);\n`;

/**
 * A change that breaks add(), reviewed by a model that suggests `suggestion` for the broken line, with the
 * suggestions verified in a scratch copy of the head.
 */
async function reviewWithSuggestion(suggestion: string, verifyCommand: string) {
  const { repo, change } = await changeBetween(
    { 'package.json': '{ "type": "commonjs" }\n', 'check.js': CHECK, 'src/calc.js': CALC('return a + b;') },
    { 'src/calc.js': CALC('return a - b;') },
  );
  const scratch = mkdtempSync(path.join(tmpdir(), 'pullwise-scratch-'));
  cleanups.push(
    () => repo.cleanup(),
    () => rmSync(scratch, { recursive: true, force: true }),
  );
  cpSync(repo.dir, scratch, { recursive: true });

  mockClaude().expectReview({
    summary: 'add() changed.',
    comments: [{ path: 'src/calc.js', line: 2, severity: 'major', body: '`add` now subtracts.', suggestion }],
  });
  const config = testConfig((c) => (c.review.verify_command = verifyCommand));
  const result = await reviewChangeSet(change, {
    config,
    model: testModel(config),
    verify: {
      root: scratch,
      runner: await createCommandRunner({ mode: 'none', root: scratch }),
      timeoutMs: 20_000,
    },
  });
  return { result, headFile: () => readFileSync(path.join(scratch, 'src/calc.js'), 'utf8') };
}

describe('a review with verified suggestions', () => {
  test('a suggestion that makes review.verify_command pass is posted as verified', async () => {
    const { result, headFile } = await reviewWithSuggestion('  return a + b;', 'node check.js');

    expect(result.comments).toEqual([
      expect.objectContaining({
        line: 2,
        suggestion: '  return a + b;',
        verification: { command: 'node check.js', passed: true },
      }),
    ]);
    expect(result.summary).toContain('1 suggestion checked with `node check.js`: 1 passed.');
    expect(headFile()).toBe(CALC('return a - b;'));
  });

  test('one that does not pass is posted without its suggestion block, and the summary says so', async () => {
    const { result } = await reviewWithSuggestion('  return b - a;', 'node check.js');

    expect(result.comments).toHaveLength(1);
    expect(result.comments[0]!.suggestion).toBeUndefined();
    expect(result.comments[0]!.verification).toEqual({
      command: 'node check.js',
      passed: false,
      detail: 'exit code 1',
      code: '  return b - a;',
    });
    expect(result.summary).toContain('1 did not pass and is shown as plain code instead.');
  });

  test('when the verification itself breaks, the review still comes back and says its suggestions are unverified', async () => {
    // The command swaps src/ for a link out of the copy: the file cannot be restored safely, so verifying stops.
    const { result } = await reviewWithSuggestion(
      '  return a + b;',
      'mv src src-moved && ln -s src-moved src',
    );

    expect(result.comments).toEqual([expect.objectContaining({ suggestion: '  return a + b;' })]);
    expect(result.comments[0]).not.toHaveProperty('verification');
    expect(result.summary).toMatch(
      /Suggestions were not verified: The verify command moved or replaced the folder/,
    );
  });

  test('with review.verify_command empty, nothing is run and the suggestion goes out as it came', async () => {
    const { result } = await reviewWithSuggestion('  return b - a;', '');

    expect(result.comments).toEqual([expect.objectContaining({ suggestion: '  return b - a;' })]);
    expect(result.comments[0]).not.toHaveProperty('verification');
    expect(result.summary).not.toContain('checked with');
  });
});
