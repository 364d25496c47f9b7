import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import type { GitHubClient } from '../../src/github/client.js';
import { fenceWrites } from '../../src/github/write-fence.js';
import { mockGitHub } from '../helpers/github-mock.js';

afterEach(() => nock.cleanAll());

const REPO = '/repos/Codertocat/Hello-World';

/** A client as the App makes them: Probot's Octokit with its retry plugin on (short waits, the same count). */
function client(confirm: () => Promise<void>): GitHubClient {
  const Octokit = ProbotOctokit.defaults((options: object) => ({
    ...options,
    retry: { retryAfterBaseValue: 1 },
    throttle: { enabled: false },
  }));
  const octokit = new Octokit({ auth: { token: 'ghs_t' } }) as unknown as GitHubClient;
  fenceWrites(octokit, confirm);
  return octokit;
}

test('a write from a run that lost its lease is refused once, not retried, and never reaches GitHub', async () => {
  const gh = mockGitHub();
  gh.on('POST', `${REPO}/issues/1/comments`, () => ({ status: 201, body: { id: 1 } }));
  let checks = 0;
  const octokit = client(async () => {
    checks += 1;
    throw new Error('the job lease was lost');
  });

  await expect(
    octokit.rest.issues.createComment({
      owner: 'Codertocat',
      repo: 'Hello-World',
      issue_number: 1,
      body: 'x',
    }),
  ).rejects.toThrow('the job lease was lost');
  expect(checks).toBe(1);
  expect(gh.requests).toEqual([]);
});

test('reads are not fenced, and a write goes out while the lease holds', async () => {
  const gh = mockGitHub();
  gh.on('GET', `${REPO}/issues/1`, () => ({ body: { number: 1 } }));
  gh.on('POST', `${REPO}/issues/1/comments`, () => ({ status: 201, body: { id: 1 } }));
  let holds = false;
  let checks = 0;
  const octokit = client(async () => {
    checks += 1;
    if (!holds) throw new Error('the job lease was lost');
  });

  await octokit.rest.issues.get({ owner: 'Codertocat', repo: 'Hello-World', issue_number: 1 });
  expect(checks).toBe(0);
  holds = true;
  await octokit.rest.issues.createComment({
    owner: 'Codertocat',
    repo: 'Hello-World',
    issue_number: 1,
    body: 'x',
  });
  expect(checks).toBe(1);
  expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    `GET ${REPO}/issues/1`,
    `POST ${REPO}/issues/1/comments`,
  ]);
  gh.assertAllValid();
});
