import type { Redis } from 'ioredis';
import { openRedis, type RedisStatus } from '../redis/redis-connection.js';
import { waitWithin } from '../redis/wait-within.js';
import type { GitHubClient } from './client.js';

/**
 * Until when GitHub asked an installation's clients to hold off (a secondary rate limit's `retry-after`),
 * shared by every worker: in memory for one process, on Redis when scaled out. Octokit's throttling retries
 * the request that hit the limit; this makes the installation's OTHER requests — from other jobs and other
 * processes — wait too, instead of each finding the limit on its own and making it worse.
 */
export interface BackoffStore {
  pause(scope: string, untilMs: number): Promise<void>;
  pausedUntil(scope: string): Promise<number>;
  close(): Promise<void>;
}

export class MemoryBackoffStore implements BackoffStore {
  private readonly until = new Map<string, number>();
  async pause(scope: string, untilMs: number): Promise<void> {
    this.until.set(scope, Math.max(untilMs, this.until.get(scope) ?? 0));
  }
  async pausedUntil(scope: string): Promise<number> {
    return this.until.get(scope) ?? 0;
  }
  async close(): Promise<void> {}
}

export class RedisBackoffStore implements BackoffStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static open(url: string, prefix = 'pullwise:github-backoff:', status?: RedisStatus): RedisBackoffStore {
    const redis = openRedis(url, { name: 'rate-limit pauses', ...(status ? { status } : {}) });
    return new RedisBackoffStore(redis, prefix);
  }

  async pause(scope: string, untilMs: number): Promise<void> {
    const ms = Math.ceil(untilMs - Date.now());
    if (ms <= 0) return;
    // Keep the later of two pauses: SET … GT is Redis 7+; a small script does it on any version.
    await this.redis.eval(
      `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
       if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end`,
      1,
      this.prefix + scope,
      untilMs,
      ms,
    );
  }

  async pausedUntil(scope: string): Promise<number> {
    return Number((await this.redis.get(this.prefix + scope)) ?? 0);
  }

  async close(): Promise<void> {
    // QUIT lets replies in flight arrive; while Redis is down it would wait for the reconnection.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}

/**
 * Every request of this client first waits out a pause its installation is under. While the store cannot
 * answer (Redis down), the read waits for it within the job (`signal`): an outage costs the job time, never
 * an attempt.
 */
export function honourSharedBackoff(
  octokit: GitHubClient,
  store: BackoffStore,
  scope: string,
  options: { signal?: AbortSignal; sleep?: (ms: number) => Promise<void> } = {},
): void {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  octokit.hook.before('request', async () => {
    // Once the job has stopped, its last writes (closing its check run) wait a little, then go anyway.
    const cleanup = options.signal?.aborted === true;
    const within = cleanup ? AbortSignal.timeout(CLEANUP_WAIT_MS) : options.signal;
    try {
      for (;;) {
        const wait = (await waitWithin(store.pausedUntil(scope), within)) - Date.now();
        if (wait <= 0) return;
        await waitWithin(sleep(Math.min(wait, 60_000)), within);
      }
    } catch (error) {
      if (!cleanup) throw error;
    }
  });
}

/** How long a stopped job's cleanup write waits for the store or a pause before it is sent regardless. */
const CLEANUP_WAIT_MS = 2_000;

/**
 * Octokit's `throttle.onSecondaryRateLimit` that also tells the installation's other clients: it records the
 * pause for the scope of the client that hit the limit, then lets Octokit retry after `retryAfter` seconds.
 */
export function shareSecondaryLimits(
  store: BackoffStore,
  scopeOf: (octokit: unknown) => string | undefined,
  onError: (error: unknown) => void = () => {},
): (retryAfter: number, options: unknown, octokit: unknown) => boolean {
  return (retryAfter, _options, octokit) => {
    const scope = scopeOf(octokit);
    if (scope) store.pause(scope, Date.now() + retryAfter * 1000).catch(onError);
    return true;
  };
}
