import { randomUUID } from 'node:crypto';
import { afterAll } from '@jest/globals';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { RedisJobQueue } from '../../src/queue/redis-queue.js';
import { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { onCleanup, tempDir } from './job-fixture.js';

export interface StoreOptions {
  /** The queue's clock (both backends take one); the store's own clock when absent. */
  now?: () => number;
}

/** One store (a data dir, a Redis key prefix); each `open` is another process using it. */
export interface QueueStore {
  open(options?: StoreOptions): Promise<JobQueue>;
}

export interface QueueBackend {
  name: string;
  /** A fresh, empty store for one test; what it opens is closed after the test. */
  newStore(): Promise<QueueStore>;
}

export function sqliteBackend(): QueueBackend {
  return {
    name: 'SqliteJobQueue',
    async newStore() {
      const dir = tempDir();
      return {
        async open(options = {}) {
          const queue = SqliteJobQueue.open(dir, options);
          onCleanup(() => queue.close());
          return queue;
        },
      };
    },
  };
}

/**
 * A real redis-server for the test file (started at the first store, stopped after the file), and a key
 * prefix of its own for each store.
 */
export function redisBackend(): QueueBackend & { server(): Promise<RedisServer> } {
  let server: Promise<RedisServer> | undefined;
  afterAll(async () => (await server)?.stop());
  const backend = {
    name: 'RedisJobQueue',
    server: () => (server ??= startRedisServer()),
    async newStore(): Promise<QueueStore> {
      const { url } = await backend.server();
      const prefix = `test:${randomUUID()}:`;
      return {
        async open(options = {}) {
          const queue = await RedisJobQueue.open(url, { ...options, prefix });
          onCleanup(() => queue.close());
          return queue;
        },
      };
    },
  };
  return backend;
}
