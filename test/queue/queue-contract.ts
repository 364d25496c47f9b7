import { afterEach, describe, expect, test } from '@jest/globals';
import type { Job } from '../../src/queue/job.js';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { cleanup, fakeClock, jobInput, sleep, until } from './job-fixture.js';
import type { QueueBackend } from './queue-backends.js';

/** What every JobQueue backend promises; each backend's test file runs it against a real store. */
export function jobQueueContract(backend: QueueBackend): void {
  afterEach(cleanup);

  const openQueue = async (options: { now?: () => number } = {}) => (await backend.newStore()).open(options);
  const claimAll = async (queue: JobQueue, n: number) => {
    const jobs: Array<Job | null> = [];
    for (let i = 0; i < n; i += 1) jobs.push(await queue.claim(`w${i}`, 60_000));
    return jobs;
  };

  describe(`${backend.name} (queue contract)`, () => {
    test('the same delivery twice makes one job', async () => {
      const queue = await openQueue();
      const input = jobInput({ deliveryId: 'abc-123', payload: { pr: 1 } });
      const first = await queue.enqueue(input);
      const second = await queue.enqueue({ ...input, payload: { pr: 2 } });
      expect(first.duplicate).toBe(false);
      expect(second).toEqual({ job: first.job, duplicate: true, supersededRunning: [] });
      expect((await queue.counts()).queued).toBe(1);
    });

    test('the same delivery enqueued by two processes at once makes one job', async () => {
      const store = await backend.newStore();
      const [web1, web2] = [await store.open(), await store.open()];
      const input = jobInput({ deliveryId: 'redelivered-1' });
      const results = await Promise.all([web1.enqueue(input), web2.enqueue(input), web1.enqueue(input)]);
      expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect((await web2.counts()).queued).toBe(1);
    });

    test('an enqueued job is still there after the store is closed and reopened', async () => {
      const store = await backend.newStore();
      const queue = await store.open();
      const input = jobInput({ installationId: 42, supersedes: true, payload: { pr: 7, files: ['a.ts'] } });
      const { job } = await queue.enqueue(input);
      await queue.close();

      const reopened = await (await store.open()).get(job.id);
      expect(reopened).toEqual(job);
      expect(reopened).toMatchObject({ ...input, state: 'queued', attempts: 0 });
    });

    test('claim takes the oldest due job whose key is free, and counts the attempt', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const a1 = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const a2 = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const b1 = (await queue.enqueue(jobInput({ key: 'b' }))).job;

      const first = await queue.claim('w1', 1000);
      expect(first).toMatchObject({ id: a1.id, state: 'running', attempts: 1 });
      expect((await queue.claim('w1', 1000))?.id).toBe(b1.id); // a2 waits: key a is running
      expect(await queue.claim('w1', 1000)).toBeNull();

      await queue.complete(first!, { posted: true });
      expect((await queue.claim('w1', 1000))?.id).toBe(a2.id);
      expect(await queue.get(a1.id)).toMatchObject({ state: 'done', result: { posted: true } });
    });

    test('a retried job waits out its delay and keeps its error', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const { job } = await queue.enqueue(jobInput());
      const claimed = await queue.claim('w1', 1000);
      expect(await queue.retry(claimed!, 'HTTP 502', 500)).toBe(true);

      expect(await queue.claim('w1', 1000)).toBeNull();
      expect(await queue.dueCount()).toBe(0);
      clock.t += 500;
      expect(await queue.dueCount()).toBe(1);
      expect(await queue.get(job.id)).toMatchObject({ state: 'queued', runAt: clock.t, attempts: 1 });
      expect(await queue.claim('w1', 1000)).toMatchObject({ id: job.id, attempts: 2, lastError: 'HTTP 502' });
    });

    test('while a job waits out its backoff, the next job of its key may run', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      await queue.enqueue(jobInput({ key: 'k' }));
      const second = (await queue.enqueue(jobInput({ key: 'k' }))).job;
      expect(await queue.retry((await queue.claim('w1', 1000))!, 'HTTP 502', 500)).toBe(true);
      expect((await queue.claim('w1', 1000))?.id).toBe(second.id);
    });

    test('release puts a running job back at once without counting the attempt', async () => {
      const queue = await openQueue();
      const { job } = await queue.enqueue(jobInput());
      const claimed = await queue.claim('w1', 1000);
      expect(await queue.release(claimed!)).toBe(true);
      expect(await queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
      expect(await queue.release(claimed!)).toBe(false); // no longer running
      expect(await queue.claim('w1', 1000)).toMatchObject({ id: job.id, attempts: 1 });
    });

    test('a superseding job reports running ones of its key and type; queued ones never run', async () => {
      const queue = await openQueue();
      const running = (await queue.enqueue(jobInput({ key: 'k', supersedes: true }))).job;
      await queue.claim('w1', 1000);
      const queued = (await queue.enqueue(jobInput({ key: 'k', supersedes: true }))).job;
      const otherType = (await queue.enqueue(jobInput({ key: 'k', type: 'ask' }))).job;
      const otherKey = (await queue.enqueue(jobInput({ key: 'other' }))).job;

      const newest = await queue.enqueue(jobInput({ key: 'k', supersedes: true }));

      expect(newest.supersededRunning).toEqual([running.id]);
      expect((await queue.get(running.id))?.state).toBe('running'); // until its worker cancels it
      expect(newest.job.state).toBe('queued');
      expect(await queue.claim('w2', 1000)).toMatchObject({ id: otherKey.id }); // key k is busy
      expect(await queue.markSuperseded(running.id)).toBe(true);

      // k is free: the older queued review is passed over for good, the newest and the other type run.
      const claimed = [await queue.claim('w2', 1000), await queue.claim('w3', 1000)];
      expect(claimed.map((job) => job?.id ?? null)).toEqual([otherType.id, null]); // one running job per key
      await queue.complete(claimed[0]!);
      expect(await queue.claim('w2', 1000)).toMatchObject({ id: newest.job.id });
      expect((await queue.get(queued.id))?.state).toBe('superseded');
      expect(await queue.claim('w4', 1000)).toBeNull();
    });

    test('a job that does not supersede leaves older ones of its key to run', async () => {
      const queue = await openQueue();
      const first = (await queue.enqueue(jobInput({ key: 'k', type: 'command' }))).job;
      const second = (await queue.enqueue(jobInput({ key: 'k', type: 'command' }))).job;
      const claimed = await queue.claim('w1', 1000);
      expect(claimed?.id).toBe(first.id);
      await queue.complete(claimed!);
      expect((await queue.claim('w1', 1000))?.id).toBe(second.id);
    });

    test('a running job superseded before a crash is not requeued by recovery', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const old = (await queue.enqueue(jobInput({ key: 'k', supersedes: true }))).job;
      await queue.claim('w1', 1000);
      await queue.enqueue(jobInput({ key: 'k', supersedes: true }));
      clock.t += 1001;
      expect(await queue.recoverExpired()).toBe(1);
      expect((await queue.get(old.id))?.state).toBe('superseded');
    });

    test('a job claimed before a crash is requeued once its lease expires, and only then', async () => {
      const store = await backend.newStore();
      const clock = fakeClock();
      const crashed = await store.open({ now: clock.now });
      const { job } = await crashed.enqueue(jobInput());
      const lost = await crashed.claim('w1', 1000);
      // The process dies here: no complete, no close.

      const restarted = await store.open({ now: clock.now });
      clock.t += 1000;
      expect(await restarted.recoverExpired()).toBe(0);
      clock.t += 1;
      expect(await restarted.recoverExpired()).toBe(1);
      expect(await restarted.get(job.id)).toMatchObject({ state: 'queued', attempts: 1 });
      expect(await restarted.complete(lost!)).toBe(false); // the old holder can no longer finish it
    });

    test('a lease that runs out on the store’s own clock lets another process take the job', async () => {
      const store = await backend.newStore();
      const gone = await store.open();
      const { job } = await gone.enqueue(jobInput());
      expect(await gone.claim('gone-worker', 150)).toMatchObject({ id: job.id });
      // That worker's host disappears; no heartbeat comes.

      const other = await store.open();
      expect(await other.recoverExpired()).toBe(0); // still leased
      await until('the lease runs out', async () => (await other.recoverExpired()) === 1);
      const taken = await other.claim('other-worker', 60_000);
      expect(taken).toMatchObject({ id: job.id, attempts: 2 });
      expect(await other.complete(taken!)).toBe(true);
    });

    test('a holder whose lease ran out changes nothing once the job is claimed again', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const { job } = await queue.enqueue(jobInput({ key: 'k' }));
      const stale = await queue.claim('stalled', 1000);
      clock.t += 1001;
      expect(await queue.recoverExpired()).toBe(1);
      const current = await queue.claim('healthy', 60_000);
      expect(current).toMatchObject({ id: job.id, attempts: 2 });
      expect(current!.claimId).not.toBe(stale!.claimId);

      // The stalled worker wakes and tries every transition: none applies, the job stays the other's.
      expect(await queue.heartbeat(stale!, 1000)).toBe(false);
      expect(await queue.retry(stale!, 'HTTP 502', 0)).toBe(false);
      expect(await queue.release(stale!)).toBe(false);
      expect(await queue.bury(stale!, 'boom')).toBe(false);
      expect(await queue.markSuperseded(stale!)).toBe(false);
      expect(await queue.complete(stale!, { posted: 'twice' })).toBe(false);
      expect(await queue.get(job.id)).toMatchObject({ state: 'running', attempts: 2 });
      // Its key stays busy, and the lease is the new holder's own.
      await queue.enqueue(jobInput({ key: 'k' }));
      expect(await queue.claim('third', 1000)).toBeNull();
      clock.t += 30_000;
      expect(await queue.recoverExpired()).toBe(0);
      expect(await queue.complete(current!, { posted: true })).toBe(true);
      expect(await queue.get(job.id)).toMatchObject({ state: 'done', result: { posted: true } });
    });

    test('the same worker claiming a job again is a new claim: the first run’s transitions do not apply', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      await queue.enqueue(jobInput());
      const first = await queue.claim('w1', 1000);
      clock.t += 1001;
      await queue.recoverExpired();
      const second = await queue.claim('w1', 1000);
      expect(await queue.retry(first!, 'stale', 0)).toBe(false);
      expect(await queue.heartbeat(second!, 1000)).toBe(true);
    });

    test('a checkpoint is kept for the next attempt; a claim that lost the job saves nothing', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const { job } = await queue.enqueue(jobInput());
      const first = await queue.claim('w1', 1000);
      expect(first!.checkpoint).toBeUndefined();
      expect(await queue.saveCheckpoint(first!, { review: 'made', comments: [1, 2] })).toBe(true);
      expect(await queue.saveCheckpoint(first!, { review: 'made again' })).toBe(true); // the newest wins
      expect(await queue.retry(first!, 'GitHub 502', 0)).toBe(true);
      const second = await queue.claim('w2', 1000);
      expect(second).toMatchObject({ attempts: 2, checkpoint: { review: 'made again' } });
      expect(await queue.saveCheckpoint(first!, { stale: true })).toBe(false);
      clock.t += 1001;
      await queue.recoverExpired(); // the second holder stalled: recovery keeps the checkpoint too
      const third = await queue.claim('w3', 1000);
      expect(third!.checkpoint).toEqual({ review: 'made again' });
      expect(await queue.saveCheckpoint(second!, { stale: true })).toBe(false);
      expect(await queue.get(job.id)).toMatchObject({ checkpoint: { review: 'made again' } });
    });

    test('bury and markSuperseded by id apply whoever holds the job', async () => {
      const queue = await openQueue();
      const a = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const b = (await queue.enqueue(jobInput({ key: 'b' }))).job;
      const claimedA = await queue.claim('w1', 60_000);
      const claimedB = await queue.claim('w1', 60_000);
      expect(await queue.bury(a.id, 'stopped by an operator')).toBe(true);
      expect(await queue.markSuperseded(b.id)).toBe(true);
      expect(await queue.complete(claimedA!)).toBe(false);
      expect(await queue.complete(claimedB!)).toBe(false);
      expect(await queue.get(a.id)).toMatchObject({ state: 'dead', lastError: 'stopped by an operator' });
      expect((await queue.get(b.id))?.state).toBe('superseded');
    });

    test('recoverWorker requeues what a worker id held, whatever the lease', async () => {
      const queue = await openQueue();
      const mine = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const theirs = (await queue.enqueue(jobInput({ key: 'b' }))).job;
      await queue.claim('serve', 60_000);
      await queue.claim('other', 60_000);
      expect(await queue.recoverWorker('serve')).toBe(1);
      expect((await queue.get(mine.id))?.state).toBe('queued');
      expect((await queue.get(theirs.id))?.state).toBe('running');
    });

    test('heartbeat extends the lease so recovery leaves the job alone', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const { job } = await queue.enqueue(jobInput());
      const claimed = await queue.claim('w1', 1000);
      clock.t += 900;
      expect(await queue.heartbeat(claimed!, 1000)).toBe(true);
      clock.t += 900;
      expect(await queue.recoverExpired()).toBe(0);
      expect((await queue.get(job.id))?.state).toBe('running');
      await queue.complete(claimed!);
      expect(await queue.heartbeat(claimed!, 1000)).toBe(false);
    });

    test('bury ends a queued or running job as dead with its error; a final job stays as it is', async () => {
      const queue = await openQueue();
      const running = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const queued = (await queue.enqueue(jobInput({ key: 'b' }))).job;
      await queue.claim('w1', 1000);
      expect(await queue.bury(running.id, 'boom')).toBe(true);
      expect(await queue.bury(queued.id, 'bad config')).toBe(true);
      expect(await queue.bury(queued.id, 'again')).toBe(false);
      expect(await queue.get(running.id)).toMatchObject({ state: 'dead', lastError: 'boom' });
      expect(await queue.get(queued.id)).toMatchObject({ state: 'dead', lastError: 'bad config' });
      expect(await queue.claim('w1', 1000)).toBeNull();
      expect(await queue.get('no-such-job')).toBeNull();
    });

    test('bury with an empty error still records it: the last error is the one it was buried with', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const { job } = await queue.enqueue(jobInput());
      await queue.retry((await queue.claim('w1', 1000))!, 'HTTP 502', 0);
      expect(await queue.bury((await queue.claim('w1', 1000))!, '')).toBe(true);
      expect(await queue.get(job.id)).toMatchObject({ state: 'dead', lastError: '' });
    });

    test('a running job a newer one superseded ends as superseded, not dead, when its holder buries it', async () => {
      const queue = await openQueue();
      const { job } = await queue.enqueue(jobInput({ key: 'k', supersedes: true }));
      const claimed = await queue.claim('w1', 60_000);
      await queue.enqueue(jobInput({ key: 'k', supersedes: true }));
      expect(await queue.bury(claimed!, 'HTTP 502 on its last attempt')).toBe(true);
      expect(await queue.get(job.id)).toMatchObject({ state: 'superseded' });
    });

    test('list filters by state, newest first, and counts covers every state', async () => {
      const queue = await openQueue();
      const first = (await queue.enqueue(jobInput({ key: 'a' }))).job;
      const second = (await queue.enqueue(jobInput({ key: 'b' }))).job;
      const third = (await queue.enqueue(jobInput({ key: 'c' }))).job;
      await queue.bury(third.id, 'bad');
      expect((await queue.list({ state: 'queued' })).map((job) => job.id)).toEqual([second.id, first.id]);
      expect(await queue.list({ limit: 1 })).toEqual([await queue.get(third.id)]);
      for (const limit of [0, -1]) expect(await queue.list({ limit })).toEqual([]); // not "no limit"
      expect(await queue.counts()).toEqual({ queued: 2, running: 0, done: 0, dead: 1, superseded: 0 });
    });

    test('prune deletes finished jobs past the retention, oldest first, and forgets their deliveries', async () => {
      const clock = fakeClock();
      const queue = await openQueue({ now: clock.now });
      const enqueue = async (key: string, deliveryId: string) =>
        (await queue.enqueue(jobInput({ key, deliveryId }))).job;
      const done = await enqueue('a', 'd-done');
      const dead = await enqueue('b', 'd-dead');
      const superseded = await enqueue('c', 'd-superseded');
      const running = await enqueue('d', 'd-running');
      const queued = await enqueue('e', 'd-queued');
      const claimedDone = await queue.claim('w1', 10 * 86_400_000);
      expect(claimedDone?.id).toBe(done.id);
      await queue.complete(claimedDone!, { posted: true });
      await queue.bury(dead.id, 'boom');
      await queue.markSuperseded(superseded.id);
      const claimedRunning = await queue.claim('w1', 10 * 86_400_000);
      expect(claimedRunning?.id).toBe(running.id);
      clock.t += 86_400_000;
      const recent = await enqueue('f', 'd-recent');
      await queue.bury(recent.id, 'finished a day later');

      expect(await queue.prune(86_400_000, 100)).toBe(0); // exactly a day old: kept
      clock.t += 1;
      expect(await queue.prune(86_400_000, 2)).toBe(2); // a batch at a time
      expect(await queue.prune(86_400_000, 100)).toBe(1);
      expect(await queue.prune(86_400_000, 100)).toBe(0);

      for (const gone of [done, dead, superseded]) expect(await queue.get(gone.id)).toBeNull();
      expect((await queue.list()).map((job) => job.id).sort()).toEqual(
        [running.id, queued.id, recent.id].sort(),
      );
      expect(await queue.counts()).toEqual({ queued: 1, running: 1, done: 0, dead: 1, superseded: 0 });
      // The delivery is forgotten with its job: a redelivery now makes a new one.
      const again = await queue.enqueue(jobInput({ key: 'a', deliveryId: 'd-done' }));
      expect(again.duplicate).toBe(false);
      expect(again.job.id).not.toBe(done.id);
      // What is running or queued still runs.
      expect(await queue.complete(claimedRunning!)).toBe(true);
      expect((await queue.claim('w1', 1000))?.id).toBe(queued.id);
    });

    describe('fair turns between installations', () => {
      test('installations are served in turn, each its oldest job; jobs without one are one more turn', async () => {
        const queue = await openQueue();
        const noisy = [];
        for (let i = 0; i < 4; i += 1)
          noisy.push((await queue.enqueue(jobInput({ key: `n${i}`, installationId: 1 }))).job);
        const quiet = [];
        for (let i = 0; i < 2; i += 1)
          quiet.push((await queue.enqueue(jobInput({ key: `q${i}`, installationId: 2 }))).job);
        const none = (await queue.enqueue(jobInput({ key: 'x' }))).job;

        const order = (await claimAll(queue, 8)).map((job) => job?.id ?? null);
        expect(order).toEqual([
          noisy[0]!.id,
          quiet[0]!.id,
          none.id,
          noisy[1]!.id,
          quiet[1]!.id,
          noisy[2]!.id,
          noisy[3]!.id,
          null,
        ]);
      });

      test('a noisy installation’s backlog does not make a newcomer wait', async () => {
        const queue = await openQueue();
        for (let i = 0; i < 30; i += 1) await queue.enqueue(jobInput({ key: `n${i}`, installationId: 1 }));
        await claimAll(queue, 3);
        const late = (await queue.enqueue(jobInput({ key: 'late', installationId: 2 }))).job;
        expect((await queue.claim('w', 60_000))?.id).toBe(late.id);
      });

      test('an installation whose jobs all wait on busy keys or backoff lets the next one be served', async () => {
        const clock = fakeClock();
        const queue = await openQueue({ now: clock.now });
        const a1 = (await queue.enqueue(jobInput({ key: 'pr', installationId: 1 }))).job;
        const a2 = (await queue.enqueue(jobInput({ key: 'pr', installationId: 1 }))).job;
        const a3 = (await queue.enqueue(jobInput({ key: 'other', installationId: 1 }))).job;
        const b1 = (await queue.enqueue(jobInput({ key: 'b', installationId: 2 }))).job;
        const b2 = (await queue.enqueue(jobInput({ key: 'b2', installationId: 2 }))).job;

        const claimedA1 = await queue.claim('w', 1000);
        expect(claimedA1?.id).toBe(a1.id);
        expect((await queue.claim('w', 1000))?.id).toBe(b1.id);
        // Installation 1's turn: a2's key is busy, so its next job a3 runs.
        const claimedA3 = await queue.claim('w', 1000);
        expect(claimedA3?.id).toBe(a3.id);
        await queue.retry(claimedA3!, 'HTTP 502', 500);
        // Installation 2 was served longer ago; then 1 has a2 blocked and a3 in backoff, so 2 again.
        expect((await queue.claim('w', 1000))?.id).toBe(b2.id);
        expect(await queue.claim('w', 1000)).toBeNull();
        await queue.complete(claimedA1!);
        expect((await queue.claim('w', 1000))?.id).toBe(a2.id);
      });

      test('turns are shared by every process using the store', async () => {
        const store = await backend.newStore();
        const [one, two] = [await store.open(), await store.open()];
        const a = [];
        for (let i = 0; i < 3; i += 1)
          a.push((await one.enqueue(jobInput({ key: `a${i}`, installationId: 7 }))).job);
        const b = (await two.enqueue(jobInput({ key: 'b', installationId: 8 }))).job;
        expect((await one.claim('w1', 60_000))?.id).toBe(a[0]!.id);
        expect((await two.claim('w2', 60_000))?.id).toBe(b.id);
        expect((await one.claim('w1', 60_000))?.id).toBe(a[1]!.id);
      });
    });

    test('a new job is announced to the enqueued listeners; a duplicate delivery is not; unsubscribed hear nothing', async () => {
      const queue = await openQueue();
      let heard = 0;
      let heardByStopped = 0;
      queue.subscribeEnqueued(() => heard++);
      const stop = queue.subscribeEnqueued(() => heardByStopped++);
      stop();
      const input = jobInput();
      await queue.enqueue(input);
      await until('the new job is announced', () => heard > 0);
      const after = heard;
      await queue.enqueue(input);
      await sleep(100);
      expect(heard).toBe(after);
      expect(heardByStopped).toBe(0);
    });

    describe('cancellations reach every process', () => {
      test('a running job superseded through this queue is announced to its listeners', async () => {
        const queue = await openQueue();
        const heard: string[] = [];
        queue.subscribeCancels((jobId, reason) => heard.push(`${jobId} ${reason}`));
        const old = (await queue.enqueue(jobInput({ key: 'k', supersedes: true }))).job;
        await queue.claim('w1', 60_000);
        await queue.enqueue(jobInput({ key: 'k', supersedes: true }));
        await until('the cancellation is heard', () => heard.length > 0);
        expect(heard[0]).toBe(`${old.id} superseded`);
      });

      test('a running job superseded by an enqueue in another process is announced in this one', async () => {
        const store = await backend.newStore();
        const worker = await store.open();
        const web = await store.open();
        const heard: string[] = [];
        worker.subscribeCancels((jobId) => heard.push(jobId));
        const old = (await web.enqueue(jobInput({ key: 'pr', supersedes: true }))).job;
        const otherType = (await web.enqueue(jobInput({ key: 'other', type: 'ask' }))).job;
        await worker.claim('w1', 60_000);
        await worker.claim('w1', 60_000);
        await web.enqueue(jobInput({ key: 'other', type: 'review', supersedes: true })); // other type: not it

        const newer = await web.enqueue(jobInput({ key: 'pr', supersedes: true }));
        expect(newer.supersededRunning).toEqual([old.id]);
        await until('the other process hears', () => heard.includes(old.id), 5000);
        await sleep(50);
        expect([...new Set(heard)]).toEqual([old.id]);
        expect(heard).not.toContain(otherType.id);
      });

      test('after unsubscribing, nothing more is heard', async () => {
        const store = await backend.newStore();
        const [worker, web] = [await store.open(), await store.open()];
        const heard: string[] = [];
        const stop = worker.subscribeCancels((jobId) => heard.push(jobId));
        const first = (await web.enqueue(jobInput({ key: 'a', supersedes: true }))).job;
        await worker.claim('w1', 60_000);
        await web.enqueue(jobInput({ key: 'a', supersedes: true }));
        await until('the first cancellation is heard', () => heard.includes(first.id), 5000);
        stop();
        await worker.markSuperseded(first.id);
        const second = (await worker.claim('w1', 60_000))!;
        await web.enqueue(jobInput({ key: 'a', supersedes: true }));
        await sleep(300);
        expect(heard).not.toContain(second.id);
      });
    });
  });
}
