import type { Redis } from 'ioredis';
import { openRedis, readyWithin, type RedisStatus } from '../redis/redis-connection.js';
import { MemoryTurnClock, RedisTurnClock, TURN_CLOCK_SCRIPTS, type TurnClock } from './turn-clock.js';

/**
 * What Octokit's throttling plugin calls on its `write` and `notifications` groups before it sends a write:
 * `group.key(installation).schedule(options, fn)`, awaited, with an empty `fn` (the request is sent after
 * it). So pacing is the spacing of the starts of one installation's writes. Bottleneck's clustering did this
 * on Redis until a Redis restart left it answering `ERR UNKNOWN_CLIENT` for good; these turns hold no state
 * that a restart can lose but the next start time.
 */
export interface PacingGroup {
  key(id: string): { schedule(...args: unknown[]): Promise<unknown> };
}

/**
 * How an installation's GitHub writes are paced. GitHub asks for writes one at a time per token and limits
 * content creation (comments, reviews) to 80 a minute: scaled out, the token is shared by every worker, so on
 * Redis the turns are too.
 */
export interface WritePacing {
  writes: PacingGroup;
  contentCreation: PacingGroup;
  close(): Promise<void>;
}

/** How long a turn's reservation may wait for Redis before the process paces on its own clock. */
const RESERVE_TIMEOUT_MS = 1_000;

export function createWritePacing(options: {
  /** The App's id: two Apps sharing one Redis keep their own pacing. */
  appId: string;
  /** The least time between the starts of two writes of one installation (PULLWISE_GITHUB_WRITE_INTERVAL_MS). */
  writeIntervalMs: number;
  redisUrl?: string | undefined;
  redisStatus?: RedisStatus;
  /** A turn paced without Redis (unreachable or slow): told once per outage. */
  onError?: (error: Error) => void;
}): WritePacing {
  const redis = options.redisUrl
    ? openRedis(options.redisUrl, {
        name: 'write pacing',
        scripts: TURN_CLOCK_SCRIPTS,
        ...(options.redisStatus ? { status: options.redisStatus } : {}),
      })
    : undefined;
  const clock: TurnClock = redis
    ? new FallbackTurnClock(
        redis,
        new RedisTurnClock(redis, `pullwise:github-pacing:${options.appId}:`),
        options.onError,
      )
    : new MemoryTurnClock();
  // Octokit's default of a full second between writes is meant for "a large number" of them; a review makes
  // five, and a second each would add seconds to every job. GitHub's documented secondary limit is 80
  // content-creating requests per minute; Octokit's default of one per 3 s would make a review wait seconds
  // for its own tracking comment.
  return {
    writes: pacingGroup(clock, 'writes', options.writeIntervalMs),
    contentCreation: pacingGroup(clock, 'content', 750),
    close: async () => {
      if (redis?.status === 'ready') await redis.quit().catch(() => undefined);
      redis?.disconnect();
    },
  };
}

/**
 * One reservation in flight per installation and process: a process's writes take their turns one after the
 * other, so a process that dies holds at most one turn that nobody uses.
 */
function pacingGroup(clock: TurnClock, kind: string, intervalMs: number): PacingGroup {
  const queues = new Map<string, Promise<void>>();
  const turn = (id: string): Promise<void> => {
    const key = `${kind}:${id}`;
    const mine = (queues.get(key) ?? Promise.resolve()).then(async () => {
      const waitMs = await clock.reserve(key, intervalMs);
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    });
    const settled = mine.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return mine;
  };
  return {
    key: (id) => ({
      schedule: async (...args: unknown[]) => {
        // Bottleneck's forms: schedule(fn, ...args) and schedule(options, fn, ...args).
        const [fn, ...rest] = (typeof args[0] === 'function' ? args : args.slice(1)) as [
          (...a: unknown[]) => unknown,
          ...unknown[],
        ];
        await turn(id);
        return fn(...rest);
      },
    }),
  };
}

/**
 * Turns on Redis while it answers; on this process's own clock while it does not (down, or no reply within a
 * second), so that a write is never held, or failed, by its pacing. During an outage the job's writes wait for
 * Redis anyway (each confirms its lease first); what pacing loses then is only the spacing across processes.
 */
class FallbackTurnClock implements TurnClock {
  private readonly local = new MemoryTurnClock();
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly shared: TurnClock,
    private readonly onError?: (error: Error) => void,
  ) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    // Not connected yet (starting, reconnecting) is waited for briefly; a known outage is not.
    if (
      this.redis.status !== 'ready' &&
      (this.degraded || !(await readyWithin(this.redis, RESERVE_TIMEOUT_MS)))
    )
      return this.fallBack(key, intervalMs, new Error('Redis is unreachable'));
    let timer: NodeJS.Timeout | undefined;
    try {
      const waitMs = await Promise.race([
        this.shared.reserve(key, intervalMs),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${RESERVE_TIMEOUT_MS} ms`)),
            RESERVE_TIMEOUT_MS,
          );
        }),
      ]);
      this.degraded = false;
      return waitMs;
    } catch (error) {
      return this.fallBack(key, intervalMs, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  private fallBack(key: string, intervalMs: number, error: Error): Promise<number> {
    if (!this.degraded) this.onError?.(error);
    this.degraded = true;
    return this.local.reserve(key, intervalMs);
  }
}
