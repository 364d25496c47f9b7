import type { ApplicationFunction } from 'probot';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobWorker } from '../jobs/worker.js';
import { jobForEvent } from './intake.js';

/**
 * The Probot app: every webhook (signature already verified by Probot) becomes at most one job, stored
 * durably before the handler returns — and so before Probot answers GitHub. Nothing slow happens here.
 */
export function pullwiseApp(options: {
  queue: JobQueue;
  worker?: JobWorker;
  triggerPhrase: (owner: string, repo: string) => string;
}): ApplicationFunction {
  // (app.log is Probot's pino logger; the webhook event passed to onAny carries no logger of its own.)
  return (app) => {
    app.onAny(async (context) => {
      const job = jobForEvent(context.name, context.payload, context.id, options.triggerPhrase);
      if (!job) return;
      const { job: stored, duplicate, supersededRunning } = await options.queue.enqueue(job);
      app.log.debug(
        { job: stored.id, type: stored.type, key: stored.key, duplicate },
        duplicate ? 'duplicate delivery' : 'job queued',
      );
      for (const id of supersededRunning) options.worker?.cancel(id, 'superseded');
      options.worker?.notify();
    });
  };
}
