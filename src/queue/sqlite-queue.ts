import { randomUUID } from 'node:crypto';
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CancelFeed } from './cancel-feed.js';
import { JOB_STATES, type ClaimedJob, type Job, type JobInput, type JobLease, type JobState } from './job.js';
import type { CancelListener, EnqueueResult, JobListFilter, JobQueue } from './job-queue.js';
import { migrate } from './sqlite-schema.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

// Over 300 lines on purpose: the whole JobQueue contract on one database, each transition one transaction
// next to the statements it uses; split, the statements and their invariants would be read apart.

export interface SqliteJobQueueOptions {
  /** The clock for run_at, leases and timestamps; tests move it past a lease. */
  now?: () => number;
  busyTimeoutMs?: number;
  /**
   * `background` (default): checkpoints run in a thread of their own (see wal-checkpointer.ts); `inline`:
   * SQLite's automatic checkpoint, inside the commit that crosses 1,000 pages.
   */
  checkpoints?: 'background' | 'inline';
  /** How often the background checkpointer runs; default 200 ms. */
  checkpointIntervalMs?: number;
  /** How the WAL is made durable after a commit (fs.fdatasync); tests slow it down or make it fail. */
  syncWal?: (fd: number, done: (error: Error | null) => void) => void;
  /**
   * While a worker listens for cancellations, how often to look for running jobs that another process
   * superseded (this process's own enqueues are told at once); default 500 ms.
   */
  cancelPollMs?: number;
}

interface JobRow {
  id: string;
  delivery_id: string;
  type: string;
  key: string;
  supersedes: number;
  installation_id: number | null;
  payload: string;
  state: JobState;
  attempts: number;
  run_at: number;
  claim_id: string | null;
  last_error: string | null;
  result: string | null;
  checkpoint: string | null;
  created_at: number;
  updated_at: number;
}

// A holder's transitions apply only while its claim holds the job (see ClaimedJob).
const HELD = `WHERE id = @id AND state = 'running' AND claim_id = @claimId`;
// bury and markSuperseded: given a lease, as HELD; given an id only, a queued or running job.
const UNFINISHED = `WHERE id = @id AND CASE WHEN @claimId IS NULL THEN state IN ('queued', 'running')
                                       ELSE state = 'running' AND claim_id = @claimId END`;

// A job that a newer one superseded while it ran does not go back to the queue: the newer job does its work.
const REQUEUED_STATE = `CASE WHEN supersede_requested = 1 THEN 'superseded' ELSE 'queued' END`;
// Nor is it dead when it fails for good: nothing was lost, and no dead-letter comment is due.
const BURIED_STATE = `CASE WHEN supersede_requested = 1 THEN 'superseded' ELSE 'dead' END`;

/** The job queue in one SQLite file, `<dir>/pullwise.db`, for a single process (`pullwise serve --role all`). */
export class SqliteJobQueue implements JobQueue {
  private readonly statements;
  private readonly enqueueTransaction;
  private readonly enqueueBatch;
  private readonly claimTransaction;
  private readonly cancels: CancelFeed;
  private readonly enqueuedListeners = new Set<() => void>();
  private syncing = 0;
  private readonly onSynced: Array<() => void> = [];
  private pendingEnqueues: Array<{
    input: JobInput;
    resolve: (result: EnqueueResult) => void;
    reject: (error: unknown) => void;
  }> = [];

