import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import type { ReviewResult } from '../../src/core/review/review-result.js';
import { completeCheckRun } from '../../src/github/check-run.js';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import { mockGitHub } from '../helpers/github-mock.js';

afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const finding = (i: number) => ({
  path: 'a.ts',
  line: i + 1,
  side: 'RIGHT' as const,
  severity: 'minor' as const,
  body: `finding ${i}`,
  source: 'model',
});

// GitHub's documented limit: "The Checks API limits the number of annotations to a maximum of 50 per API
// request"; more go in further "Update a check run" requests, each appended to those already there.
test('every finding is an annotation (inline, over the cap, outside the diff), 50 per request, the last completing the run', async () => {
  const gh = mockGitHub();
  gh.on('PATCH', '/repos/o/r/check-runs/5', { body: { id: 5 } }, { times: 3 });
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_test' },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  const result = {
    comments: Array.from({ length: 25 }, (_, i) => finding(i)),
    overflow: Array.from({ length: 80 }, (_, i) => finding(25 + i)),
    unanchored: Array.from({ length: 15 }, (_, i) => ({
      ...finding(105 + i),
      line: 900 + i,
      reason: 'line 900 (RIGHT) is outside the diff',
    })),
  } as unknown as ReviewResult;
  await completeCheckRun(octokitGitHub(octokit), { owner: 'o', repo: 'r' }, 5, {
    conclusion: 'success',
    title: 't',
    summary: 's',
    result,
  });
  const batches = gh.requests.map(
    (r) =>
      (r.body as { output: { annotations?: Array<{ message: string; start_line: number }> } }).output
        .annotations ?? [],
  );
  expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
  const messages = batches.flat().map((a) => a.message.split('\n')[0]);
  expect(messages).toEqual(Array.from({ length: 120 }, (_, i) => `finding ${i}`));
  expect(batches.flat().at(-1)).toMatchObject({
    start_line: 914,
    message: 'finding 119\n\n(line 900 (RIGHT) is outside the diff)',
  });
  expect(gh.requests.map((r) => (r.body as { status?: string }).status)).toEqual([
    undefined,
    undefined,
    'completed',
  ]);
  gh.assertAllValid();
});
