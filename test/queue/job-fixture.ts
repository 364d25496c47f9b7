import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobInput } from '../../src/queue/job.js';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { SqliteJobQueue, type SqliteJobQueueOptions } from '../../src/queue/sqlite-queue.js';
import { JobWorker, type JobHandler, type JobWorkerOptions } from '../../src/queue/worker.js';

const cleanups: Array<() => Promise<void> | void> = [];

/** Stops workers, closes queues and deletes temp dirs, newest first; call from afterEach. */
export async function cleanup(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) await step();
}

/** Runs `step` at the end of the test (after those registered later). */
export function onCleanup(step: () => Promise<void> | void): void {
  cleanups.push(step);
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullwise-jobs-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function openQueue(dir = tempDir(), options: SqliteJobQueueOptions = {}): SqliteJobQueue {
  const queue = SqliteJobQueue.open(dir, options);
  cleanups.push(() => queue.close());
  return queue;
}

let deliveries = 0;

export function jobInput(overrides: Partial<JobInput> = {}): JobInput {
  deliveries += 1;
  return {
    deliveryId: `delivery-${deliveries}`,
    type: 'review',
    key: 'octo/repo#1',
    payload: {},
    ...overrides,
  };
}

/** Fast timings so the whole folder runs in a few seconds. */
export function startWorker(
  queue: JobQueue,
  handlers: Record<string, JobHandler>,
  options: Partial<JobWorkerOptions> = {},
): JobWorker {
  const worker = new JobWorker(queue, handlers, {
    concurrency: 4,
    jobTimeoutMs: 2000,
    maxAttempts: 3,
    backoff: { baseMs: 5, maxMs: 20 },
    leaseMs: 1000,
    pollMs: 10,
    windDownMs: 500,
    ...options,
  });
  cleanups.push(() => worker.stop({ graceMs: 0 }));
  void worker.start();
  return worker;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `check` holds; fails the test with `what` after timeoutMs. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** A handler body that only ends when its signal aborts, like a well-behaved long API call. */
export function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
}

/** A clock the test moves by hand: `clock.t += 1001` to pass a lease of 1000 ms. */
export function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}
