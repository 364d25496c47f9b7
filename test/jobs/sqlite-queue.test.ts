import { existsSync, fstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { until } from '../helpers/until.js';
import { cleanup, jobInput, openQueue, tempDir } from './job-fixture.js';

afterEach(cleanup);

function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe('SqliteJobQueue', () => {
  test('the same delivery twice makes one job', async () => {
    const queue = openQueue();
    const input = jobInput({ deliveryId: 'abc-123', payload: { pr: 1 } });
    const first = await queue.enqueue(input);
    const second = await queue.enqueue({ ...input, payload: { pr: 2 } });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ job: first.job, duplicate: true, supersededRunning: [] });
    expect((await queue.counts()).queued).toBe(1);
  });

  test('enqueues that arrive together are stored in one transaction, each with its own outcome', async () => {
    const dir = tempDir();
    const queue = openQueue(dir);
    const inputs = Array.from({ length: 20 }, (_, i) =>
      jobInput({ deliveryId: `d-${i % 15}`, key: `k${i}` }),
    );
    const bad = { ...jobInput({ deliveryId: 'bad' }), payload: { n: BigInt(1) } }; // JSON cannot store a BigInt
    const results = await Promise.allSettled([...inputs, bad].map((input) => queue.enqueue(input)));
    const fulfilled = results.slice(0, 20).map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    expect(fulfilled.filter((r) => r?.duplicate === false)).toHaveLength(15);
    expect(fulfilled.filter((r) => r?.duplicate === true)).toHaveLength(5);
    expect(fulfilled[16]!.job.id).toBe(fulfilled[1]!.job.id); // d-1 twice in one batch: one job
    expect(results[20]!.status).toBe('rejected');
    await queue.close();
    expect((await openQueue(dir).counts()).queued).toBe(15);
  });

  test('enqueue resolves only once the WAL holding the job is synced to disk, one sync per batch', async () => {
    const dir = tempDir();
    const syncs: Array<{ fd: number; done: (error: Error | null) => void }> = [];
    const queue = openQueue(dir, { syncWal: (fd, done) => syncs.push({ fd, done }) });
    let resolved = 0;
    const pending = [1, 2, 3].map((n) =>
      queue.enqueue(jobInput({ deliveryId: `sync-${n}` })).then((r) => (resolved++, r)),
    );
    await until(() => syncs.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(0); // committed, but not yet promised to GitHub
    const walPath = join(dir, 'pullwise.db-wal');
    expect(fstatSync(syncs[0]!.fd).ino).toBe(statSync(walPath).ino); // it syncs the WAL file itself
    syncs[0]!.done(null);
    expect((await Promise.all(pending)).map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(syncs).toHaveLength(1);
  });

  test('checkpoints run in a background thread, never inside a commit on the event loop', async () => {
    const dir = tempDir();
    const queue = openQueue(dir, { checkpointIntervalMs: 20 });
    const dbFile = join(dir, 'pullwise.db');
    const before = statSync(dbFile).size;
    // Far fewer than SQLite's own 1,000-page threshold: only the checkpointer can move these into the file.
    await Promise.all(Array.from({ length: 50 }, (_, i) => queue.enqueue(jobInput({ key: `k${i}` }))));
    await until(() => statSync(dbFile).size > before, 'the database file to receive the WAL');
    const reader = new Database(dbFile, { readonly: true });
    expect(reader.pragma('wal_autocheckpoint', { simple: true })).toBe(1000); // a fresh connection's default
    reader.close();
    await queue.close();
    expect(existsSync(join(dir, 'pullwise.db-wal'))).toBe(false); // the last connection (ours) closed cleanly
  });

  test('with inline checkpoints nothing reaches the database file before SQLite’s threshold', async () => {
    const dir = tempDir();
    const queue = openQueue(dir, { checkpoints: 'inline' });
    const dbFile = join(dir, 'pullwise.db');
    const before = statSync(dbFile).size;
    await Promise.all(Array.from({ length: 50 }, (_, i) => queue.enqueue(jobInput({ key: `k${i}` }))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statSync(dbFile).size).toBe(before);
  });

  test('a failed WAL sync fails the enqueue; the redelivery finds the stored job, nothing doubles', async () => {
    let fail = true;
    const queue = openQueue(tempDir(), {
      syncWal: (_fd, done) => setImmediate(() => done(fail ? new Error('EIO: i/o error, fdatasync') : null)),
    });
    const input = jobInput({ deliveryId: 'eio-1' });
    await expect(queue.enqueue(input)).rejects.toThrow('EIO');
    fail = false;
    expect((await queue.enqueue(input)).duplicate).toBe(true);
    expect((await queue.counts()).queued).toBe(1);
  });

  test('an enqueued job is still there after the database is closed and reopened', async () => {
    const dir = tempDir();
    const queue = openQueue(dir);
    const input = jobInput({ installationId: 42, supersedes: true, payload: { pr: 7, files: ['a.ts'] } });
    const { job } = await queue.enqueue(input);
    await queue.close();

    const reopened = await openQueue(dir).get(job.id);
    expect(reopened).toEqual(job);
    expect(reopened).toMatchObject({ ...input, state: 'queued', attempts: 0 });
  });

  test('the file is in WAL mode and carries its schema version; reopening does not migrate again', async () => {
    const dir = tempDir();
    await openQueue(dir).enqueue(jobInput());
    openQueue(dir);
    const db = new Database(join(dir, 'pullwise.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  test('refuses a database written by a newer schema, saying what to do', () => {
    const dir = tempDir();
    openQueue(dir);
    const db = new Database(join(dir, 'pullwise.db'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openQueue(dir)).toThrow(/schema version 99, newer .*upgrade Pullwise/);
  });

  test('claim takes the oldest due job whose key is free, and counts the attempt', async () => {
    const clock = fakeClock();
    const queue = openQueue(undefined, { now: clock.now });
    const a1 = (await queue.enqueue(jobInput({ key: 'a' }))).job;
    const a2 = (await queue.enqueue(jobInput({ key: 'a' }))).job;
    const b1 = (await queue.enqueue(jobInput({ key: 'b' }))).job;

    const first = await queue.claim('w1', 1000);
    expect(first).toMatchObject({ id: a1.id, state: 'running', attempts: 1 });
    expect((await queue.claim('w1', 1000))?.id).toBe(b1.id); // a2 waits: key a is running
    expect(await queue.claim('w1', 1000)).toBeNull();

    await queue.complete(a1.id, { posted: true });
    expect((await queue.claim('w1', 1000))?.id).toBe(a2.id);
    expect(await queue.get(a1.id)).toMatchObject({ state: 'done', result: { posted: true } });
  });

  test('a retried job waits out its delay and keeps its error', async () => {
    const clock = fakeClock();
    const queue = openQueue(undefined, { now: clock.now });
    const { job } = await queue.enqueue(jobInput());
    await queue.claim('w1', 1000);
    expect(await queue.retry(job.id, 'HTTP 502', 500)).toBe(true);

    expect(await queue.claim('w1', 1000)).toBeNull();
    expect(await queue.dueCount()).toBe(0);
    clock.t += 500;
    expect(await queue.dueCount()).toBe(1);
    expect(await queue.claim('w1', 1000)).toMatchObject({ id: job.id, attempts: 2, lastError: 'HTTP 502' });
  });

  test('release puts a running job back at once without counting the attempt', async () => {
    const queue = openQueue();
    const { job } = await queue.enqueue(jobInput());
    await queue.claim('w1', 1000);
    expect(await queue.release(job.id)).toBe(true);
    expect(await queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await queue.release(job.id)).toBe(false); // no longer running
  });

  test('a superseding job reports running ones of its key and type; queued ones never run', async () => {
    const queue = openQueue();
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
    await queue.complete(otherType.id);
    expect(await queue.claim('w2', 1000)).toMatchObject({ id: newest.job.id });
    expect((await queue.get(queued.id))?.state).toBe('superseded');
    expect(await queue.claim('w4', 1000)).toBeNull();
  });

  test('a job that does not supersede leaves older ones of its key to run', async () => {
    const queue = openQueue();
    const first = (await queue.enqueue(jobInput({ key: 'k', type: 'command' }))).job;
    const second = (await queue.enqueue(jobInput({ key: 'k', type: 'command' }))).job;
    expect((await queue.claim('w1', 1000))?.id).toBe(first.id);
    await queue.complete(first.id);
    expect((await queue.claim('w1', 1000))?.id).toBe(second.id);
  });

  test('a running job superseded before a crash is not requeued by recovery', async () => {
    const clock = fakeClock();
    const queue = openQueue(undefined, { now: clock.now });
    const old = (await queue.enqueue(jobInput({ key: 'k', supersedes: true }))).job;
    await queue.claim('w1', 1000);
    await queue.enqueue(jobInput({ key: 'k', supersedes: true }));
    clock.t += 1001;
    expect(await queue.recoverExpired()).toBe(1);
    expect((await queue.get(old.id))?.state).toBe('superseded');
  });

  test('a job claimed before a crash is requeued once its lease expires, and only then', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const crashed = openQueue(dir, { now: clock.now });
    const { job } = await crashed.enqueue(jobInput());
    await crashed.claim('w1', 1000);
    // The process dies here: no complete, no close.

    const restarted = openQueue(dir, { now: clock.now });
    clock.t += 1000;
    expect(await restarted.recoverExpired()).toBe(0);
    clock.t += 1;
    expect(await restarted.recoverExpired()).toBe(1);
    expect(await restarted.get(job.id)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await restarted.complete(job.id)).toBe(false); // the old holder can no longer finish it
  });

  test('recoverWorker requeues what a worker id held, whatever the lease', async () => {
    const queue = openQueue();
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
    const queue = openQueue(undefined, { now: clock.now });
    const { job } = await queue.enqueue(jobInput());
    await queue.claim('w1', 1000);
    clock.t += 900;
    expect(await queue.heartbeat(job.id, 1000)).toBe(true);
    clock.t += 900;
    expect(await queue.recoverExpired()).toBe(0);
    expect((await queue.get(job.id))?.state).toBe('running');
  });

  test('list filters by state, newest first, and counts covers every state', async () => {
    const queue = openQueue();
    const first = (await queue.enqueue(jobInput({ key: 'a' }))).job;
    const second = (await queue.enqueue(jobInput({ key: 'b' }))).job;
    const third = (await queue.enqueue(jobInput({ key: 'c' }))).job;
    await queue.bury(third.id, 'bad');
    expect((await queue.list({ state: 'queued' })).map((job) => job.id)).toEqual([second.id, first.id]);
    expect(await queue.list({ limit: 1 })).toHaveLength(1);
    expect(await queue.counts()).toEqual({ queued: 2, running: 0, done: 0, dead: 1, superseded: 0 });
  });
});
