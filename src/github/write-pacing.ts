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
}): WritePacing {
  // Commands wait through a Redis outage (as the job queue's do) instead of failing the write.
  const connection = options.redisUrl
    ? new Bottleneck.IORedisConnection({
        client: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      })
    : undefined;
  if (connection && options.onError) connection.on('error', options.onError);
  const clustered = connection ? { datastore: 'ioredis', connection } : {};
  return {
    // Octokit's default of a full second between writes is meant for "a large number" of them; a review makes
    // five, and a second each would add seconds to every job.
    writes: new Bottleneck.Group({
      id: `pullwise-github-writes-${options.appId}`,
      maxConcurrent: 1,
      minTime: options.writeIntervalMs,
      ...clustered,
    }),
    // GitHub's documented secondary limit of 80 content-creating requests per minute; Octokit's default of
    // one per 3 s makes a review wait seconds for its own tracking comment.
    contentCreation: new Bottleneck.Group({
      id: `pullwise-github-content-${options.appId}`,
      maxConcurrent: 1,
      minTime: 750,
      ...clustered,
    }),
    close: async () => {
      await connection?.disconnect(false);
    },
  };
}
