import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { actionReport } from '../../src/action/action-report.js';
import { reviewChangeSet } from '../../src/core/review/run-review.js';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import { pullRequestChangeSet } from '../../src/github/pull-request-change-set.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub } from '../helpers/github-mock.js';
import {
  BASE,
  CHANGED_FILE,
  FILE_AFTER,
  HEAD,
  mockNoInstructionFiles,
  REPO,
} from '../helpers/pull-request-scenario.js';
import { testConfig, testModel } from '../helpers/review-fixture.js';

afterEach(() => expect(nock.pendingMocks()).toEqual([]));

// "List pull request files" gives an added empty file with the empty blob's sha, no changes and no `patch`
// (as GitHub's compare and pull-request files APIs answer for a `touch`ed file); a binary file has no
// `patch` either, but its own blob. Only the second is binary.
const EMPTY_FILE = {
  sha: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
  filename: 'src/pkg/__init__.py',
  status: 'added',
  additions: 0,
  deletions: 0,
  changes: 0,
  blob_url: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/pkg/__init__.py`,
  raw_url: `https://github.com/Codertocat/Hello-World/raw/${HEAD}/src/pkg/__init__.py`,
  contents_url: `https://api.github.com${REPO}/contents/src/pkg/__init__.py?ref=${HEAD}`,
};
const BINARY_FILE = {
  ...EMPTY_FILE,
  sha: '0dd1608e45a9c4d35bfc1e6f266a796364aa8754', // the PNG signature's 8 bytes
  filename: 'logo.png',
  blob_url: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/logo.png`,
  raw_url: `https://github.com/Codertocat/Hello-World/raw/${HEAD}/logo.png`,
  contents_url: `https://api.github.com${REPO}/contents/logo.png?ref=${HEAD}`,
};

test('the job summary lists an added empty file as what it is, not as a binary', async () => {
  const gh = mockGitHub();
  gh.on('GET', `${REPO}/pulls/2/files?per_page=100`, {
    body: [{ ...CHANGED_FILE, sha: 'f'.repeat(40) }, EMPTY_FILE, BINARY_FILE],
  });
  gh.on('GET', `${REPO}/contents/src%2Fvalues.ts?ref=${HEAD}`, {
    body: FILE_AFTER,
    headers: { 'content-type': 'application/vnd.github.raw' },
  });
  gh.on('GET', `${REPO}/contents/.gitattributes?ref=${HEAD}`, {
    status: 404,
    body: { message: 'Not Found' },
  });
  mockNoInstructionFiles(gh, ['src/values.ts', 'src/pkg/__init__.py']);
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_test' },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  const { change } = await pullRequestChangeSet(octokitGitHub(octokit), {
    owner: 'Codertocat',
    repo: 'Hello-World',
    pull_number: 2,
    headSha: HEAD,
    baseSha: BASE,
    title: 'Update the values',
    body: '',
  });
  const claude = mockClaude().expectReview({ summary: 'Fine.', comments: [] });
  const config = testConfig();
  const result = await reviewChangeSet(change, { config, model: testModel(config) });

  const { summary } = actionReport(
    {
      status: 'not-posted',
      headSha: HEAD,
      report: { result, conclusion: 'success', headSha: HEAD, durationMs: 1 },
    },
    {
      job: {
        type: 'review',
        payload: {
          owner: 'Codertocat',
          repo: 'Hello-World',
          pull_number: 2,
          sender: { login: 'Codertocat', type: 'User' },
          trigger: 'opened',
        },
      },
      repository: 'Codertocat/Hello-World',
      serverUrl: 'https://github.com',
      usage: result.usage,
      durationMs: 1,
      failOn: 'none',
    },
  );

  expect(result.skipped).toEqual([{ path: 'logo.png', reason: 'binary' }]);
  expect(summary).toContain('3 changed, 2 reviewed by the model, 1 skipped.');
  expect(summary).toContain('| `logo.png` | binary |');
  expect(summary).not.toContain('__init__.py');
  // The model was told what the file is.
  expect(JSON.stringify(claude.requests[0])).toContain(
    '=== src/pkg/__init__.py (added) ===\\n(new empty file)',
  );
  gh.assertAllValid();
});