  static open(dir: string, options: SqliteJobQueueOptions = {}): SqliteJobQueue {
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, 'pullwise.db'));
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      db.pragma('journal_mode = WAL');
      // enqueue() resolving is our promise to GitHub that the job is stored: the webhook gets its 200 and is
      // never sent again. In WAL mode synchronous=NORMAL survives a process crash but a power loss or OS
      // crash can drop the last commits, because the WAL is not fsynced at each commit. FULL would fsync it
      // inside COMMIT, blocking the event loop; instead enqueue() fsyncs the WAL itself on libuv's thread
      // pool after each commit (see flushEnqueues). NORMAL still syncs around checkpoints, so frames that a
      // checkpoint moves into the database file are durable there.
      db.pragma('synchronous = NORMAL');
      migrate(db); // its write transaction creates the -wal file that walFd below opens
    } catch (error) {
      db.close();
      throw error;
    }
    let walFd: number;
    try {
      // The WAL keeps its inode while a connection is open (SQLite resets it in place, deletes it only
      // when the last connection closes), so this descriptor stays valid until close().
      walFd = openSync(`${db.name}-wal`, 'r');
    } catch (error) {
      db.close();
      throw error;
    }
    let checkpointer: WalCheckpointer | undefined;
    if ((options.checkpoints ?? 'background') === 'background') {
      db.pragma('wal_autocheckpoint = 0');
      checkpointer = startWalCheckpointer(db.name, { intervalMs: options.checkpointIntervalMs ?? 200 });
    }
    return new SqliteJobQueue(
      db,
      walFd,
      options.now ?? Date.now,
      options.syncWal ?? fdatasync,
      options.cancelPollMs ?? 500,
      checkpointer,
    );
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly walFd: number,
    private readonly now: () => number,
    private readonly syncWal: NonNullable<SqliteJobQueueOptions['syncWal']>,
    cancelPollMs: number,
    private readonly checkpointer?: WalCheckpointer,
  ) {
    this.statements = prepareStatements(db);
    this.cancels = new CancelFeed({
      intervalMs: cancelPollMs,
      look: async () => (this.db.open ? this.statements.supersedeRequested.all().map(({ id }) => id) : []),
    });
    this.enqueueTransaction = db.transaction((input: JobInput) => this.enqueueNow(input));
    this.enqueueBatch = db.transaction((inputs: JobInput[]) => inputs.map((input) => this.enqueueNow(input)));
    // Installations take turns: the groups that have queued jobs, least recently served first, each offering
    // its oldest due job whose key is free. Both steps read the partial index of queued jobs only, so the
    // history never slows a claim; jobs waiting on a busy key or a backoff are stepped over one by one.
    //
    // A queued job that a newer superseding job of its key and type has made pointless is marked superseded
    // here, when a worker would take it, rather than at enqueue: the webhook's write stays one INSERT, and
    // the outcome is the same (the older job never runs), because claim looks at the oldest candidate first.
    this.claimTransaction = db.transaction((workerId: string, leaseMs: number) => {
      const now = this.now();
      for (const { group } of this.statements.groupsByTurn.all()) {
        for (;;) {
          const candidate = this.statements.nextInGroup.get({ group, now });
          if (!candidate) break;
          if (this.statements.newerSuperseding.get(candidate)) {
            this.statements.supersedeCandidate.run({ seq: candidate.seq, now });
            continue;
          }
          const row = this.statements.claim.get({
            seq: candidate.seq,
            now,
            leaseUntil: now + leaseMs,
            workerId,
            claimId: randomUUID(),
          });
          this.statements.takeTurn.run({ group });
          return row ? toClaimedJob(row) : null;
        }
      }
      return null;
    });
  }

  // IMMEDIATE takes the write lock before reading: with a deferred transaction, a second connection could
  // commit between our read and our write, and in WAL mode that fails with SQLITE_BUSY at once.
  //
  // Group commit: webhooks that arrive together are stored in one transaction just after the current turn of
  // the event loop, then one fdatasync of the WAL (on libuv's thread pool, so the event loop keeps taking
  // webhooks meanwhile) makes all of them durable. Each promise resolves only once its job is on disk.
  enqueue(input: JobInput): Promise<EnqueueResult> {
    return new Promise((resolve, reject) => {
      this.pendingEnqueues.push({ input, resolve, reject });
      if (this.pendingEnqueues.length === 1) setImmediate(() => this.flushEnqueues());
    });
  }

  private flushEnqueues(): void {
    const batch = this.pendingEnqueues.splice(0);
    const outcomes: Array<{ result: EnqueueResult } | { error: unknown }> = [];
    try {
      const results = this.enqueueBatch.immediate(batch.map((b) => b.input));
      for (const result of results) outcomes.push({ result });
    } catch {
      // One bad input must not fail the others: store them one by one, each with its own outcome.
      for (const b of batch) {
        try {
          outcomes.push({ result: this.enqueueTransaction.immediate(b.input) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
    }
    this.syncing++;
    this.syncWal(this.walFd, (syncError) => {
      this.syncing--;
      batch.forEach((b, i) => {
        const outcome = outcomes[i]!;
        if ('error' in outcome) b.reject(outcome.error);
        // Committed but maybe not on disk: the caller answers GitHub with an error, and a redelivery is
        // deduplicated by its delivery id.
        else if (syncError) b.reject(syncError);
        else b.resolve(outcome.result);
      });
      // Workers of this process hear at once; those of other processes at their next look (CancelFeed).
      for (const outcome of outcomes) {
        if ('result' in outcome) for (const id of outcome.result.supersededRunning) this.cancels.announce(id);
      }
      if (!syncError && outcomes.some((o) => 'result' in o && !o.result.duplicate)) {
        for (const listener of [...this.enqueuedListeners]) listener();
      }
      if (this.syncing === 0) this.onSynced.splice(0).forEach((resolve) => resolve());
    });
  }

  async claim(workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
    return this.claimTransaction.immediate(workerId, leaseMs);
  }

  async heartbeat({ id, claimId }: JobLease, leaseMs: number): Promise<boolean> {
    const now = this.now();
    return this.statements.heartbeat.run({ id, claimId, now, leaseUntil: now + leaseMs }).changes === 1;
  }

  async saveCheckpoint({ id, claimId }: JobLease, value: unknown): Promise<boolean> {
    const checkpoint = JSON.stringify(value ?? null);
    return this.statements.saveCheckpoint.run({ id, claimId, now: this.now(), checkpoint }).changes === 1;
  }

  async complete({ id, claimId }: JobLease, result?: unknown): Promise<boolean> {
    const json = result === undefined ? null : JSON.stringify(result);
    return this.statements.complete.run({ id, claimId, now: this.now(), result: json }).changes === 1;
  }

  async retry({ id, claimId }: JobLease, error: string, delayMs: number): Promise<boolean> {
    const now = this.now();
    return this.statements.retry.run({ id, claimId, now, runAt: now + delayMs, error }).changes === 1;
  }

  async bury(job: JobLease | string, error: string): Promise<boolean> {
    return this.statements.bury.run({ ...leaseParams(job), now: this.now(), error }).changes === 1;
  }

  async markSuperseded(job: JobLease | string): Promise<boolean> {
    return this.statements.markSuperseded.run({ ...leaseParams(job), now: this.now() }).changes === 1;
  }

  async release({ id, claimId }: JobLease): Promise<boolean> {
    return this.statements.release.run({ id, claimId, now: this.now() }).changes === 1;
  }

  async recoverExpired(): Promise<number> {
    return this.statements.recoverExpired.run({ now: this.now() }).changes;
  }

  async recoverWorker(workerId: string): Promise<number> {
    return this.statements.recoverWorker.run({ workerId, now: this.now() }).changes;
  }

  async dueCount(): Promise<number> {
    return this.statements.dueCount.get({ now: this.now() })?.n ?? 0;
  }

  async prune(keepMs: number, limit: number): Promise<number> {
    return this.statements.prune.run({ cutoff: this.now() - keepMs, limit }).changes;
  }

  async get(id: string): Promise<Job | null> {
    const row = this.statements.byId.get(id);
    return row ? toJob(row) : null;
  }

  async list(filter: JobListFilter = {}): Promise<Job[]> {
    // SQLite reads a negative LIMIT as none at all; the port means a limit below 1 to list nothing.
    const limit = Math.max(0, filter.limit ?? 100);
    const rows = this.statements.list.all({ state: filter.state ?? null, limit });
    return rows.map(toJob);
  }

  async counts(): Promise<Record<JobState, number>> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    for (const { state, n } of this.statements.counts.all()) counts[state] = n;
    return counts;
  }

  subscribeEnqueued(listener: () => void): () => void {
    this.enqueuedListeners.add(listener);
    return () => void this.enqueuedListeners.delete(listener);
  }

  subscribeCancels(listener: CancelListener): () => void {
    return this.cancels.subscribe(listener);
  }

  async close(): Promise<void> {
    this.cancels.close();
    // Enqueues whose WAL sync is still in flight finish first: their descriptor must stay open.
    if (this.syncing > 0) await new Promise<void>((resolve) => this.onSynced.push(resolve));
    await this.checkpointer?.stop();
    if (this.db.open) {
      this.db.close();
      closeSync(this.walFd);
    }
  }

  private enqueueNow(input: JobInput): EnqueueResult {
    const now = this.now();
    const row = {
      id: randomUUID(),
      deliveryId: input.deliveryId,
      type: input.type,
      key: input.key,
      supersedes: input.supersedes ? 1 : 0,
      installationId: input.installationId ?? null,
      payload: JSON.stringify(input.payload ?? null),
      now,
    };
    // A duplicate delivery inserts nothing and is read back. A new job is built from what was written
    // rather than read back (RETURNING costs a row decode on the hot path of every webhook).
    if (this.statements.insert.run(row).changes === 0) {
      const existing = this.statements.byDelivery.get(input.deliveryId);
      if (!existing)
        throw new Error(`job for delivery ${input.deliveryId} vanished inside its own transaction`);
      return { job: toJob(existing), duplicate: true, supersededRunning: [] };
    }
    const job: Job = {
      id: row.id,
      deliveryId: row.deliveryId,
      type: row.type,
      key: row.key,
      payload: JSON.parse(row.payload) as unknown, // the stored form, as a reader of the row would get it
      state: 'queued',
      attempts: 0,
      runAt: now,
      createdAt: now,
      updatedAt: now,
    };
    if (input.supersedes) job.supersedes = true;
    if (row.installationId !== null) job.installationId = row.installationId;
    // Older queued jobs of the key are superseded when a worker reaches them (see claim); a running one is
    // flagged now, so that it is not requeued, and reported, so that its worker can cancel it.
    const supersededRunning = input.supersedes
      ? this.statements.requestSupersede.all({ key: input.key, type: input.type, now }).map(({ id }) => id)
      : [];
    return { job, duplicate: false, supersededRunning };
  }
}

function prepareStatements(db: Database.Database) {
  type Params = Record<string, string | number | null>;
  const write = (sql: string) => db.prepare<[Params]>(sql);
  return {
    insert: write(
      `INSERT INTO jobs (id, delivery_id, type, key, supersedes, installation_id, payload, state, run_at,
                         created_at, updated_at)
       VALUES (@id, @deliveryId, @type, @key, @supersedes, @installationId, @payload, 'queued', @now, @now, @now)
       ON CONFLICT (delivery_id) DO NOTHING`,
    ),
    byDelivery: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE delivery_id = ?'),
    byId: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),

    requestSupersede: db.prepare<[Params], { id: string }>(
      `UPDATE jobs SET supersede_requested = 1, updated_at = @now
       WHERE key = @key AND type = @type AND state = 'running' RETURNING id`,
    ),
    // The distinct groups of queued jobs, one index seek each (SQLite would otherwise read every queued row),
    // in turn order: never served first, then least recently served; ties go to the group with the oldest job.
    groupsByTurn: db.prepare<[], { group: number }>(
      `WITH RECURSIVE queued_groups(grp) AS (
         SELECT MIN(installation_group) FROM jobs INDEXED BY jobs_queued_by_group WHERE state = 'queued'
         UNION ALL
         SELECT (SELECT MIN(installation_group) FROM jobs INDEXED BY jobs_queued_by_group
                 WHERE state = 'queued' AND installation_group > grp)
         FROM queued_groups WHERE grp IS NOT NULL
       )
       SELECT q.grp AS "group" FROM queued_groups q
       LEFT JOIN group_turns t ON t.installation_group = q.grp
       WHERE q.grp IS NOT NULL
       ORDER BY IFNULL(t.turn, 0),
                (SELECT MIN(seq) FROM jobs INDEXED BY jobs_queued_by_group
                 WHERE state = 'queued' AND installation_group = q.grp)`,
    ),
    nextInGroup: db.prepare<[Params], { seq: number; key: string; type: string }>(
      `SELECT j.seq, j.key, j.type FROM jobs j INDEXED BY jobs_queued_by_group
       WHERE j.installation_group = @group AND j.state = 'queued' AND j.run_at <= @now
         AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.key = j.key AND r.state = 'running')
       ORDER BY j.seq LIMIT 1`,
    ),
    takeTurn: write(
      `INSERT INTO group_turns (installation_group, turn)
       VALUES (@group, (SELECT IFNULL(MAX(turn), 0) + 1 FROM group_turns))
       ON CONFLICT (installation_group) DO UPDATE SET turn = excluded.turn`,
    ),
    supersedeRequested: db.prepare<[], { id: string }>(
      `SELECT id FROM jobs WHERE state = 'running' AND supersede_requested = 1`,
    ),
    newerSuperseding: db.prepare<[{ seq: number; key: string; type: string }], { seq: number }>(
      `SELECT seq FROM jobs WHERE key = @key AND type = @type AND supersedes = 1 AND seq > @seq LIMIT 1`,
    ),
    supersedeCandidate: write(`UPDATE jobs SET state = 'superseded', updated_at = @now WHERE seq = @seq`),
    claim: db.prepare<[Params], JobRow>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = @leaseUntil,
                       worker_id = @workerId, claim_id = @claimId, updated_at = @now
       WHERE seq = @seq
       RETURNING *`,
    ),
    heartbeat: write(`UPDATE jobs SET lease_until = @leaseUntil, updated_at = @now ${HELD}`),
    saveCheckpoint: write(`UPDATE jobs SET checkpoint = @checkpoint, updated_at = @now ${HELD}`),
    complete: write(
      `UPDATE jobs SET state = 'done', result = @result, lease_until = NULL, updated_at = @now ${HELD}`,
    ),
    retry: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, run_at = @runAt, last_error = @error, lease_until = NULL,
                       updated_at = @now ${HELD}`,
    ),
    bury: write(
      `UPDATE jobs SET state = ${BURIED_STATE}, last_error = @error, lease_until = NULL, updated_at = @now
       ${UNFINISHED}`,
    ),
    markSuperseded: write(
      `UPDATE jobs SET state = 'superseded', lease_until = NULL, updated_at = @now ${UNFINISHED}`,
    ),
    release: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, attempts = attempts - 1, run_at = @now, lease_until = NULL,
                       updated_at = @now ${HELD}`,
    ),
    recoverExpired: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, lease_until = NULL, updated_at = @now
       WHERE state = 'running' AND lease_until < @now`,
    ),
    recoverWorker: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, lease_until = NULL, updated_at = @now
       WHERE state = 'running' AND worker_id = @workerId`,
    ),
    prune: write(
      `DELETE FROM jobs WHERE seq IN (
         SELECT seq FROM jobs WHERE state IN ('done', 'dead', 'superseded') AND updated_at < @cutoff
         ORDER BY seq LIMIT @limit)`,
    ),
    dueCount: db.prepare<[Params], { n: number }>(
      `SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued' AND run_at <= @now`,
    ),
    list: db.prepare<[Params], JobRow>(
      `SELECT * FROM jobs WHERE @state IS NULL OR state = @state ORDER BY seq DESC LIMIT @limit`,
    ),
    counts: db.prepare<[], { state: JobState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM jobs GROUP BY state',
    ),
  };
}

function leaseParams(job: JobLease | string): { id: string; claimId: string | null } {
  return typeof job === 'string' ? { id: job, claimId: null } : { id: job.id, claimId: job.claimId };
}

function toClaimedJob(row: JobRow): ClaimedJob {
  if (row.claim_id === null) throw new Error(`job ${row.id} was claimed without a claim id`);
  return { ...toJob(row), claimId: row.claim_id };
}

function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    deliveryId: row.delivery_id,
    type: row.type,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: row.attempts,
    runAt: row.run_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.supersedes === 1) job.supersedes = true;
  if (row.installation_id !== null) job.installationId = row.installation_id;
  if (row.last_error !== null) job.lastError = row.last_error;
  if (row.result !== null) job.result = JSON.parse(row.result) as unknown;
  if (row.checkpoint !== null) job.checkpoint = JSON.parse(row.checkpoint) as unknown;
  return job;
}
