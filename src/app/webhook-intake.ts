import type { Probot } from 'probot';
import type { JobQueue } from '../jobs/job-queue.js';
import { jobForEvent, type RepoTriggers } from './intake.js';

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * What happens to a verified webhook: it becomes at most one job, stored durably before this resolves — and
 * so before GitHub is answered. Nothing slow happens here and nothing talks to GitHub, which is why intake
 * does not go through Probot's event dispatch: that builds an installation-authenticated Octokit for every
 * event, which intake never uses (the job gets its own from `probot.auth` when it runs).
 */
export function webhookIntake(options: {
  queue: JobQueue;
  triggers: (owner: string, repo: string) => RepoTriggers;
  log: Probot['log'];
}): (event: WebhookEvent) => Promise<void> {
  return async (event) => {
    const job = jobForEvent(event.name, event.payload, event.id, options.triggers);
    if (!job) return;
    const { job: stored, duplicate } = await options.queue.enqueue(job);
    options.log.debug(
      { job: stored.id, type: stored.type, key: stored.key, duplicate },
      duplicate ? 'duplicate delivery' : 'job queued',
    );
    // No wake-up call: the workers, here or in other processes, hear of the new job from the queue.
  };
}
