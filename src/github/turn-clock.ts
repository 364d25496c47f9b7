import type { Redis } from 'ioredis';

/**
 * Where an installation's next write may start, shared by the processes that write with its token. A turn is
 * a reserved start time, not a lock: a process that dies after reserving one wastes that turn only, so the
 * others wait at most one interval for it (a lock would hold them until it expired).
 */
export interface TurnClock {
  /** Reserves the next start `intervalMs` after the last one reserved for `key`; the ms to wait for it. */
  reserve(key: string, intervalMs: number): Promise<number>;
}

export class MemoryTurnClock implements TurnClock {
  private readonly next = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const now = this.now();
    for (const [k, at] of this.next) if (at < now) this.next.delete(k); // past turns: nothing to keep
    const start = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, start + intervalMs);
    return start - now;
  }
}

// KEYS[1]: the key's next free start (ms, the Redis server's clock: one clock for every host). ARGV[1]: the
// interval. The key expires a second after its turn has passed, so idle installations leave nothing behind.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local nextFree = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], nextFree, 'PX', nextFree - now + 1000)
return start - now`;

export const TURN_CLOCK_SCRIPTS = { pullwiseReserveTurn: { lua: RESERVE, numberOfKeys: 1 } };

/** The turns on Redis; the client must have TURN_CLOCK_SCRIPTS (loaded again by EVALSHA after a restart). */
export class RedisTurnClock implements TurnClock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async reserve(key: string, intervalMs: number): Promise<number> {
    const reserve = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)
      .pullwiseReserveTurn!;
    return Number(await reserve.call(this.redis, this.prefix + key, intervalMs));
  }
}
