import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { Job } from '../../src/queue/job.js';
import { JobCancelledError, JobTimeoutError, PermanentJobError } from '../../src/queue/job-errors.js';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { JobWorker } from '../../src/queue/worker.js';
import * as z from 'zod';
import { cleanup, jobInput, sleep, startWorker, until, waitForAbort } from './job-fixture.js';
import type { QueueBackend } from './queue-backends.js';

interface Span {
  key: string;
  start: number;
  end: number;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

async function stateOf(queue: JobQueue, id: string) {
  return (await queue.get(id))?.state;
}

/** JobWorker's behaviour, the same on every queue backend. */
export function jobWorkerContract(backend: QueueBackend): void {
  afterEach(cleanup);

  const openQueue = async () => (await backend.newStore()).open();

  describe(`JobWorker on ${backend.name}`, () => {
    test('jobs of one key never overlap while different keys run in parallel', async () => {
      const queue = await openQueue();
      for (const key of ['a', 'a', 'a', 'b', 'b']) await queue.enqueue(jobInput({ key }));
      const spans: Span[] = [];
      const worker = startWorker(queue, {
        review: async (job) => {
          const start = performance.now();
          await sleep(40);
          spans.push({ key: job.key, start, end: performance.now() });
        },
      });
      await worker.idle();

      expect(spans).toHaveLength(5);
      for (const key of ['a', 'b']) {
        const same = spans.filter((span) => span.key === key);
        for (const [i, span] of same.entries())
          for (const other of same.slice(i + 1)) expect(overlaps(span, other)).toBe(false);
      }
      const a = spans.filter((span) => span.key === 'a');
      const b = spans.filter((span) => span.key === 'b');
      expect(a.some((x) => b.some((y) => overlaps(x, y)))).toBe(true);
    });

    test('never runs more than `concurrency` jobs at once', async () => {
      const queue = await openQueue();
      for (let i = 0; i < 6; i += 1) await queue.enqueue(jobInput({ key: `k${i}` }));
      let now = 0;
      let most = 0;
      const worker = startWorker(
        queue,
        {
          review: async () => {
            most = Math.max(most, ++now);
            await sleep(30);
            now -= 1;
          },
        },
        { concurrency: 2 },
      );
      await worker.idle();
      expect(most).toBe(2);
      expect((await queue.counts()).done).toBe(6);
    });

    test('a job enqueued through the queue starts without waiting for the poll, no notify() needed', async () => {
      const queue = await openQueue();
      startWorker(queue, { review: async () => 'ok' }, { pollMs: 60_000 });
      await sleep(20);
      const { job } = await queue.enqueue(jobInput());
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done', 1000);
    });

    test('notify() starts an enqueued job without waiting for the poll', async () => {
      const queue = await openQueue();
      const worker = startWorker(queue, { review: async () => 'ok' }, { pollMs: 60_000 });
      await sleep(20);
      const { job } = await queue.enqueue(jobInput());
      worker.notify();
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done', 500);
    });

    test('with a retention, finished jobs are deleted once older than it; without one they stay', async () => {
      const store = await backend.newStore();
      const pruned = await store.open();
      const kept = await store.open();
      const keeping = startWorker(kept, { review: async () => 'ok' });
      const first = (await kept.enqueue(jobInput({ key: 'a' }))).job;
      await until('the first job is done', async () => (await stateOf(kept, first.id)) === 'done');
      await sleep(300); // past the 200 ms below: a worker without a retention deletes nothing
      expect(await kept.get(first.id)).toMatchObject({ state: 'done' });
      await keeping.stop({ graceMs: 0 });

      startWorker(pruned, { review: async () => 'ok' }, { retention: { keepMs: 200, everyMs: 20 } });
      const second = (await pruned.enqueue(jobInput({ key: 'b' }))).job;
      await until('the second job is done', async () => (await stateOf(pruned, second.id)) === 'done');
      await until('both finished jobs are deleted', async () => (await pruned.counts()).done === 0, 5000);
      expect(await pruned.get(first.id)).toBeNull();
      expect(await pruned.get(second.id)).toBeNull();
    });

    test('a retention no longer than the longest retry delay is refused', async () => {
      const queue = await openQueue();
      expect(() =>
        startWorker(
          queue,
          {},
          { backoff: { baseMs: 5, maxMs: 60_000 }, retention: { keepMs: 60_000, everyMs: 10 } },
        ),
      ).toThrow('retention longer than the longest retry delay');
    });

    test('a running job superseded by a newer one is cancelled through its signal, then the newer one runs', async () => {
      const queue = await openQueue();
      const events: string[] = [];
      let reason: unknown;
      const worker = startWorker(queue, {
        review: async (job, signal) => {
          events.push(`start ${(job.payload as { n: number }).n}`);
          if ((job.payload as { n: number }).n === 2) return 'reviewed';
          try {
            return await waitForAbort(signal);
          } finally {
            reason = signal.reason;
            events.push('end 1');
          }
        },
      });
      const old = (await queue.enqueue(jobInput({ key: 'pr', supersedes: true, payload: { n: 1 } }))).job;
      await until('the old job runs', () => worker.running().includes(old.id));

      const newer = await queue.enqueue(jobInput({ key: 'pr', supersedes: true, payload: { n: 2 } }));
      expect(newer.supersededRunning).toEqual([old.id]);
      worker.notify(); // no cancel call: the worker hears of it from the queue
      await until('the old job is superseded', async () => (await stateOf(queue, old.id)) === 'superseded');
      await worker.idle();

      expect(reason).toEqual(new JobCancelledError('superseded'));
      expect(await queue.get(old.id)).toMatchObject({ state: 'superseded', attempts: 1 });
      expect(await queue.get(newer.job.id)).toMatchObject({ state: 'done', result: 'reviewed' });
      expect(events).toEqual(['start 1', 'end 1', 'start 2']);
    });

    test('a job superseded by an enqueue in another process is cancelled there, then the newer one runs', async () => {
      const store = await backend.newStore();
      const [workerProcess, webProcess] = [await store.open(), await store.open()];
      const reasons: unknown[] = [];
      const worker = startWorker(workerProcess, {
        review: async (job, signal) => {
          if ((job.payload as { n: number }).n === 2) return 'reviewed';
          return waitForAbort(signal).finally(() => reasons.push(signal.reason));
        },
      });
      const old = (await webProcess.enqueue(jobInput({ key: 'pr', supersedes: true, payload: { n: 1 } })))
        .job;
      await until('the old job runs', () => worker.running().includes(old.id));

      const newer = await webProcess.enqueue(jobInput({ key: 'pr', supersedes: true, payload: { n: 2 } }));
      await until(
        'the newer job is done',
        async () => (await stateOf(webProcess, newer.job.id)) === 'done',
        5000,
      );

      expect(reasons).toEqual([new JobCancelledError('superseded')]);
      expect(await webProcess.get(old.id)).toMatchObject({ state: 'superseded', attempts: 1 });
    });

    test('a failing job is retried with growing backoff until it succeeds', async () => {
      const queue = await openQueue();
      const starts: number[] = [];
      startWorker(
        queue,
        {
          review: async () => {
            starts.push(performance.now());
            if (starts.length < 3) throw new Error(`flaky ${starts.length}`);
            return 'ok';
          },
        },
        { maxAttempts: 5, backoff: { baseMs: 40, maxMs: 1000 }, random: () => 1 },
      );
      const { job } = await queue.enqueue(jobInput());
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done');

      expect(await queue.get(job.id)).toMatchObject({ attempts: 3, lastError: 'flaky 2', result: 'ok' });
      const [first = 0, second = 0, third = 0] = starts;
      expect(second - first).toBeGreaterThanOrEqual(38); // 40 ms after attempt 1
      expect(third - second).toBeGreaterThanOrEqual(78); // 80 ms after attempt 2
    });

    test('after maxAttempts failures the job is dead and onDead is told once, with the last error', async () => {
      const queue = await openQueue();
      const onDead = jest.fn(async (_job: Job, _error: Error) => {});
      let calls = 0;
      startWorker(
        queue,
        {
          review: async () => {
            calls += 1;
            throw new Error(`boom ${calls}`);
          },
        },
        { maxAttempts: 3, onDead },
      );
      const { job } = await queue.enqueue(jobInput());
      // onDead comes after the job is dead (the worker reads the buried job back for it).
      await until('onDead is told', () => onDead.mock.calls.length > 0);
      await sleep(30);

      expect(calls).toBe(3);
      expect(onDead).toHaveBeenCalledTimes(1);
      const [deadJob, error] = onDead.mock.calls[0]!;
      expect(deadJob).toMatchObject({ id: job.id, state: 'dead', attempts: 3, lastError: 'boom 3' });
      expect(error.message).toBe('boom 3');
    });

    test.each([
      ['a PermanentJobError', new PermanentJobError('the repository config is invalid')],
      [
        'an error marked permanent',
        Object.assign(new Error('the repository config is invalid'), { permanent: true }),
      ],
    ])('%s buries the job after one attempt', async (_name, thrown) => {
      const queue = await openQueue();
      const onDead = jest.fn(async () => {});
      const review = jest.fn(async () => {
        throw thrown;
      });
      startWorker(queue, { review }, { maxAttempts: 5, onDead });
      const { job } = await queue.enqueue(jobInput());
      await until('onDead is told', () => onDead.mock.calls.length > 0);

      expect(review).toHaveBeenCalledTimes(1);
      expect(await stateOf(queue, job.id)).toBe('dead');
      expect(onDead).toHaveBeenCalledWith(expect.objectContaining({ id: job.id }), thrown);
      expect((await queue.get(job.id))?.lastError).toBe('the repository config is invalid');
    });

    test('a job that fails for good after a newer one superseded it is not dead: no onDead, the newer one runs', async () => {
      const store = await backend.newStore();
      const queue = await store.open();
      const web = await store.open(); // the superseding webhook arrives through another process
      const onDead = jest.fn(async (_job: Job, _error: Error) => {});
      const ran: string[] = [];
      let newer = '';
      startWorker(
        queue,
        {
          review: async (job) => {
            ran.push(job.id);
            if (ran.length > 1) return 'reviewed the new head';
            newer = (await web.enqueue(jobInput({ key: job.key, supersedes: true }))).job.id;
            throw new Error('HTTP 502 on its last attempt'); // before its worker hears of the newer job
          },
        },
        { maxAttempts: 1, onDead },
      );
      const { job } = await queue.enqueue(jobInput({ supersedes: true }));
      await until(
        'the newer job is done',
        async () => newer !== '' && (await stateOf(queue, newer)) === 'done',
      );
      expect(await stateOf(queue, job.id)).toBe('superseded');
      expect(ran).toEqual([job.id, newer]);
      expect(onDead).not.toHaveBeenCalled();
    });

    test('a failing onDead is logged, not thrown', async () => {
      const queue = await openQueue();
      const logged: string[] = [];
      const logger = { info() {}, warn() {}, error: (_obj: object, msg: string) => void logged.push(msg) };
      const worker = startWorker(
        queue,
        { review: async () => Promise.reject(new PermanentJobError('nope')) },
        { onDead: async () => Promise.reject(new Error('GitHub is down')), logger },
      );
      await queue.enqueue(jobInput());
      await until('onDead failed', () => logged.includes('onDead failed'));
      await worker.idle();
      expect((await queue.counts()).dead).toBe(1);
    });

    test('an unknown job type is buried with an error naming it', async () => {
      const queue = await openQueue();
      startWorker(queue, { review: async () => 'ok' });
      const { job } = await queue.enqueue(jobInput({ type: 'mystery' }));
      await until('the job is dead', async () => (await stateOf(queue, job.id)) === 'dead');
      expect((await queue.get(job.id))?.lastError).toBe('no handler for job type "mystery" (known: review)');
    });

    test('a payload that does not match its type’s schema is buried after one look, with what is wrong; a valid one runs parsed', async () => {
      const queue = await openQueue();
      const onDead = jest.fn(async (_job: Job, _error: Error) => {});
      const seen: unknown[] = [];
      const payloads = { review: z.object({ pull_number: z.number().int().positive() }) };
      startWorker(queue, { review: async (job) => void seen.push(job.payload) }, { payloads, onDead });
      const bad = (await queue.enqueue(jobInput({ payload: { pull_number: '12' } }))).job;
      const good = (
        await queue.enqueue(jobInput({ key: 'octo/repo#2', payload: { pull_number: 2, extra: 1 } }))
      ).job;
      await until(
        'both are finished',
        async () => (await stateOf(queue, good.id)) === 'done' && onDead.mock.calls.length > 0,
      );

      expect(await queue.get(bad.id)).toMatchObject({ state: 'dead', attempts: 1 });
      expect((await queue.get(bad.id))?.lastError).toMatch(
        /^the "review" job's payload is invalid: .*expected number, received string.*→ at pull_number/,
      );
      expect(seen).toEqual([{ pull_number: 2 }]); // parsed: what the schema does not name is not passed on
    });

    test('a worker given payload schemas needs one for every handler', () => {
      expect(
        () =>
          new JobWorker(
            {} as JobQueue,
            { review: async () => 'ok', fix: async () => 'ok' },
            {
              concurrency: 1,
              jobTimeoutMs: 1,
              maxAttempts: 1,
              backoff: { baseMs: 1, maxMs: 1 },
              leaseMs: 1,
              pollMs: 1,
              payloads: { review: z.object({}) },
            },
          ),
      ).toThrow('JobWorker has no payload schema for: fix');
    });

    test('a job over its timeout is aborted with a timeout error and retried', async () => {
      const queue = await openQueue();
      const reasons: unknown[] = [];
      startWorker(
        queue,
        {
          review: async (_job, signal) => {
            if (reasons.length > 0) return 'second time lucky';
            reasons.push('pending');
            return waitForAbort(signal).finally(() => (reasons[0] = signal.reason));
          },
        },
        { jobTimeoutMs: 50 },
      );
      const { job } = await queue.enqueue(jobInput());
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done');

      expect(reasons[0]).toBeInstanceOf(JobTimeoutError);
      expect(await queue.get(job.id)).toMatchObject({ attempts: 2, lastError: 'job timed out after 50 ms' });
    });

    test('a superseded job keeps its key while its handler winds down: the newer job sees its last write', async () => {
      const queue = await openQueue();
      const events: string[] = [];
      startWorker(queue, {
        review: async (job, signal) => {
          events.push(`start ${job.id}`);
          if (events.length > 1) return 'ok';
          await waitForAbort(signal).catch(() => undefined);
          await sleep(150); // a write that was in flight when the abort came
          events.push(`write landed ${job.id}`);
          return 'ok';
        },
      });
      const old = (await queue.enqueue(jobInput({ key: 'pr', supersedes: true }))).job;
      await until('the old job runs', () => events.length === 1);
      const newer = (await queue.enqueue(jobInput({ key: 'pr', supersedes: true }))).job;
      await until('the newer job is done', async () => (await stateOf(queue, newer.id)) === 'done');
      expect(events).toEqual([`start ${old.id}`, `write landed ${old.id}`, `start ${newer.id}`]);
      expect(await stateOf(queue, old.id)).toBe('superseded');
    });

    test('a handler that ignores its signal does not keep its slot past the timeout', async () => {
      const queue = await openQueue();
      let calls = 0;
      startWorker(
        queue,
        { review: () => (++calls === 1 ? new Promise<never>(() => {}) : Promise.resolve('ok')) },
        { jobTimeoutMs: 50, concurrency: 1 },
      );
      const { job } = await queue.enqueue(jobInput());
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done');
      expect(calls).toBe(2);
    });

    test('a handler that ignores its signal may write while it winds down, and not once its run is over', async () => {
      const queue = await openQueue();
      const confirmations: Array<Promise<string>> = [];
      let calls = 0;
      const worker = startWorker(
        queue,
        {
          review: async (_job, signal, run) => {
            if (++calls > 1) return 'second attempt';
            await waitForAbort(signal).catch(() => undefined); // timed out: it carries on regardless
            confirmations.push(
              run.confirmLease().then(
                () => 'allowed',
                () => 'refused',
              ),
            ); // winding down
            await sleep(300); // past the wind-down: the worker has moved on without it
            confirmations.push(
              run.confirmLease().then(
                () => 'allowed',
                () => 'refused',
              ),
            );
            return 'too late';
          },
        },
        { jobTimeoutMs: 50, windDownMs: 100, concurrency: 1 },
      );
      const { job } = await queue.enqueue(jobInput());
      await until('both checks were made', () => confirmations.length === 2);
      expect(await Promise.all(confirmations)).toEqual(['allowed', 'refused']);
      await worker.idle();
      expect(await queue.get(job.id)).toMatchObject({ state: 'done', result: 'second attempt' });
    });

    test('heartbeats keep the lease of a job that runs longer than the lease', async () => {
      const queue = await openQueue();
      const review = jest.fn(async () => sleep(250));
      const worker = startWorker(queue, { review }, { leaseMs: 60 });
      const { job } = await queue.enqueue(jobInput());
      await until('the job is done', async () => (await stateOf(queue, job.id)) === 'done');
      await worker.idle();
      expect(review).toHaveBeenCalledTimes(1);
      expect((await queue.get(job.id))?.attempts).toBe(1);
    });

    test('stop() waits for a job that finishes within the grace period', async () => {
      const queue = await openQueue();
      const worker = startWorker(queue, { review: async () => sleep(40).then(() => 'finished') });
      const { job } = await queue.enqueue(jobInput());
      await until('the job runs', () => worker.running().includes(job.id));
      await worker.stop({ graceMs: 2000 });
      expect(await queue.get(job.id)).toMatchObject({ state: 'done', result: 'finished' });
    });

    test('stop() past the grace period requeues a running job without counting the attempt', async () => {
      const queue = await openQueue();
      const first = startWorker(queue, { review: (_job, signal) => waitForAbort(signal) });
      const { job } = await queue.enqueue(jobInput());
      await until('the job runs', () => first.running().includes(job.id));
      await first.stop({ graceMs: 20 });
      expect(await queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });

      const second = startWorker(queue, { review: async () => 'done after restart' });
      await second.idle();
      expect(await queue.get(job.id)).toMatchObject({
        state: 'done',
        attempts: 1,
        result: 'done after restart',
      });
    });

    test('a job left running by a crash is requeued once its lease expires and completed exactly once', async () => {
      const store = await backend.newStore();
      const crashed = await store.open();
      const { job } = await crashed.enqueue(jobInput());
      expect(await crashed.claim('dead-worker', 30_000)).toMatchObject({ id: job.id, state: 'running' });
      // The process dies mid-job: the queue object is dropped without complete() or close().

      const afterLease = await store.open({ now: () => Date.now() + 30_001 });
      const review = jest.fn(async () => 'reviewed');
      const worker = startWorker(afterLease, { review });
      await worker.idle();
      await sleep(30);

      expect(review).toHaveBeenCalledTimes(1);
      expect(await afterLease.get(job.id)).toMatchObject({ state: 'done', attempts: 2, result: 'reviewed' });
    });

    test('just after the store was down, a lease that ran out meanwhile is left to its holder for one lease', async () => {
      const store = await backend.newStore();
      const holder = await store.open();
      const { job } = await holder.enqueue(jobInput());
      await holder.claim('holder', 30_000);
      // Another worker, whose connection to the store has just come back after the holder's lease ran out.
      const later = await store.open({ now: () => Date.now() + 30_001 });
      let upMs = 0;
      const reconnected = new Proxy(later, {
        get: (target, name, receiver) => {
          if (name === 'connectedForMs') return () => upMs;
          const value: unknown = Reflect.get(target, name, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const review = jest.fn(async () => 'reviewed');
      startWorker(reconnected, { review }, { leaseMs: 200 });
      await sleep(700); // three recovery rounds
      expect(review).not.toHaveBeenCalled();
      expect((await later.get(job.id))?.state).toBe('running');
      upMs = 200; // connected for a whole lease: the holder had its chance to renew
      await until('the job to be recovered and run', () => review.mock.calls.length === 1);
    });

    test('a worker restarting under the same id requeues its crashed jobs without waiting for the lease', async () => {
      const store = await backend.newStore();
      const crashed = await store.open();
      const { job } = await crashed.enqueue(jobInput());
      await crashed.claim('serve', 60_000);

      const review = jest.fn(async () => 'reviewed');
      const worker = startWorker(await store.open(), { review }, { workerId: 'serve' });
      await worker.idle();
      expect(review).toHaveBeenCalledTimes(1);
      expect((await crashed.get(job.id))?.state).toBe('done');
    });

    test('a worker that stalled past its lease stops once it wakes and the job is another’s: one outcome', async () => {
      const store = await backend.newStore();
      let skew = 0;
      const clock = { now: () => Date.now() + skew };
      // Worker A freezes (a long GC pause, a stopped VM): every store call it makes waits until it wakes.
      let wake!: () => void;
      let frozen: Promise<void> | null = null;
      const queueA = await store.open(clock);
      const stalledA = new Proxy(queueA, {
        get(target, name) {
          const value = Reflect.get(target, name, target) as unknown;
          if (typeof value !== 'function') return value;
          const method = (value as (...args: unknown[]) => unknown).bind(target);
          if (name === 'subscribeCancels' || name === 'subscribeEnqueued' || name === 'close') return method;
          return (...args: unknown[]) => (frozen ? frozen.then(() => method(...args)) : method(...args));
        },
      });
      let reasonA: unknown;
      const a = startWorker(
        stalledA,
        { review: (_job, signal) => waitForAbort(signal).catch((reason: unknown) => (reasonA = reason)) },
        { workerId: 'stalled', leaseMs: 300, jobTimeoutMs: 10_000 },
      );
      const { job } = await queueA.enqueue(jobInput());
      await until('A runs the job', () => a.running().includes(job.id));
      frozen = new Promise<void>((resolve) => (wake = resolve));

      skew += 301; // A's lease runs out; B recovers the job as it starts and runs it
      let finishB!: () => void;
      const b = startWorker(
        await store.open(clock),
        { review: () => new Promise((resolve) => (finishB = () => resolve('reviewed by B'))) },
        { workerId: 'healthy', leaseMs: 60_000 },
      );
      await until('B runs the job', () => b.running().includes(job.id));
      expect(await queueA.get(job.id)).toMatchObject({ state: 'running', attempts: 2 });

      wake(); // A's held heartbeats reach the store: the claim is B's now, so A is told it lost the job
      await until('A gives the job up', () => !a.running().includes(job.id));
      expect((reasonA as Error).message).toBe('the job lease was lost');
      // A recorded nothing: the job is still B's, running, and its key still busy.
      expect(await queueA.get(job.id)).toMatchObject({ state: 'running', attempts: 2 });
      finishB();
      await until('the job is done', async () => (await stateOf(queueA, job.id)) === 'done');
      expect(await queueA.get(job.id)).toMatchObject({ attempts: 2, result: 'reviewed by B' });
    });

    test('a job whose every attempt crashed is buried instead of looping forever', async () => {
      let skew = 0;
      const queue = await (await backend.newStore()).open({ now: () => Date.now() + skew });
      const { job } = await queue.enqueue(jobInput());
      for (let i = 0; i < 2; i += 1) {
        await queue.claim('crashing', 1000);
        skew += 1001;
        expect(await queue.recoverExpired()).toBe(1);
      }
      const review = jest.fn(async () => 'ok');
      const worker = new JobWorker(
        queue,
        { review },
        {
          concurrency: 1,
          jobTimeoutMs: 1000,
          maxAttempts: 2,
          backoff: { baseMs: 5, maxMs: 5 },
          leaseMs: 1000,
          pollMs: 10,
        },
      );
      await worker.start();
      await worker.idle();
      await worker.stop({ graceMs: 0 });
      expect(review).not.toHaveBeenCalled();
      expect(await queue.get(job.id)).toMatchObject({ state: 'dead', lastError: 'gave up after 2 attempts' });
    });
  });
}
