import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';

/**
 * How an installation's GitHub writes are paced, as Octokit's throttling plugin takes it (`write` and
 * `notifications` groups, keyed by installation). GitHub asks for writes one at a time per token and limits
 * content creation (comments, reviews) to 80 a minute: scaled out, the token is shared by every worker, so on
 * Redis the pacing is too (Bottleneck's own clustering, which keeps each limiter's state in Redis).
 */
export interface WritePacing {
  writes: Bottleneck.Group;
  contentCreation: Bottleneck.Group;
  close(): Promise<void>;
}

export function createWritePacing(options: {
  /** The App's id: two Apps sharing one Redis keep their own pacing. */
  appId: string;
  /** The least time between two writes of one installation (PULLWISE_GITHUB_WRITE_INTERVAL_MS). */
  writeIntervalMs: number;
  redisUrl?: string | undefined;
  onError?: (error: Error) => void;
  /** How long a turn may last once it comes, on Redis (see expireReservations); tests shorten it. */
  turnExpiresMs?: number;
}): WritePacing {
  // Commands wait through a Redis outage (as the job queue's do) instead of failing the write.
  const connection = options.redisUrl
    ? new Bottleneck.IORedisConnection({
        client: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      })
    : undefined;
  if (connection && options.onError) connection.on('error', options.onError);
  const clustered = connection ? { datastore: 'ioredis', connection } : {};
  const writes = new Bottleneck.Group({
    id: `pullwise-github-writes-${options.appId}`,
    maxConcurrent: 1,
    minTime: options.writeIntervalMs,
    ...clustered,
  });
  const contentCreation = new Bottleneck.Group({
    id: `pullwise-github-content-${options.appId}`,
    maxConcurrent: 1,
    minTime: 750,
    ...clustered,
  });
  if (connection) {
    const turnMs = options.turnExpiresMs ?? 10_000;
    expireReservations(writes, options.writeIntervalMs + turnMs);
    expireReservations(contentCreation, 750 + turnMs);
  }
  return {
    // Octokit's default of a full second between writes is meant for "a large number" of them; a review makes
    // five, and a second each would add seconds to every job. GitHub's documented secondary limit is 80
    // content-creating requests per minute; Octokit's default of one per 3 s would make a review wait seconds
    // for its own tracking comment.
    writes,
    contentCreation,
    close: async () => {
      await connection?.disconnect(false);
    },
  };
}

/**
 * A worker that dies between reserving its installation's turn and taking it (SIGKILL, OOM: up to `minTime`
 * apart) would hold the turn in Redis for good, stopping that installation's writes in every worker:
 * clustered Bottleneck frees a dead client's reservation only when the job has an `expiration`. Octokit's
 * throttling gives one only when it manages the connection itself, so each job scheduled on `group` gets one
 * here, counted from the reservation: the wait for the turn (at most about `minTime`) plus the turn itself.
 * The jobs it paces are Octokit's empty placeholders (the request runs after them), so a 10 s turn never cuts
 * a live one short.
 */
function expireReservations(group: Bottleneck.Group, expiration: number): void {
  group.on('created', (limiter: Bottleneck) => {
    const schedule = limiter.schedule.bind(limiter) as (...args: unknown[]) => Promise<unknown>;
    (limiter as { schedule: (...args: unknown[]) => Promise<unknown> }).schedule = (...args: unknown[]) =>
      typeof args[0] === 'function'
        ? schedule({ expiration }, ...args)
        : schedule({ ...(args[0] as object), expiration }, ...args.slice(1));
  });
}
