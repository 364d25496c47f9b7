import { Redis, type RedisOptions } from 'ioredis';

/** pino-compatible, as the App's log. */
export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * One policy for every Redis connection of a process (job queue, budgets, rate-limit pauses, write pacing):
 * commands wait through an outage in ioredis's offline queue instead of failing after a few retries (callers
 * bound their own waits: see untilSettled), reconnection is tried every second at most, and errors go to one
 * RedisStatus that logs an outage once, as JSON, and again when Redis is back.
 */
export function openRedis(
  url: string,
  options: { status?: RedisStatus; name: string; scripts?: RedisOptions['scripts']; lazyConnect?: boolean },
): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    // A restarted Redis should be found within a second, not after ioredis's default back-off of up to 2 s.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
    ...(options.scripts ? { scripts: options.scripts } : {}),
    ...(options.lazyConnect ? { lazyConnect: true } : {}),
  });
  (options.status ?? silentStatus()).watch(client, options.name);
  return client;
}

/**
 * Whether a process's Redis connections are up, for logs and readiness: the first error of an outage is
 * logged once (ioredis would otherwise print `[ioredis] Unhandled error event` lines, not JSON, on every
 * reconnection attempt), and so is the moment every connection is back, with how long it was down.
 */
export class RedisStatus {
  private readonly clients = new Map<Redis, string>();
  private downSince: number | undefined;

  constructor(
    private readonly log?: RedisLog,
    private readonly url?: string,
  ) {}

  watch(client: Redis, name: string): void {
    this.clients.set(client, name);
    client.on('error', (error: Error) => this.failed(name, error));
    client.on('ready', () => this.check());
    client.on('end', () => {
      this.clients.delete(client);
      this.check();
    });
  }

  /** Whether every watched connection that is meant to be open is connected now. */
  get ready(): boolean {
    return [...this.clients.keys()].every((c) => c.status === 'ready' || c.status === 'wait');
  }

  /** For GET /readyz: resolves at once when connected, rejects at once when not (never waits on a queue). */
  async assertReady(): Promise<void> {
    if (!this.ready) throw new Error('Redis is unreachable');
  }

  private failed(name: string, error: Error): void {
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.log?.warn(
      { redis: this.url ? redactRedisUrl(this.url) : undefined, connection: name, err: error },
      'Redis is unreachable: commands wait for it, jobs keep their leases until it is back',
    );
  }

  private check(): void {
    if (this.downSince === undefined || !this.ready) return;
    const downMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.log?.info({ downMs }, 'Redis is back');
  }
}

function silentStatus(): RedisStatus {
  return new RedisStatus();
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** Whether `client` is connected within `ms` (at once when it is): callers that must not wait out an outage. */
export function readyWithin(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    client.once('ready', onReady);
  });
}
