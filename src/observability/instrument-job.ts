import type { Job } from '../queue/job.js';
import type { JobHandler } from '../queue/worker.js';
import { jobOutcome, type JobOutcome } from './job-outcome.js';
import { traceJob } from './tracing.js';

/** Told as each job run starts and ends (metrics); the App calls it from around its job handlers. */
export interface JobObserver {
  jobStarted(job: Job): void;
  jobFinished(job: Job, outcome: JobOutcome, durationMs: number): void;
  /** The job failed for good (the worker's `onDead`). */
  jobDead?(job: Job): void;
}

/**
 * `handler` with each run traced (one trace per job run) and told to the observers. The worker stops waiting
 * for a handler when its signal aborts (timeout, supersede, shutdown); the run is counted when the handler
 * itself returns, which a handler that honours its signal does at once.
 */
export function instrumentJob(handler: JobHandler, observers: readonly JobObserver[]): JobHandler {
  return async (job, signal, run) => {
    for (const observer of observers) observer.jobStarted(job);
    const started = performance.now();
    let failed = true;
    try {
      const result = await traceJob(job, () => handler(job, signal, run));
      failed = false;
      return result;
    } finally {
      const ms = performance.now() - started;
      for (const observer of observers) observer.jobFinished(job, jobOutcome(signal, failed), ms);
    }
  };
}
