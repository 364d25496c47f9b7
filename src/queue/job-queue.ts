import type { ClaimedJob, Job, JobInput, JobLease, JobState } from './job.js';

export interface EnqueueResult {
  job: Job;
  /** The delivery was seen before: `job` is the existing one and nothing changed. */
  duplicate: boolean;
  /**
   * Ids of older running jobs this one supersedes. Whichever worker runs them hears of it through
   * `subscribeCancels`, in this process or another; the caller need not cancel them.
   */
  supersededRunning: string[];
}

export interface JobListFilter {
  state?: JobState;
  /** Default 100; below 1 lists nothing. */
  limit?: number;
}

/** Told that a running job should stop; `reason` is 'superseded' (a newer job of its key and type came). */
export type CancelListener = (jobId: string, reason: 'superseded') => void;

/**
 * The queue port: durable job storage with leases, shared by every process that opens the same store
 * (SQLite: one data dir on one machine; Redis: one server and key prefix). Every method is async and nothing
 * here names a backend.
 *
 * The transitions (`heartbeat` … `release`) name the claim they act for and return false when they did not
 * apply because that claim no longer holds the job: it finished, its lease expired and it was recovered (and
 * maybe claimed again, by this worker or another), or it was superseded meanwhile.
 */
export interface JobQueue {
  /** Durable when the promise resolves: answer the webhook only after that. */
  enqueue(input: JobInput): Promise<EnqueueResult>;
  /**
   * Takes a due queued job whose key has no running job: running, attempts + 1, leased. Installations take
   * turns: among those with such a job, the one served least recently (never served counts as longest ago;
   * jobs without an installation are one group), then its oldest such job — so one installation with many
   * jobs cannot starve the others. Queued jobs passed over because a newer job of their key and type
   * supersedes them become `superseded`.
   */
  claim(workerId: string, leaseMs: number): Promise<ClaimedJob | null>;
  /** Extends the lease of a running job to now + leaseMs. */
  heartbeat(lease: JobLease, leaseMs: number): Promise<boolean>;
  /**
   * Keeps `value` (JSON) with the job for its later attempts, which get it as `checkpoint` when they claim
   * it: work that cost money (a finished review) is not paid for again when only its publishing failed.
   * Replaces what was kept before; only while the claim holds the job.
   */
  saveCheckpoint(lease: JobLease, value: unknown): Promise<boolean>;
  complete(lease: JobLease, result?: unknown): Promise<boolean>;
  /** Back to queued, due after `delayMs`; the attempt counts. */
  retry(lease: JobLease, error: string, delayMs: number): Promise<boolean>;
  /**
   * To `dead`: no more attempts; to `superseded` instead when a newer job superseded it while it ran (the
   * newer job does its work: nothing is lost). Given a lease, only while that claim holds the job; given an id, a queued
   * job or a running one whoever holds it (an operator's decision).
   */
  bury(job: JobLease | string, error: string): Promise<boolean>;
  /** To `superseded`, from queued or running; a lease or an id as for `bury`. */
  markSuperseded(job: JobLease | string): Promise<boolean>;
  /** Back to queued at once and the attempt does not count: for a graceful shutdown. */
  release(lease: JobLease): Promise<boolean>;
  /** Running jobs whose lease expired go back to queued: how a job survives a crash. */
  recoverExpired(): Promise<number>;
  /**
   * Running jobs claimed under `workerId` go back to queued whatever their lease: a worker calls this as it
   * starts, when it holds nothing yet, so anything under its id comes from a previous life that crashed.
   */
  recoverWorker(workerId: string): Promise<number>;
  /** Queued jobs that are due now (backoff over), whether or not their key is free. */
  dueCount(): Promise<number>;
  get(id: string): Promise<Job | null>;
  /**
   * Deletes up to `limit` finished jobs (done, dead, superseded) last updated more than `keepMs` ago, the
   * first enqueued first, and returns how many. Their deliveries are forgotten too: a redelivery after that
   * is a new job.
   * A superseding job is what keeps the older queued jobs of its key and type from running (they are passed
   * over when a claim reaches them): keep `keepMs` longer than any retry delay, or an older job still waiting
   * out its backoff could run once the newer one is gone. JobWorker refuses a retention that is not.
   */
  prune(keepMs: number, limit: number): Promise<number>;
  /** Newest first. */
  list(filter?: JobListFilter): Promise<Job[]>;
  counts(): Promise<Record<JobState, number>>;
  /**
   * Calls `listener` when a running job is superseded by an enqueue in any process sharing the store, within
   * about a second. At least once: the same id may come again, and ids of jobs other workers run come too.
   * Returns the unsubscribe function.
   */
  subscribeCancels(listener: CancelListener): () => void;
  /**
   * Calls `listener` soon after a new job is enqueued: through this instance, and on Redis by any process
   * sharing the store, so a worker starts a job a web process took without waiting for its next poll. Best
   * effort (a message lost while Redis is down is not repeated): workers still poll. Returns the unsubscribe.
   */
  subscribeEnqueued(listener: () => void): () => void;
  /**
   * Whether the store is connected, waiting up to `waitMs` for it to come back when it is not. Only stores
   * that can be down without the process knowing (Redis) have it; a missing method means always connected.
   * Webhook intake asks first, so a delivery during an outage is refused at once instead of waiting for it.
   */
  connected?(waitMs: number): Promise<boolean>;
  /**
   * How long the store has been connected since its last break, in ms (0 while it is down; as good as
   * forever when there was none since the store was opened). Only stores that can
   * be down have it. A worker recovers expired leases only once it is longer than a lease: the leases that
   * ran out during an outage belong to workers that could not renew them, and they get one lease to do so.
   */
  connectedForMs?(): number;
  close(): Promise<void>;
}
