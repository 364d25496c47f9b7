import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import type { ReviewResult } from '../../src/core/review/review-result.js';
import { completeCheckRun } from '../../src/github/check-run.js';
import { mockGitHub } from '../helpers/github-mock.js';

afterEach(() => expect(nock.pendingMocks()).toEqual([]));

test('annotations go 50 per request, and only the last request completes the run', async () => {
  const gh = mockGitHub();
  gh.on('PATCH', '/repos/o/r/check-runs/5', { body: { id: 5 } }, { times: 3 });
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_test' },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  const comments = Array.from({ length: 120 }, (_, i) => ({
    path: 'a.ts',
    line: i + 1,
    side: 'RIGHT' as const,
    severity: 'minor' as const,
    body: `finding ${i}`,
    source: 'model',
  }));
  const result = { comments } as unknown as ReviewResult;
  await completeCheckRun(octokit, { owner: 'o', repo: 'r' }, 5, {
    conclusion: 'success',
    title: 't',
    summary: 's',
    result,
  });
  const sizes = gh.requests.map(
    (r) => (r.body as { output: { annotations?: unknown[] } }).output.annotations?.length,
  );
  expect(sizes).toEqual([50, 50, 20]);
  expect(gh.requests.map((r) => (r.body as { status?: string }).status)).toEqual([
    undefined,
    undefined,
    'completed',
  ]);
  gh.assertAllValid();
});
