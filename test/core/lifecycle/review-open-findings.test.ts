import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import type { OpenFinding } from '../../../src/core/lifecycle/open-finding.js';
import { mockClaude } from '../../helpers/claude-fake.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';

// A re-review: findings of an earlier review are still open on lines this change rewrote. The checks' are
// decided by running the check again; the model's are asked about in the same call as the review.
const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  expect(nock.pendingMocks()).toEqual([]);
});

const BEFORE = numberedLines(30, 'const v').replace('const v 5\n', 'debugger;\n');
const AFTER = BEFORE.replace('debugger;\n', 'const v 5 quiet\n')
  .replace('const v 12\n', 'const v 12 guarded\n')
  .replace('const v 20\n', 'debugger;\n');

async function rereview(openFindings: OpenFinding[], answer: unknown) {
  const { repo, change } = await changeBetween({ 'src/a.ts': BEFORE }, { 'src/a.ts': AFTER });
  cleanups.push(() => repo.cleanup());
  const claude = mockClaude().expectReview(answer);
  const config = testConfig();
  const result = await reviewChangeSet(change, { config, model: testModel(config), openFindings });
  return { result, request: claude.requests[0]! };
}

const checkFinding = (id: string, line: number): OpenFinding => ({
  id,
  path: 'src/a.ts',
  source: 'check:debug-leftovers',
  severity: 'minor',
  body: 'A debugging statement was left in.',
  now: { startLine: line, line },
});

describe('open findings of earlier reviews', () => {
  test('a check finding whose line no longer has it is addressed; one still there is not', async () => {
    const { result } = await rereview([checkFinding('F1', 5), checkFinding('F2', 20)], {
      summary: 'ok',
      comments: [],
    });
    expect(result.lifecycle?.addressed).toEqual([
      { id: 'F1', how: 'the debug-leftovers check no longer finds it.', by: 'check' },
    ]);
  });

  test("the model's finding is shown with its new lines and judged in the same call", async () => {
    const open: OpenFinding[] = [
      {
        id: 'F7',
        path: 'src/a.ts',
        source: 'model',
        severity: 'major',
        body: '`v 12` is read before the null check.',
        now: { startLine: 12, line: 12 },
      },
      { ...checkFinding('F8', 1), source: 'model', body: 'Gone.', now: 'removed' },
    ];
    const { result, request } = await rereview(open, {
      summary: 'Fine now.',
      comments: [],
      addressed: [
        { id: 'F7', how: 'The value is guarded now.' },
        // An id that was never shown is not taken.
        { id: 'F99', how: 'made up' },
      ],
    });
    const user = JSON.stringify(request.messages);
    expect(user).toContain('<open_findings>');
    expect(user).toContain('[F7] src/a.ts (major)');
    expect(user).toContain('12: const v 12 guarded');
    // The removed one is not asked about: its lines are gone, which addresses it.
    expect(user).not.toContain('[F8]');
    expect(result.lifecycle?.addressed).toEqual(
      expect.arrayContaining([
        { id: 'F8', how: 'the lines it was about are gone.', by: 'removed' },
        { id: 'F7', how: 'The value is guarded now.', by: 'model' },
      ]),
    );
    expect(result.lifecycle?.addressed).toHaveLength(2);
    // One review call, with the schema's `addressed` part.
    expect(request.tools[0].input_schema.properties.addressed).toBeDefined();
  });

  test('without open findings the review has no lifecycle and no open_findings section', async () => {
    const { repo, change } = await changeBetween({ 'src/a.ts': BEFORE }, { 'src/a.ts': AFTER });
    cleanups.push(() => repo.cleanup());
    const claude = mockClaude().expectReview({ summary: 'ok', comments: [] });
    const config = testConfig();
    const result = await reviewChangeSet(change, { config, model: testModel(config) });
    expect(result.lifecycle).toBeUndefined();
    expect(JSON.stringify(claude.requests[0]!.messages)).not.toContain('<open_findings>');
  });
});
