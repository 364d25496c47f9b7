import type { Probot } from 'probot';
import type { JobQueue } from '../queue/job-queue.js';
import { jobForEvent, repositoryOf, TRIGGERED_EVENTS, type RepoTriggers } from './job-for-event.js';

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * GitHub waits 10 seconds for a webhook's answer, then records the delivery as failed ("Timed out" in the
 * App's recent deliveries). Intake answers well within that: it waits at most STORE_WAIT_MS for a store that
 * is down to come back, and at most STORE_DEADLINE_MS in all.
 */
export const STORE_WAIT_MS = 2_000;
export const STORE_DEADLINE_MS = 8_000;

/** The job store could not take the delivery in time: GitHub is answered 503 and the delivery can be redelivered. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * What happens to a verified webhook: it becomes at most one job, stored durably before this resolves — and
 * so before GitHub is answered. Nothing slow happens here and nothing talks to GitHub, which is why intake
 * does not go through Probot's event dispatch: that builds an installation-authenticated Octokit for every
 * event, which intake never uses (the job gets its own from `probot.auth` when it runs).
 */
export function enqueueEvents(options: {
  queue: JobQueue;
  /** The repository's triggers as its jobs learned them (TriggerStore), or the defaults. */
  triggers: (owner: string, repo: string) => Promise<RepoTriggers>;
  log: Probot['log'];
  /** STORE_WAIT_MS and STORE_DEADLINE_MS, for tests. */
  storeWaitMs?: number;
  storeDeadlineMs?: number;
}): (event: WebhookEvent) => Promise<void> {
  const waitMs = options.storeWaitMs ?? STORE_WAIT_MS;
  const deadlineMs = options.storeDeadlineMs ?? STORE_DEADLINE_MS;
  return async (event) => {
    const { queue } = options;
    const started = Date.now();
    const left = () => Math.max(1, deadlineMs - (Date.now() - started));
    // Comments and labels are matched against the repository's own phrase and label: read them first (the
    // same store as the jobs when scaled out, so its outage is met below the same way).
    const repo = repositoryOf(event.payload);
    const triggers =
      repo && TRIGGERED_EVENTS.has(event.name)
        ? await withDeadline(options.triggers(repo.owner, repo.repo), left())
        : undefined;
    const job = jobForEvent(event.name, event.payload, event.id, () => {
      if (!triggers)
        throw new Error(`${event.name} needs the repository's triggers: add it to TRIGGERED_EVENTS`);
      return triggers;
    });
    if (!job) return;
    // Asked before sending: an enqueue while Redis is down would wait in ioredis's queue for the outage.
    if (queue.connected && !(await queue.connected(waitMs))) {
      throw new StoreUnavailableError(`the job store is unreachable (waited ${waitMs / 1000} s)`);
    }
    const { job: stored, duplicate } = await withDeadline(queue.enqueue(job), left());
    options.log.debug(
      { job: stored.id, type: stored.type, key: stored.key, duplicate },
      duplicate ? 'duplicate delivery' : 'job queued',
    );
    // No wake-up call: the workers, here or in other processes, hear of the new job from the queue.
  };
}

/**
 * `work`, or a StoreUnavailableError once `ms` have passed. The enqueue itself cannot be taken back: if the store
 * answers later the job is stored, and GitHub's redelivery of the failed delivery is then a duplicate.
 */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`the job store did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
