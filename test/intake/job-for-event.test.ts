import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, payload } from '../helpers/github-mock.js';
import { mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  expect(nock.pendingMocks()).toEqual([]);
});

describe('webhook intake', () => {
  test('a bad signature is answered 401 and stores no job', async () => {
    app = await startTestApp();
    expect(
      await app.send('pull_request', payload('pull_request', 'opened'), { secret: 'not-the-secret' }),
    ).toBe(401);
    expect(await app.server.queue.list()).toEqual([]);
  });

  test("a body over GitHub's 25 MB cap is answered 413 and stores no job; the server keeps serving", async () => {
    app = await startTestApp();
    const response = await fetch(`${app.server.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'big' },
      body: Buffer.alloc(26 * 1024 * 1024, 0x20),
    });
    expect(response.status).toBe(413);
    expect(await app.server.queue.list()).toEqual([]);
    expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
  });

  test('GET /healthz answers ok', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('the job is stored before GitHub gets its answer', async () => {
    app = await startTestApp();
    await app.server.worker.stop({ graceMs: 0 }); // nothing runs: only what intake stored is there
    expect(
      await app.send('pull_request', payload('pull_request', 'opened'), { deliveryId: 'delivery-1' }),
    ).toBe(200);
    const [job] = await app.server.queue.list();
    expect(job).toMatchObject({
      deliveryId: 'delivery-1',
      type: 'review',
      key: 'Codertocat/Hello-World#2',
      state: 'queued',
    });
  });

  test('the same delivery twice makes one job and one review', async () => {
    const gh = mockGitHub();
    mockReviewScenario(gh);
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    app = await startTestApp();
    const event = payload('pull_request', 'opened');
    expect(await app.send('pull_request', event, { deliveryId: 'same' })).toBe(200);
    expect(await app.send('pull_request', event, { deliveryId: 'same' })).toBe(200);
    await app.server.worker.idle();
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(await app.server.queue.counts()).toMatchObject({ done: 1 });
    gh.assertAllValid();
  });

  test('comments by bots, and events Pullwise does not act on, store no job', async () => {
    app = await startTestApp();
    await app.server.worker.stop({ graceMs: 0 });
    const botComment = payload('issue_comment', 'created');
    botComment.comment.body = '@pullwise review';
    botComment.comment.user.type = 'Bot';
    botComment.sender.type = 'Bot';
    const closed = payload('pull_request', 'closed');
    const chatter = payload('issue_comment', 'created');
    chatter.comment.body = 'Thanks, @pullwise is great';
    for (const [name, body] of [
      ['issue_comment', botComment],
      ['pull_request', closed],
      ['issue_comment', chatter],
    ] as const) {
      expect(await app.send(name, body)).toBe(200);
    }
    expect(await app.server.queue.list()).toEqual([]);
  });
});
