import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { ANTHROPIC, submitReviewReply } from '../helpers/claude-fake.js';
import { mockGitHub, payload } from '../helpers/github-mock.js';
import { mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';
import { until } from '../helpers/until.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  nock.cleanAll(); // the writes this job was stopped from making stay unanswered
});

// A worker that stalls past its lease (a long GC pause, a frozen VM) can wake to find its job recovered and
// claimed by another worker. From then on it must not write to GitHub: the other run posts the review.
test('a job whose lease another worker took while it waited on the model writes nothing more to GitHub', async () => {
  const gh = mockGitHub();
  mockReviewScenario(gh);
  let modelCalled = false;
  nock(ANTHROPIC)
    .post('/v1/messages')
    .delay(1500)
    .reply(200, submitReviewReply({ summary: 'Looks fine.', comments: [] }))
    .on('request', () => (modelCalled = true));

  // One job at a time, so this worker does not claim the job again itself once it is requeued below.
  app = await startTestApp({ appEnv: { concurrency: 1 } });
  const { queue, worker } = app.server;
  expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
  await until(() => modelCalled, 'the job to call the model');
  const writesBefore = gh.requests.filter((r) => r.method !== 'GET').length;

  // Meanwhile its lease is gone and another worker holds the job.
  expect(await queue.recoverWorker(worker.workerId)).toBe(1);
  const other = await queue.claim('another-worker', 60_000);
  expect(other).not.toBeNull();

  await until(() => worker.running().length === 0, 'the first run to give the job up', 5000);
  expect(reviewsPosted(gh.requests)).toEqual([]);
  expect(gh.requests.filter((r) => r.method !== 'GET')).toHaveLength(writesBefore);
  expect(await queue.get(other!.id)).toMatchObject({ state: 'running', attempts: 2 });
  expect(await queue.complete(other!, { posted: true })).toBe(true);
  gh.assertAllValid();
});
