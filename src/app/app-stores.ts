import path from 'node:path';
import { BudgetGate } from '../budgets/budget-gate.js';
import { hasLimits } from '../budgets/installation-limits.js';
import { RedisUsageStore } from '../budgets/redis-usage-store.js';
import { SqliteUsageStore } from '../budgets/sqlite-usage-store.js';
import { MemoryBackoffStore, RedisBackoffStore, type BackoffStore } from '../github/shared-backoff.js';
import { createWritePacing, type WritePacing } from '../github/write-pacing.js';
import { RedisTriggerStore, SqliteTriggerStore, type TriggerStore } from '../intake/trigger-store.js';
import type { LearningStore } from '../learnings/learning-store.js';
import { RedisLearningStore } from '../learnings/redis-learning-store.js';
import { SqliteLearningStore } from '../learnings/sqlite-learning-store.js';
import type { JobQueue } from '../queue/job-queue.js';
import { openJobQueue } from '../queue/open-job-queue.js';
import { RedisStatus, type RedisLog } from '../redis/redis-connection.js';
import type { AppEnv } from './app-env.js';

/**
 * Everything the App keeps beyond one request, chosen once: in one process, SQLite files under the data dir
 * (and this process's memory for pauses and pacing); scaled out (REDIS_URL), Redis for all of it, every
 * connection under one policy and one log of outages.
 */
export interface AppStores {
  /** Set when scaled out: whether Redis answers, for readiness. */
  redisStatus: RedisStatus | undefined;
  queue: JobQueue;
  /** Each repository's trigger phrase and fix label, as its jobs learned them. */
  triggers: TriggerStore;
  /** Each repository's learnings (`@pullwise learn`, dismissed findings), applied by every review. */
  learnings: LearningStore;
  /** A secondary rate limit one job meets pauses every request of its installation, in all workers. */
  backoff: BackoffStore;
  /** Writes one at a time per installation, paced; shared by every worker when scaled out. */
  pacing: WritePacing;
  /** The installations' limits, when the operator set any (else nothing is counted). */
  budgets: BudgetGate | undefined;
  close(): Promise<void>;
}

export async function openAppStores(appEnv: AppEnv, log: RedisLog): Promise<AppStores> {
  const { redisUrl } = appEnv;
  const dataDir = path.resolve(appEnv.dataDir);
  const redisStatus = redisUrl ? new RedisStatus(log, redisUrl) : undefined;
  const status = redisStatus ? { redisStatus } : {};
  const limited =
    hasLimits(appEnv.limits.defaults) || Object.values(appEnv.limits.overrides).some((l) => hasLimits(l));
  const stores = {
    redisStatus,
    queue: await openJobQueue({ dataDir, ...(redisUrl ? { redisUrl } : {}), ...status }),
    triggers: redisUrl
      ? RedisTriggerStore.open(redisUrl, undefined, redisStatus)
      : SqliteTriggerStore.open(dataDir),
    learnings: redisUrl
      ? RedisLearningStore.open(redisUrl, undefined, redisStatus)
      : SqliteLearningStore.open(dataDir),
    backoff: redisUrl ? RedisBackoffStore.open(redisUrl, undefined, redisStatus) : new MemoryBackoffStore(),
    pacing: createWritePacing({
      appId: appEnv.appId,
      writeIntervalMs: appEnv.githubWriteIntervalMs,
      redisUrl,
      ...status,
      onError: (error) =>
        log.warn({ err: error }, 'GitHub writes are paced within this process until Redis answers'),
    }),
    budgets: limited
      ? new BudgetGate(
          redisUrl ? RedisUsageStore.open(redisUrl, undefined, redisStatus) : SqliteUsageStore.open(dataDir),
          appEnv.limits,
        )
      : undefined,
  };
  return {
    ...stores,
    async close() {
      await stores.queue.close();
      await stores.budgets?.close();
      await stores.triggers.close();
      await stores.learnings.close();
      await stores.backoff.close();
      await stores.pacing.close();
    },
  };
}
