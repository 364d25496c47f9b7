import type { Redis } from 'ioredis';
import { openRedis, type RedisStatus } from '../redis/redis-connection.js';
import { HOUR_MS, utcDay, utcMonth, type UsageStore, type UsageTotals } from './usage-store.js';

// Count-and-add in one step on the Redis server, so workers on several machines cannot both take the last
// job of the hour. KEYS[1]: the installation's admissions (a sorted set of job ids scored by time).
// ARGV: now, window start, limit (-1 for none), the job's id.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end
local limit = tonumber(ARGV[3])
if limit >= 0 and redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ${HOUR_MS})
return 1`;

const DAY_TTL_S = 40 * 24 * 3600; // a day's spend is read for its month, then dropped

/** The usage store on Redis, for Pullwise scaled out over several processes (REDIS_URL). */
export class RedisUsageStore implements UsageStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Commands wait through an outage (openRedis): a job's budget read costs it time, not an attempt. */
  static open(url: string, prefix = 'pullwise:usage:', status?: RedisStatus): RedisUsageStore {
    return new RedisUsageStore(openRedis(url, { name: 'budgets', ...(status ? { status } : {}) }), prefix);
  }

  async admitJob(
    installationId: number,
    jobId: string,
    at: number,
    limit: number | undefined,
  ): Promise<boolean> {
    const admitted = await this.redis.eval(
      ADMIT,
      1,
      `${this.prefix}jobs:${installationId}`,
      at,
      at - HOUR_MS,
      limit ?? -1,
      jobId,
    );
    return admitted === 1;
  }

  async recordCost(installationId: number, usd: number, at: number): Promise<void> {
    if (!(usd > 0)) return;
    const day = `${this.prefix}usd:${installationId}:${utcDay(at)}`;
    const month = `${this.prefix}usd:${installationId}:${utcMonth(at)}`;
    await this.redis
      .multi()
      .incrbyfloat(day, usd)
      .expire(day, DAY_TTL_S)
      .incrbyfloat(month, usd)
      .expire(month, DAY_TTL_S)
      .exec();
  }

  async totals(installationId: number, at: number): Promise<UsageTotals> {
    const jobsKey = `${this.prefix}jobs:${installationId}`;
    const [jobs, oldest, today, month] = await Promise.all([
      this.redis.zcount(jobsKey, `(${at - HOUR_MS}`, '+inf'),
      this.redis.zrangebyscore(jobsKey, `(${at - HOUR_MS}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1),
      this.redis.get(`${this.prefix}usd:${installationId}:${utcDay(at)}`),
      this.redis.get(`${this.prefix}usd:${installationId}:${utcMonth(at)}`),
    ]);
    return {
      jobsLastHour: jobs,
      ...(oldest[1] !== undefined ? { oldestJobAt: Number(oldest[1]) } : {}),
      usdToday: Number(today ?? 0),
      usdThisMonth: Number(month ?? 0),
    };
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}
