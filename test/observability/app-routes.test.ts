import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { startObservability } from '../../src/observability/app-observability.js';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, payload } from '../helpers/github-mock.js';
import { mockReviewScenario } from '../helpers/pull-request-scenario.js';
import { sample } from './scrape.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('the routes on the App server', () => {
  test('GET /metrics shows the queue after a webhook-driven review, and GET /readyz follows the store', async () => {
    const gh = mockGitHub();
    mockReviewScenario(gh);
    mockClaude().expectReview({ summary: 'Looks fine.', comments: [] });
    const obs = startObservability({ env: {}, logLevel: 'silent', secrets: [], processMetrics: false });
    // The routes are made before the server and read its queue when asked, as startServer would wire them.
    const routes = obs.routes({ queue: () => app!.server.queue.counts() });
    app = await startTestApp({ routes });
    obs.observeQueue(app.server.queue);

    expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
    await app.server.worker.idle();
    const metrics = await fetch(`${app.server.url}/metrics`);
    const text = await metrics.text();
    expect(metrics.status).toBe(200);
    expect(sample(text, 'pullwise_queue_jobs', { state: 'done' })).toBe(1);
    expect(sample(text, 'pullwise_queue_depth')).toBe(0);
    gh.assertAllValid();
    expect(nock.pendingMocks()).toEqual([]);

    const ready = await fetch(`${app.server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    await app.server.queue.close();
    const closed = await fetch(`${app.server.url}/readyz`);
    expect([closed.status, await closed.json()]).toEqual([503, { status: 'not ready', failed: ['queue'] }]);
  });
});
