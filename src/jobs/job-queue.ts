import type { Job, JobInput, JobState } from './job.js';

export interface EnqueueResult {
  job: Job;
  /** The delivery was seen before: `job` is the existing one and nothing changed. */
  duplicate: boolean;
  /** Ids of older running jobs this one supersedes: the caller cancels them (`JobWorker.cancel`). */
  supersededRunning: string[];
}

export interface JobListFilter {
  state?: JobState;
  /** Default 100. */
  limit?: number;
}

/**
 * The queue port: durable job storage with leases. SQLite backs it in one process; a BullMQ backend comes
 * later, so every method is async and nothing here names a backend.
 *
 * The transitions (`heartbeat` … `release`) return false when they did not apply because the job was no
 * longer running (its lease expired and it was recovered, or it was superseded meanwhile).
 */
export interface JobQueue {
  /** Durable when the promise resolves: answer the webhook only after that. */
  enqueue(input: JobInput): Promise<EnqueueResult>;
  /**
   * Takes the oldest due queued job whose key has no running job: running, attempts + 1, leased. Queued jobs
   * passed over because a newer job of their key and type supersedes them become `superseded`.
   */
  claim(workerId: string, leaseMs: number): Promise<Job | null>;
  /** Extends the lease of a running job to now + leaseMs. */
  heartbeat(id: string, leaseMs: number): Promise<boolean>;
  complete(id: string, result?: unknown): Promise<boolean>;
  /** Back to queued, due after `delayMs`; the attempt counts. */
  retry(id: string, error: string, delayMs: number): Promise<boolean>;
  /** To `dead`: no more attempts. Also applies to a queued job. */
  bury(id: string, error: string): Promise<boolean>;
  /** To `superseded`, from queued or running. */
  markSuperseded(id: string): Promise<boolean>;
  /** Back to queued at once and the attempt does not count: for a graceful shutdown. */
  release(id: string): Promise<boolean>;
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
  /** Newest first. */
  list(filter?: JobListFilter): Promise<Job[]>;
  counts(): Promise<Record<JobState, number>>;
  close(): Promise<void>;
}
