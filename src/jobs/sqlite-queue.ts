import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JOB_STATES, type Job, type JobInput, type JobState } from './job.js';
import type { EnqueueResult, JobListFilter, JobQueue } from './job-queue.js';
import { migrate } from './sqlite-schema.js';

export interface SqliteJobQueueOptions {
  /** The clock for run_at, leases and timestamps; tests move it past a lease. */
  now?: () => number;
  busyTimeoutMs?: number;
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
  last_error: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
}

// A job that a newer one superseded while it ran does not go back to the queue: the newer job does its work.
const REQUEUED_STATE = `CASE WHEN supersede_requested = 1 THEN 'superseded' ELSE 'queued' END`;

/** The job queue in one SQLite file, `<dir>/pullwise.db`, for a single process (`pullwise serve --role all`). */
export class SqliteJobQueue implements JobQueue {
  private readonly statements;
  private readonly enqueueTransaction;
  private readonly enqueueBatch;
  private readonly claimTransaction;
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
      // crash can drop the last commits, because the WAL is not fsynced at each commit; FULL fsyncs it.
      db.pragma('synchronous = FULL');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteJobQueue(db, options.now ?? Date.now);
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.statements = prepareStatements(db);
    this.enqueueTransaction = db.transaction((input: JobInput) => this.enqueueNow(input));
    this.enqueueBatch = db.transaction((inputs: JobInput[]) => inputs.map((input) => this.enqueueNow(input)));
    this.claimTransaction = db.transaction((workerId: string, leaseMs: number) => {
      const now = this.now();
      const row = this.statements.claim.get({ now, leaseUntil: now + leaseMs, workerId });
      return row ? toJob(row) : null;
    });
  }

  // IMMEDIATE takes the write lock before reading: with a deferred transaction, a second connection could
  // commit between our read and our write, and in WAL mode that fails with SQLITE_BUSY at once.
  //
  // Group commit: every commit fsyncs (synchronous=FULL), so webhooks that arrive together are stored in one
  // transaction — one fsync for all of them — just after the current turn of the event loop. Each promise
  // still resolves only once its job is on disk.
  enqueue(input: JobInput): Promise<EnqueueResult> {
    return new Promise((resolve, reject) => {
      this.pendingEnqueues.push({ input, resolve, reject });
      if (this.pendingEnqueues.length === 1) setImmediate(() => this.flushEnqueues());
    });
  }

  private flushEnqueues(): void {
    const batch = this.pendingEnqueues.splice(0);
    try {
      const results = this.enqueueBatch.immediate(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch {
      // One bad input must not fail the others: store them one by one, each with its own outcome.
      for (const b of batch) {
        try {
          b.resolve(this.enqueueTransaction.immediate(b.input));
        } catch (error) {
          b.reject(error);
        }
      }
    }
  }

  async claim(workerId: string, leaseMs: number): Promise<Job | null> {
    return this.claimTransaction.immediate(workerId, leaseMs);
  }

  async heartbeat(id: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    return this.statements.heartbeat.run({ id, now, leaseUntil: now + leaseMs }).changes === 1;
  }

  async complete(id: string, result?: unknown): Promise<boolean> {
    const json = result === undefined ? null : JSON.stringify(result);
    return this.statements.complete.run({ id, now: this.now(), result: json }).changes === 1;
  }

  async retry(id: string, error: string, delayMs: number): Promise<boolean> {
    const now = this.now();
    return this.statements.retry.run({ id, now, runAt: now + delayMs, error }).changes === 1;
  }

  async bury(id: string, error: string): Promise<boolean> {
    return this.statements.bury.run({ id, now: this.now(), error }).changes === 1;
  }

  async markSuperseded(id: string): Promise<boolean> {
    return this.statements.markSuperseded.run({ id, now: this.now() }).changes === 1;
  }

  async release(id: string): Promise<boolean> {
    return this.statements.release.run({ id, now: this.now() }).changes === 1;
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

  async get(id: string): Promise<Job | null> {
    const row = this.statements.byId.get(id);
    return row ? toJob(row) : null;
  }

  async list(filter: JobListFilter = {}): Promise<Job[]> {
    const rows = this.statements.list.all({ state: filter.state ?? null, limit: filter.limit ?? 100 });
    return rows.map(toJob);
  }

  async counts(): Promise<Record<JobState, number>> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    for (const { state, n } of this.statements.counts.all()) counts[state] = n;
    return counts;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private enqueueNow(input: JobInput): EnqueueResult {
    const now = this.now();
    // RETURNING gives the new row in the same statement; a duplicate delivery inserts nothing and is read back.
    const inserted = this.statements.insert.get({
      id: randomUUID(),
      deliveryId: input.deliveryId,
      type: input.type,
      key: input.key,
      supersedes: input.supersedes ? 1 : 0,
      installationId: input.installationId ?? null,
      payload: JSON.stringify(input.payload ?? null),
      now,
    });
    if (!inserted) {
      const existing = this.statements.byDelivery.get(input.deliveryId);
      if (!existing)
        throw new Error(`job for delivery ${input.deliveryId} vanished inside its own transaction`);
      return { job: toJob(existing), duplicate: true, supersededRunning: [] };
    }
    const row = inserted;
    let supersededRunning: string[] = [];
    if (input.supersedes) {
      const scope = { key: input.key, type: input.type, id: row.id, now };
      this.statements.supersedeQueued.run(scope);
      supersededRunning = this.statements.requestSupersede.all(scope).map(({ id }) => id);
    }
    return { job: toJob(row), duplicate: false, supersededRunning };
  }
}

function prepareStatements(db: Database.Database) {
  type Params = Record<string, string | number | null>;
  const write = (sql: string) => db.prepare<[Params]>(sql);
  return {
    insert: db.prepare<[Params], JobRow>(
      `INSERT INTO jobs (id, delivery_id, type, key, supersedes, installation_id, payload, state, run_at,
                         created_at, updated_at)
       VALUES (@id, @deliveryId, @type, @key, @supersedes, @installationId, @payload, 'queued', @now, @now, @now)
       ON CONFLICT (delivery_id) DO NOTHING
       RETURNING *`,
    ),
    byDelivery: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE delivery_id = ?'),
    byId: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),
    supersedeQueued: write(
      `UPDATE jobs SET state = 'superseded', updated_at = @now
       WHERE key = @key AND type = @type AND state = 'queued' AND id != @id`,
    ),
    requestSupersede: db.prepare<[Params], { id: string }>(
      `UPDATE jobs SET supersede_requested = 1, updated_at = @now
       WHERE key = @key AND type = @type AND state = 'running' RETURNING id`,
    ),
    claim: db.prepare<[Params], JobRow>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = @leaseUntil,
                       worker_id = @workerId, updated_at = @now
       WHERE seq = (SELECT j.seq FROM jobs j
                    WHERE j.state = 'queued' AND j.run_at <= @now
                      AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.key = j.key AND r.state = 'running')
                    ORDER BY j.seq LIMIT 1)
       RETURNING *`,
    ),
    heartbeat: write(
      `UPDATE jobs SET lease_until = @leaseUntil, updated_at = @now WHERE id = @id AND state = 'running'`,
    ),
    complete: write(
      `UPDATE jobs SET state = 'done', result = @result, lease_until = NULL, updated_at = @now
       WHERE id = @id AND state = 'running'`,
    ),
    retry: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, run_at = @runAt, last_error = @error, lease_until = NULL,
                       updated_at = @now
       WHERE id = @id AND state = 'running'`,
    ),
    bury: write(
      `UPDATE jobs SET state = 'dead', last_error = @error, lease_until = NULL, updated_at = @now
       WHERE id = @id AND state IN ('queued', 'running')`,
    ),
    markSuperseded: write(
      `UPDATE jobs SET state = 'superseded', lease_until = NULL, updated_at = @now
       WHERE id = @id AND state IN ('queued', 'running')`,
    ),
    release: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, attempts = attempts - 1, run_at = @now, lease_until = NULL,
                       updated_at = @now
       WHERE id = @id AND state = 'running'`,
    ),
    recoverExpired: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, lease_until = NULL, updated_at = @now
       WHERE state = 'running' AND lease_until < @now`,
    ),
    recoverWorker: write(
      `UPDATE jobs SET state = ${REQUEUED_STATE}, lease_until = NULL, updated_at = @now
       WHERE state = 'running' AND worker_id = @workerId`,
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
  return job;
}
