import { existsSync, fstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { until } from '../helpers/until.js';
import { migrate } from '../../src/queue/sqlite-schema.js';
import { cleanup, jobInput, openQueue, tempDir } from './job-fixture.js';
import { sqliteBackend } from './queue-backends.js';
import { jobQueueContract } from './queue-contract.js';

afterEach(cleanup);

describe('SqliteJobQueue', () => {
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

  test('the file is in WAL mode and carries its schema version; reopening does not migrate again', async () => {
    const dir = tempDir();
    await openQueue(dir).enqueue(jobInput());
    openQueue(dir);
    const db = new Database(join(dir, 'pullwise.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
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

  test('a database from schema version 1 gains the turns between installations, jobs and all', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'pullwise.db'));
    migrate(old, 1);
    const insert = old.prepare(
      `INSERT INTO jobs (id, delivery_id, type, key, installation_id, payload, state, run_at, created_at, updated_at)
       VALUES (?, ?, 'review', ?, ?, '{}', 'queued', 0, 0, 0)`,
    );
    insert.run('a1', 'd-a1', 'a1', 1);
    insert.run('a2', 'd-a2', 'a2', 1);
    insert.run('b1', 'd-b1', 'b1', 2);
    old.close();

    const queue = openQueue(dir);
    const claimed = [
      await queue.claim('w', 1000),
      await queue.claim('w', 1000),
      await queue.claim('w', 1000),
    ];
    expect(claimed.map((job) => job?.id)).toEqual(['a1', 'b1', 'a2']);
  });

  test('a job left running by a Pullwise before claim ids is recovered and claimed again after the upgrade', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'pullwise.db'));
    migrate(old, 2);
    old
      .prepare(
        `INSERT INTO jobs (id, delivery_id, type, key, payload, state, attempts, run_at, lease_until, worker_id,
                           created_at, updated_at)
         VALUES ('j1', 'd-j1', 'review', 'k', '{}', 'running', 1, 0, 9e15, 'serve', 0, 0)`,
      )
      .run();
    old.close();

    const queue = openQueue(dir);
    expect(await queue.recoverWorker('serve')).toBe(1);
    const claimed = await queue.claim('serve', 1000);
    expect(claimed).toMatchObject({ id: 'j1', state: 'running', attempts: 2 });
    expect(claimed!.claimId).toEqual(expect.any(String));
    expect(await queue.complete(claimed!)).toBe(true);
  });

  test('another process’s superseded job is announced once, though every look at the file finds it', async () => {
    const dir = tempDir();
    const queue = openQueue(dir, { cancelPollMs: 10 });
    const web = openQueue(dir);
    const heard: string[] = [];
    const stop = queue.subscribeCancels((jobId) => heard.push(jobId));
    const { job } = await web.enqueue(jobInput({ key: 'k', supersedes: true }));
    await web.claim('w', 60_000);
    await web.enqueue(jobInput({ key: 'k', supersedes: true }));
    await until(() => heard.length > 0, 'the superseded job to be heard');
    await new Promise((resolve) => setTimeout(resolve, 100)); // ten more looks
    stop();
    expect(heard).toEqual([job.id]);
  });
});

jobQueueContract(sqliteBackend());
