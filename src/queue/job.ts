export const JOB_STATES = ['queued', 'running', 'done', 'dead', 'superseded'] as const;

/** `done`, `dead` and `superseded` are final; `queued` ⇄ `running` until then. */
export type JobState = (typeof JOB_STATES)[number];

export interface JobInput {
  /** X-GitHub-Delivery: the same delivery twice makes ONE job (GitHub may send a webhook more than once). */
  deliveryId: string;
  /** The queue's types are an open set (the App's are `JobType`); the worker needs a handler for each. */
  type: string;
  /** Jobs with the same key never run at the same time, e.g. 'owner/repo#12'. */
  key: string;
  /** When true, older queued or running jobs with the same key AND type are superseded by this one. */
  supersedes?: boolean;
  installationId?: number;
  /** Stored as JSON. */
  payload: unknown;
}

export interface Job extends JobInput {
  id: string;
  state: JobState;
  /** Claims so far, including one that is running now (a graceful release gives its claim back). */
  attempts: number;
  /** Not claimed before this time (ms since the epoch): set by a retry's backoff. */
  runAt: number;
  createdAt: number;
  updatedAt: number;
  lastError?: string;
  result?: unknown;
  /** What an earlier attempt kept for the next (see JobQueue.saveCheckpoint); the newest saved. */
  checkpoint?: unknown;
}

/**
 * A job as the worker that claimed it holds it. `claimId` is new at every claim: the transitions a holder makes
 * (heartbeat, complete, retry, release…) name it, so a holder whose lease ran out while it was stalled (a long
 * GC pause, a frozen VM) changes nothing once another worker has claimed the job again — it can neither end
 * the other's run nor put the job back in the queue while it runs.
 */
export interface ClaimedJob extends Job {
  claimId: string;
}

/** What names a claim in the transitions: a ClaimedJob is one. */
export type JobLease = Pick<ClaimedJob, 'id' | 'claimId'>;
