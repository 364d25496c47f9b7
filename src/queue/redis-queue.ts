import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { PullwiseError } from '../core/errors.js';
import { openRedis, readyWithin, redactRedisUrl, type RedisStatus } from '../redis/redis-connection.js';
import { CancelFeed } from './cancel-feed.js';
import { JOB_STATES, type ClaimedJob, type Job, type JobInput, type JobLease, type JobState } from './job.js';
import type { CancelListener, EnqueueResult, JobListFilter, JobQueue } from './job-queue.js';
import { jobFromFields, newJob, type JobFields } from './redis-job-record.js';
import { QUEUE_SCRIPTS, type QueueScript } from './redis-scripts.js';

export interface RedisJobQueueOptions {
  /**
   * Every key of the queue starts with it; default 'pullwise:jobs:'. On a Redis Cluster put a hash tag in it
   * ('{pullwise}:jobs:') so that all the keys share one slot, as the scripts need.
   */
  prefix?: string;
  /** The clock for runAt, leases and timestamps; by default the Redis server's, one clock for every host. */
  now?: () => number;
  /** While a worker listens for cancellations, how often to look for ones a lost pub/sub message missed. */
  cancelLookMs?: number;
  /** The process's Redis connections: an outage is logged once, and readiness reads it. */
  status?: RedisStatus;
}

type EnqueueReply = [1, JobFields] | [0, number, string[]];

/**
 * The job queue on Redis, shared by web and worker processes on any number of hosts (`REDIS_URL`). Same
 * semantics as SqliteJobQueue; each transition is one Lua script (redis-scripts.ts), so it is atomic on the
 * server. Durable when Redis is: run it with `appendonly yes` and `appendfsync always` (a reply then means
 * the write is fsynced) and `maxmemory-policy noeviction`.
 *
 * Why not BullMQ, which was the plan: its claim (moveToActive) pops the head of one list, and what we need
 * chooses the job — a free key, the installation whose turn it is, skipping superseded jobs. BullMQ has
 * per-group concurrency and round-robin groups only in BullMQ Pro. Keeping the waiting jobs outside BullMQ and
 * feeding it one at a time would leave each job's state in two stores, and every transition (claim, retry,
 * complete, supersede, recovery) would become two writes that a crash can split: a key locked by a finished
 * job, or a retry lost. What BullMQ would have brought on top — locks, delayed jobs, stalled-job recovery — is
 * a few lines each here (a lease score, a runAt, a range query), so one store and one script per step it is.
 */
export class RedisJobQueue implements JobQueue {
  private readonly cancels: CancelFeed;
  private readonly enqueuedListeners = new Set<() => void>();
  /** One pub/sub connection for the channels this instance listens to, while it listens to any. */
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, (message: string) => void>();
  /**
   * When the command connection came back after its last break; undefined while it is down. 0 until the
   * first break: a process that just started was not cut off from anything.
   */
  private readySince: number | undefined = 0;

