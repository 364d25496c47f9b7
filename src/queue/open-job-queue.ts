import path from 'node:path';
import type { RedisStatus } from '../redis/redis-connection.js';
import type { JobQueue } from './job-queue.js';
import { RedisJobQueue, type RedisJobQueueOptions } from './redis-queue.js';
import { SqliteJobQueue } from './sqlite-queue.js';

export interface OpenJobQueueOptions {
  /** PULLWISE_DATA_DIR: the SQLite queue's folder when there is no Redis. */
  dataDir: string;
  /** REDIS_URL: when set, the queue lives in Redis, shared by every web and worker process. */
  redisUrl?: string;
  /** Key prefix in Redis (default 'pullwise:jobs:'). */
  prefix?: string;
  /** The process's Redis connections (an outage is logged once; readiness reads it). */
  redisStatus?: RedisStatus;
}

/** The job queue the server runs on: SQLite under the data dir by default, Redis when a URL is given. */
export async function openJobQueue(options: OpenJobQueueOptions): Promise<JobQueue> {
  const redisUrl = options.redisUrl?.trim();
  if (!redisUrl) return SqliteJobQueue.open(path.resolve(options.dataDir));
  const redisOptions: RedisJobQueueOptions = {};
  if (options.prefix) redisOptions.prefix = options.prefix;
  if (options.redisStatus) redisOptions.status = options.redisStatus;
  return RedisJobQueue.open(redisUrl, redisOptions);
}
