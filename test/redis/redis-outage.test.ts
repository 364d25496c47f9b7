import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { RedisUsageStore } from '../../src/budgets/redis-usage-store.js';
import { RedisBackoffStore } from '../../src/github/shared-backoff.js';
import { RedisStatus } from '../../src/redis/redis-connection.js';
import { waitWithin } from '../../src/redis/wait-within.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/until.js';

// The stores a job reads on Redis (rate-limit pauses, budgets) while Redis is down: the read waits for Redis
// and answers once it is back, so an outage costs the job time, not an attempt. They used to fail after three
// retries (about 0.65 s), failing the job's attempt.

let redis: RedisServer;
const logged: Array<{ level: string; obj: object; msg: string }> = [];
const log = {
  warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }),
  info: (obj: object, msg: string) => logged.push({ level: 'info', obj, msg }),
};
const closers: Array<() => Promise<void>> = [];
beforeEach(async () => {
  redis = await startRedisServer();
  logged.length = 0;
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await redis.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a pause and a budget read while Redis is down wait for it, and answer once it is back', async () => {
  const status = new RedisStatus(log, redis.url);
  const backoff = RedisBackoffStore.open(redis.url, 'outage-test:backoff:', status);
  const usage = RedisUsageStore.open(redis.url, 'outage-test:usage:', status);
  closers.push(
    () => backoff.close(),
    () => usage.close(),
  );
  const until60s = Date.now() + 60_000;
  await backoff.pause('installation:1', until60s);
  expect(await usage.admitJob(1, 'job-1', Date.now(), 10)).toBe(true);

  await redis.kill();
  await until(() => !status.ready, 'the outage to be noticed');
  const pause = backoff.pausedUntil('installation:1');
  const totals = usage.totals(1, Date.now());
  const admitted = usage.admitJob(1, 'job-2', Date.now(), 10);
  let settled = false;
  void Promise.allSettled([pause, totals, admitted]).then(() => (settled = true));
  await sleep(2_000); // three times as long as the old policy waited before failing
  expect(settled).toBe(false);
  await expect(status.assertReady()).rejects.toThrow('Redis is unreachable');

  await redis.restart();
  expect(await pause).toBe(until60s); // the append-only file kept it
  expect((await totals).jobsLastHour).toBe(1);
  expect(await admitted).toBe(true);
  await until(() => status.ready, 'the connections to be back');
  await status.assertReady();

  // One line for the outage however many connections saw it, one when they are all back; no other output.
  expect(logged.map((l) => `${l.level} ${l.msg}`)).toEqual([
    'warn Redis is unreachable: commands wait for it, jobs keep their leases until it is back',
    'info Redis is back',
  ]);
  expect(JSON.stringify(logged[0]!.obj)).toContain(String(redis.port));
}, 30_000);

test('a job that ends while waiting for Redis stops waiting; the command still runs once Redis is back', async () => {
  const usage = RedisUsageStore.open(redis.url, 'outage-test:usage:');
  closers.push(() => usage.close());
  await usage.totals(1, Date.now()); // connected
  await redis.kill();
  const job = new AbortController();
  const recorded = waitWithin(usage.recordCost(1, 0.25, Date.now()), job.signal);
  job.abort(new Error('the job timed out'));
  await expect(recorded).rejects.toThrow('the job timed out');
  await redis.restart();
  await until(async () => (await usage.totals(1, Date.now())).usdToday === 0.25, 'the cost to be recorded');
}, 30_000);