  /** Connects and fails fast with a clear message when Redis cannot be reached at all. */
  static async open(url: string, options: RedisJobQueueOptions = {}): Promise<RedisJobQueue> {
    // Once connected, a command waits through an outage (ioredis reconnects) instead of failing: a job's
    // outcome is recorded when Redis is back rather than lost, and an enqueue still stores its job.
    const redis = openRedis(url, {
      name: 'job queue',
      lazyConnect: true,
      scripts: QUEUE_SCRIPTS,
      ...(options.status ? { status: options.status } : {}),
    });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new PullwiseError(
        `cannot reach Redis for the job queue (REDIS_URL ${redactRedisUrl(url)}): ${(error as Error).message}; ` +
          'check REDIS_URL, or unset it to keep the queue in SQLite under PULLWISE_DATA_DIR',
        'redis-unreachable',
      );
    }
    return new RedisJobQueue(redis, options);
  }

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisJobQueueOptions,
  ) {
    redis.on('close', () => (this.readySince = undefined));
    redis.on('ready', () => (this.readySince ??= Date.now()));
    this.cancels = new CancelFeed({
      intervalMs: options.cancelLookMs ?? 1000,
      look: () => this.redis.smembers(this.key('cancelled')),
      onFirst: () => this.listen('cancel', (jobId) => this.cancels.announce(jobId)),
      onLast: () => this.unlisten('cancel'),
    });
  }

  private get prefix(): string {
    return this.options.prefix ?? 'pullwise:jobs:';
  }

  connected(waitMs: number): Promise<boolean> {
    return readyWithin(this.redis, waitMs);
  }

  connectedForMs(): number {
    return this.readySince === undefined || this.redis.status !== 'ready' ? 0 : Date.now() - this.readySince;
  }

  async enqueue(input: JobInput): Promise<EnqueueResult> {
    const payload = JSON.stringify(input.payload ?? null);
    const id = randomUUID();
    const reply = await this.run<EnqueueReply>(
      'enqueue',
      id,
      input.deliveryId,
      input.type,
      input.key,
      input.supersedes ? '1' : '0',
      input.installationId ?? '',
      payload,
    );
    if (reply[0] === 1) return { job: toJob(reply[1]), duplicate: true, supersededRunning: [] };
    const [, now, supersededRunning] = reply;
    // Workers of this process hear at once; the script also published it for the other processes.
    for (const running of supersededRunning) this.cancels.announce(running);
    this.announceEnqueued(); // the script published it for the other processes
    return { job: newJob(id, input, payload, now), duplicate: false, supersededRunning };
  }

  async claim(workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
    const claimId = randomUUID();
    const fields = await this.run<JobFields | null>('claim', workerId, leaseMs, claimId);
    return fields ? { ...toJob(fields), claimId } : null;
  }

  async heartbeat({ id, claimId }: JobLease, leaseMs: number): Promise<boolean> {
    return (await this.run<number>('heartbeat', id, claimId, leaseMs)) === 1;
  }

  async saveCheckpoint({ id, claimId }: JobLease, value: unknown): Promise<boolean> {
    const json = JSON.stringify(value ?? null);
    return (await this.run<number>('saveCheckpoint', id, claimId, json)) === 1;
  }

  async complete({ id, claimId }: JobLease, result?: unknown): Promise<boolean> {
    const json = result === undefined ? '' : JSON.stringify(result);
    return (await this.run<number>('complete', id, claimId, result === undefined ? '0' : '1', json)) === 1;
  }

  async retry({ id, claimId }: JobLease, error: string, delayMs: number): Promise<boolean> {
    return (await this.run<number>('retry', id, claimId, error, delayMs)) === 1;
  }

  async bury(job: JobLease | string, error: string): Promise<boolean> {
    return (await this.run<number>('finish', ...leaseArgs(job), 'dead', '1', error)) === 1;
  }

  async markSuperseded(job: JobLease | string): Promise<boolean> {
    return (await this.run<number>('finish', ...leaseArgs(job), 'superseded', '0', '')) === 1;
  }

  async release({ id, claimId }: JobLease): Promise<boolean> {
    return (await this.run<number>('release', id, claimId)) === 1;
  }

  recoverExpired(): Promise<number> {
    return this.run<number>('recoverExpired');
  }

  recoverWorker(workerId: string): Promise<number> {
    return this.run<number>('recoverWorker', workerId);
  }

  dueCount(): Promise<number> {
    return this.run<number>('dueCount');
  }

  prune(keepMs: number, limit: number): Promise<number> {
    return this.run<number>('prune', keepMs, limit);
  }

  async get(id: string): Promise<Job | null> {
    const fields = Object.entries(await this.redis.hgetall(this.key(`job:${id}`))).flat();
    return fields.length > 0 ? toJob(fields) : null;
  }

  async list(filter: JobListFilter = {}): Promise<Job[]> {
    const jobs = await this.run<JobFields[]>('list', filter.state ?? '', filter.limit ?? 100);
    return jobs.map(toJob);
  }

  async counts(): Promise<Record<JobState, number>> {
    const replies = await this.redis
      .multi(JOB_STATES.map((state) => ['zcard', this.key(`state:${state}`)]))
      .exec();
    return Object.fromEntries(
      JOB_STATES.map((state, i) => {
        const [error, n] = replies?.[i] ?? [new Error('no reply')];
        if (error) throw error;
        return [state, Number(n)];
      }),
    ) as Record<JobState, number>;
  }

  subscribeEnqueued(listener: () => void): () => void {
    this.enqueuedListeners.add(listener);
    if (this.enqueuedListeners.size === 1) this.listen('enqueued', () => this.announceEnqueued());
    return () => {
      if (this.enqueuedListeners.delete(listener) && this.enqueuedListeners.size === 0)
        this.unlisten('enqueued');
    };
  }

  private announceEnqueued(): void {
    for (const listener of [...this.enqueuedListeners]) listener();
  }

  subscribeCancels(listener: CancelListener): () => void {
    return this.cancels.subscribe(listener);
  }

  async close(): Promise<void> {
    this.cancels.close();
    this.enqueuedListeners.clear();
    this.channels.clear();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    // QUIT lets replies in flight arrive; while Redis is down it would wait for the reconnection.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  // ioredis subscribes again after a reconnection; what was published meanwhile, the cancel feed's looks
  // find, and the workers' polls for new jobs.
  private listen(channel: string, handler: (message: string) => void): void {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate({ lazyConnect: false });
      if (this.options.status) this.options.status.watch(subscriber, 'job queue events');
      else subscriber.on('error', () => {}); // an outage: the command connection's watcher says it
      subscriber.on('message', (from: string, message: string) => this.channels.get(from)?.(message));
      this.subscriber = subscriber;
    }
    this.channels.set(this.key(channel), handler);
    this.subscriber.subscribe(this.key(channel)).catch(() => undefined);
  }

  private unlisten(channel: string): void {
    this.channels.delete(this.key(channel));
    if (this.channels.size > 0) {
      this.subscriber?.unsubscribe(this.key(channel)).catch(() => undefined);
      return;
    }
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  private run<T>(script: QueueScript, ...args: Array<string | number>): Promise<T> {
    const command = (this.redis as unknown as Record<string, (...a: Array<string | number>) => Promise<T>>)[
      `pullwiseQueue_${script}`
    ]!;
    const now = this.options.now ? String(this.options.now()) : '';
    return command.call(this.redis, this.prefix, now, ...args);
  }
}

/** id, claim id ('' when the caller names the job only). */
function leaseArgs(job: JobLease | string): [string, string] {
  return typeof job === 'string' ? [job, ''] : [job.id, job.claimId];
}

function toJob(fields: JobFields): Job {
  const job = jobFromFields(fields);
  if (!job) throw new Error('a job hash came back empty');
  return job;
}
