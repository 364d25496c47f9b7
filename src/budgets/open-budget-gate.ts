import path from 'node:path';
import { hasLimits, readLimitsConfig } from './installation-limits.js';
import { RedisUsageStore } from './redis-usage-store.js';
import { SqliteUsageStore } from './sqlite-usage-store.js';
import type { RedisStatus } from '../redis/redis-connection.js';
import { BudgetGate } from './budget-gate.js';

/** The budget gate when the operator set any limit (else none: nothing to count): on Redis when scaled out. */
export function openBudgetGate(
  env: Record<string, string | undefined>,
  dataDir: string,
  redisStatus?: RedisStatus,
): BudgetGate | undefined {
  const limits = readLimitsConfig(env);
  if (!hasLimits(limits.defaults) && Object.values(limits.overrides).every((l) => !hasLimits(l)))
    return undefined;
  const redisUrl = env.REDIS_URL?.trim();
  const store = redisUrl
    ? RedisUsageStore.open(redisUrl, undefined, redisStatus)
    : SqliteUsageStore.open(path.resolve(dataDir));
  return new BudgetGate(store, limits);
}
