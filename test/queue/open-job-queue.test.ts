import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { openJobQueue } from '../../src/queue/open-job-queue.js';
import { RedisJobQueue } from '../../src/queue/redis-queue.js';
import { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import { cleanup, jobInput, onCleanup, tempDir } from './job-fixture.js';
import { redisBackend } from './queue-backends.js';

const redis = redisBackend();

afterEach(cleanup);

test('without a Redis URL the queue is SQLite under the data dir', async () => {
  const dataDir = tempDir();
  const queue = await openJobQueue({ dataDir, redisUrl: '  ' });
  onCleanup(() => queue.close());
  expect(queue).toBeInstanceOf(SqliteJobQueue);
  expect(existsSync(join(dataDir, 'pullwise.db'))).toBe(true);
});

test('with a Redis URL the queue is in Redis under the prefix, and nothing is written to the data dir', async () => {
  const { url } = await redis.server();
  const dataDir = join(tempDir(), 'unused');
  const queue = await openJobQueue({ dataDir, redisUrl: url, prefix: 'open-test:' });
  onCleanup(() => queue.close());
  expect(queue).toBeInstanceOf(RedisJobQueue);
  const { job } = await queue.enqueue(jobInput());

  const sameStore = await RedisJobQueue.open(url, { prefix: 'open-test:' });
  onCleanup(() => sameStore.close());
  expect(await sameStore.get(job.id)).toEqual(job);
  expect(existsSync(dataDir)).toBe(false);
});
