import { afterEach, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { payload } from '../helpers/github-mock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { StoreUnavailableError, enqueueEvents } from '../../src/intake/enqueue-events.js';
import type { JobQueue } from '../../src/queue/job-queue.js';

// GitHub waits 10 seconds for a webhook's answer and then records the delivery as failed ("Timed out");
// a failed delivery can be redelivered from the App's advanced settings, with the same X-GitHub-Delivery id
// (docs.github.com: "Handling failed webhook deliveries"). So intake answers within that limit: stored and 2xx
// when the store answers in time, else 503 at once, and a redelivery is deduplicated.
const GITHUB_TIMEOUT_MS = 10_000;

let app: TestApp | undefined;
let redis: RedisServer | undefined;
afterEach(async () => {
  await app?.stop();
  await redis?.stop();
  app = redis = undefined;
});

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('webhooks while Redis is down (a web process on a real redis-server)', () => {
  test('refused with 503 within GitHub’s timeout; the redelivery after the restart is stored once', async () => {
    redis = await startRedisServer();
    app = await startTestApp({ role: 'web', env: { REDIS_URL: redis.url } });
    const event = payload('pull_request', 'opened');
    const deliveryId = randomUUID();

    await redis.kill();
    const refused = await timed(app.send('pull_request', event, { deliveryId }));
    expect(refused.value).toBe(503);
    expect(refused.ms).toBeLessThan(GITHUB_TIMEOUT_MS);

    await redis.restart();
    expect(await app.send('pull_request', event, { deliveryId })).toBe(200);
    expect(await app.send('pull_request', event, { deliveryId })).toBe(200); // a second redelivery: deduped
    expect(await app.server.queue.counts()).toMatchObject({ queued: 1 });
  });

  test('stored and answered 200 when Redis comes back while the delivery waits', async () => {
    redis = await startRedisServer();
    app = await startTestApp({ role: 'web', env: { REDIS_URL: redis.url } });
    await redis.kill();
    const sent = timed(app.send('pull_request', payload('pull_request', 'opened')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.restart();
    const answered = await sent;
    expect(answered.value).toBe(200);
    expect(answered.ms).toBeLessThan(GITHUB_TIMEOUT_MS);
    expect(await app.server.queue.counts()).toMatchObject({ queued: 1 });
  });
});

describe('enqueueEvents', () => {
  const log = { debug: () => {} } as never;
  const event = { id: 'd-1', name: 'pull_request', payload: payload('pull_request', 'opened') };
  const triggers = async () => ({ phrase: '@pullwise' });

  test('a store that is connected but never answers is given up at the deadline', async () => {
    const queue = {
      connected: async () => true,
      enqueue: () => new Promise(() => {}),
    } as unknown as JobQueue;
    const intake = enqueueEvents({ queue, triggers, log, storeWaitMs: 10, storeDeadlineMs: 50 });
    await expect(intake(event)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  test('a store that stays disconnected is not sent the job at all', async () => {
    let enqueued = 0;
    const queue = {
      connected: async () => false,
      enqueue: async () => {
        enqueued++;
        throw new Error('not reached');
      },
    } as unknown as JobQueue;
    const intake = enqueueEvents({ queue, triggers, log, storeWaitMs: 10, storeDeadlineMs: 50 });
    await expect(intake(event)).rejects.toThrow(/unreachable/);
    expect(enqueued).toBe(0);
  });
});
