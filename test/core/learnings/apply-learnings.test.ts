import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { fingerprint } from '../../../src/core/findings/fingerprint.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import { learningsForPrompt, withholdDismissed } from '../../../src/core/learnings/apply-learnings.js';
import type { Learning } from '../../../src/core/learnings/learning.js';
import { reviewChangeSet } from '../../../src/core/review/run-review.js';
import { mockClaude } from '../../helpers/claude-fake.js';
import { numberedLines } from '../../helpers/git-repo.js';
import { changeBetween, testConfig, testModel } from '../../helpers/review-fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  expect(nock.pendingMocks()).toEqual([]);
});

const finding = (path: string, body: string, source = 'model'): Finding => ({
  path,
  line: 3,
  severity: 'minor',
  body,
  source,
});
let number = 0;
function dismissal(of: Finding, extra: Partial<Learning> = {}): Learning {
  return {
    number: ++number,
    kind: 'dismissal',
    text: '',
    finding: { path: of.path, source: of.source, body: of.body, fingerprint: fingerprint(of) },
    author: 'maintainer',
    createdAt: '2026-12-01T00:00:00.000Z',
    ...extra,
  };
}
const rule = (text: string, pathGlob?: string): Learning => ({
  number: ++number,
  kind: 'rule',
  text,
  ...(pathGlob ? { pathGlob } : {}),
  author: 'maintainer',
  createdAt: '2026-12-01T00:00:00.000Z',
});

describe('dismissed findings', () => {
  const dismissed = finding('src/a.ts', 'Prefer `const` over `let` for bindings that are never reassigned.');

  test('the same pattern is withheld on any file, by the learning that dismissed it', () => {
    const learning = dismissal(dismissed);
    const again = finding('lib/other.ts', 'Prefer `const` over `let`: this binding is never reassigned.');
    const unrelated = finding('lib/other.ts', 'The loop never ends when the list is empty.');
    const { kept, withheld } = withholdDismissed([again, unrelated], [learning]);
    expect(kept).toEqual([unrelated]);
    expect(withheld).toEqual([{ finding: again, learning: learning.number }]);
  });

  test('another source, or a file outside the learning glob, is not withheld', () => {
    const scoped = dismissal(dismissed, { pathGlob: 'src/**' });
    const fromCheck = { ...dismissed, source: 'check:debug-leftovers' };
    const elsewhere = { ...dismissed, path: 'lib/a.ts' };
    expect(withholdDismissed([fromCheck, elsewhere], [scoped]).withheld).toEqual([]);
  });

  test('rules for the files of the change come first; rules for other files are left out', () => {
    const general = rule('Errors are logged with the request id.');
    const forApi = rule('Handlers return problem+json on errors.', 'src/api/**');
    const forDocs = rule('Docs use British spelling.', 'docs/**');
    const lines = learningsForPrompt([general, forApi, forDocs, dismissal(dismissed)], ['src/api/x.ts']);
    expect(lines).toEqual([
      `- #${forApi.number} (src/api/**): Handlers return problem+json on errors.`,
      `- #${general.number}: Errors are logged with the request id.`,
    ]);
  });
});

describe('a review with learnings', () => {
  test('rules go into the cached instructions; a dismissed finding is withheld and counted', async () => {
    const { repo, change } = await changeBetween(
      { 'src/a.ts': numberedLines(10, 'let v') },
      { 'src/a.ts': numberedLines(10, 'let v').replace('let v 3\n', 'let v 3 changed\n') },
    );
    cleanups.push(() => repo.cleanup());
    const learning = dismissal(finding('src/old.ts', 'Use const: this let is never reassigned.'));
    const told = rule('Never suggest renaming exported symbols.');
    const claude = mockClaude().expectReview({
      summary: 'One edit.',
      comments: [
        {
          path: 'src/a.ts',
          line: 3,
          severity: 'minor',
          body: 'Use const: this let binding is never reassigned.',
        },
        {
          path: 'src/a.ts',
          line: 3,
          severity: 'major',
          body: 'The changed value overflows on 32-bit builds.',
        },
      ],
    });
    const config = testConfig();
    const result = await reviewChangeSet(change, {
      config,
      model: testModel(config),
      learnings: [learning, told],
    });
    expect(result.comments.map((c) => c.body)).toEqual(['The changed value overflows on 32-bit builds.']);
    expect(result.withheld).toEqual([
      { finding: expect.objectContaining({ path: 'src/a.ts', line: 3 }), learning: learning.number },
    ]);
    expect(result.summary).toContain(`1 finding was withheld`);
    expect(result.summary).toContain(`#${learning.number} (1)`);
    const system = claude.requests[0]!.system as Array<{ text: string; cache_control?: unknown }>;
    const taught = system.find((b) => b.text.includes('Never suggest renaming exported symbols.'));
    expect(taught?.cache_control).toEqual({ type: 'ephemeral' });
  });
});
