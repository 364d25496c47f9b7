export const JOB_STATES = ['queued', 'running', 'done', 'dead', 'superseded'] as const;

/** `done`, `dead` and `superseded` are final; `queued` ⇄ `running` until then. */
export type JobState = (typeof JOB_STATES)[number];

export interface JobInput {
  /** X-GitHub-Delivery: the same delivery twice makes ONE job (GitHub may send a webhook more than once). */
  deliveryId: string;
  /** 'review' | 'ask' | 'help' | … — an open set; the worker needs a handler for each. */
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
}
