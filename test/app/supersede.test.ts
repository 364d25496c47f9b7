import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude, submitReviewReply } from '../helpers/claude-fake.js';
import { mockGitHub, payload } from '../helpers/github-mock.js';
import {
  CHANGED_FILE,
  FILE_AFTER,
  HEAD,
  pullRequest,
  reviewsPosted,
  mockNoInstructionFiles,
} from '../helpers/pull-request-scenario.js';
import { until } from '../helpers/until.js';

const REPO = '/repos/Codertocat/Hello-World';
const NEW_HEAD = 'b'.repeat(40);
let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  expect(nock.pendingMocks()).toEqual([]);
});

test('a push while a review runs cancels it; only the new head is reviewed, the old check run is closed', async () => {
  let head = HEAD;
  const gh = mockGitHub();
  gh.on('POST', '/app/installations/1/access_tokens', {
    status: 201,
    body: { token: 'ghs_token_for_supersede', expires_at: new Date(Date.now() + 3600_000).toISOString() },
  });
  const pr = () => ({ body: pullRequest(head) });
  gh.on('GET', `${REPO}/pulls/2`, pr, { times: 2 });
  gh.on(
    'GET',
    `${REPO}/contents/.github%2Fpullwise.yml?ref=main`,
    { status: 404, body: { message: 'Not Found' } },
    { times: 2 },
  );
  gh.on('GET', `${REPO}/pulls/2/reviews?per_page=100`, { body: [] }, { times: 2 });
  const comments: Array<{ id: number; body: string }> = [];
  gh.on('GET', `${REPO}/issues/2/comments?per_page=100`, () => ({ body: comments }), { times: 3 });
  gh.on('POST', `${REPO}/issues/2/comments`, (req) => {
    comments.push({ id: 500, body: (req.body as { body: string }).body });
    return { status: 201, body: comments[0] };
  });
  gh.on('PATCH', `${REPO}/issues/comments/500`, { body: {} }, { times: 2 });
  gh.on('GET', `${REPO}/pulls/2/files?per_page=100`, { body: [CHANGED_FILE] }, { times: 2 });
  let checkRun = 70;
  for (const sha of [HEAD, NEW_HEAD]) {
    gh.on('GET', `${REPO}/commits/${sha}/check-runs?check_name=Pullwise`, {
      body: { total_count: 0, check_runs: [] },
    });
    gh.on('GET', `${REPO}/contents/src%2Fvalues.ts?ref=${sha}`, {
      body: FILE_AFTER,
      headers: { 'content-type': 'text/plain' },
    });
    gh.on('GET', `${REPO}/contents/.gitattributes?ref=${sha}`, {
      status: 404,
      body: { message: 'Not Found' },
    });
  }
  mockNoInstructionFiles(gh, ['src/values.ts'], { times: 2 }); // both heads' reviews read the one base
  gh.on('POST', `${REPO}/check-runs`, () => ({ status: 201, body: { id: ++checkRun } }), { times: 2 });
  gh.on('PATCH', `${REPO}/check-runs/71`, { body: {} });
  gh.on('PATCH', `${REPO}/check-runs/72`, { body: {} });
  gh.on('POST', `${REPO}/pulls/2/reviews`, { body: { id: 901 } });

  // The first review's model call hangs until it is cancelled; the second answers at once.
  const slow = nock('https://api.anthropic.com')
    .post('/v1/messages')
    .delay(20_000)
    .reply(200, submitReviewReply({ summary: 'old', comments: [] }));
  const claude = mockClaude().expectReview({ summary: 'Reviewed the new head.', comments: [] });

  app = await startTestApp();
  await app.send('pull_request', payload('pull_request', 'opened'));
  await until(
    () => gh.requests.some((r) => r.path.endsWith('/contents/.gitattributes?ref=' + HEAD)),
    'the first job to read the diff',
  );
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the first job reach its model call

  head = NEW_HEAD;
  const push = payload('pull_request', 'synchronize');
  push.pull_request.head.sha = NEW_HEAD;
  expect(await app.send('pull_request', push)).toBe(200);
  await app.server.worker.idle();

  const jobs = await app.server.queue.list();
  expect(jobs.map((j) => j.state).sort()).toEqual(['done', 'superseded']);
  const posted = reviewsPosted(gh.requests);
  expect(posted).toHaveLength(1);
  expect(posted[0]!.body).toMatchObject({ commit_id: NEW_HEAD });
  expect(claude.requests).toHaveLength(1);
  const closed = gh.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/check-runs/71'));
  expect(closed!.body).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  expect(slow.isDone()).toBe(true); // the first call was made, then abandoned
  gh.assertAllValid();
});
