import { afterEach, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/core';
import nock from 'nock';
import {
  instrumentOctokit,
  type GitHubRequest,
  type GitHubRequestObserver,
} from '../../src/observability/octokit-hooks.js';
import { mockGitHub, type GitHubMock } from '../helpers/github-mock.js';

let gh: GitHubMock | undefined;
afterEach(() => {
  gh?.assertAllValid();
  gh = undefined;
  expect(nock.pendingMocks()).toEqual([]);
});

function recorder() {
  const seen: string[] = [];
  const errors: Array<{ request: GitHubRequest; status: number | undefined }> = [];
  const observer = (name: string): GitHubRequestObserver => ({
    async around(request, send) {
      seen.push(`${name} before ${request.method} ${request.route}`);
      try {
        return await send();
      } finally {
        seen.push(`${name} after`);
      }
    },
    onError: (request, status) => errors.push({ request, status }),
  });
  return { seen, errors, observer };
}

describe('instrumentOctokit', () => {
  test('every request passes through the observers, the first outermost, with its route template', async () => {
    gh = mockGitHub().on('POST', '/repos/o/r/issues/3/comments', { status: 201, body: { id: 1 } });
    const octokit = new Octokit();
    const { seen, errors, observer } = recorder();
    instrumentOctokit(octokit, [observer('metrics'), observer('spans')]);
    const response = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'o',
      repo: 'r',
      issue_number: 3,
      body: 'hi',
    });
    expect(response.status).toBe(201);
    expect(seen).toEqual([
      'metrics before POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'spans before POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'spans after',
      'metrics after',
    ]);
    expect(errors).toEqual([]);
  });

  test("an error GitHub answered is told with GitHub's status, and still reaches the caller", async () => {
    gh = mockGitHub().on('GET', '/repos/o/r', { status: 404, body: { message: 'Not Found' } });
    const octokit = new Octokit();
    const { errors, observer } = recorder();
    instrumentOctokit(octokit, [observer('metrics')]);
    await expect(
      octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(errors).toEqual([{ request: { method: 'GET', route: '/repos/{owner}/{repo}' }, status: 404 }]);
  });

  test('a request that got no answer is told without a status (Octokit would call it a 500)', async () => {
    nock('https://api.github.com').get('/repos/o/r').replyWithError('socket hang up');
    const octokit = new Octokit();
    const { errors, observer } = recorder();
    instrumentOctokit(octokit, [observer('metrics')]);
    await expect(
      octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }),
    ).rejects.toMatchObject({
      status: 500,
    });
    expect(errors).toEqual([
      { request: { method: 'GET', route: '/repos/{owner}/{repo}' }, status: undefined },
    ]);
  });
});
