import { JobCancelledError, JobTimeoutError, WorkerStoppingError } from '../queue/job-errors.js';

/**
 * How one run of a job handler ended, as seen from around the handler. `failed` may still be retried: the
 * worker decides, and a job that fails for good is counted again as dead (`JobObserver.jobDead`).
 */
export type JobOutcome = 'done' | 'failed' | 'timeout' | 'superseded' | 'cancelled' | 'requeued';

/** The outcome of a run that returned or `failed` (threw) while its job's signal was `signal`. */
export function jobOutcome(signal: AbortSignal, failed: boolean): JobOutcome {
  // As in the worker, an abort decides the outcome whatever the handler threw on its way out.
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  if (reason instanceof WorkerStoppingError) return 'requeued';
  if (reason instanceof JobTimeoutError) return 'timeout';
  if (reason instanceof JobCancelledError) return reason.reason === 'superseded' ? 'superseded' : 'cancelled';
  return reason !== undefined || failed ? 'failed' : 'done';
}
