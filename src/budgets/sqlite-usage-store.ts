import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HOUR_MS, utcDay, utcMonth, type UsageStore, type UsageTotals } from './usage-store.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS job_admissions (installation_id INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS job_admissions_by_installation ON job_admissions (installation_id, at);
  CREATE TABLE IF NOT EXISTS spend (
    installation_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    usd REAL NOT NULL,
    PRIMARY KEY (installation_id, day)
  );`;

/** The usage store in `<dataDir>/usage.db` (its own file: the job store's schema stays the queue's). */
export class SqliteUsageStore implements UsageStore {
  private readonly admit: (
    installationId: number,
    jobId: string,
    at: number,
    limit: number | null,
  ) => boolean;
  private readonly statements;

  static open(dataDir: string): SqliteUsageStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'usage.db'));
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      db.exec(SCHEMA);
      // Added later: which job an admission counts, so that its retries are not counted again.
      const columns = db.prepare<[], { name: string }>('PRAGMA table_info(job_admissions)').all();
      if (!columns.some((c) => c.name === 'job_id')) {
        db.exec(`ALTER TABLE job_admissions ADD COLUMN job_id TEXT;
                 CREATE INDEX job_admissions_by_job ON job_admissions (job_id);`);
      }
    }).immediate();
    return new SqliteUsageStore(db);
  }

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      count: db.prepare<[number, number], { n: number; oldest: number | null }>(
        'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM job_admissions WHERE installation_id = ? AND at > ?',
      ),
      spend: db.prepare<[string, number, string, string], { today: number | null; month: number | null }>(
        `SELECT SUM(CASE WHEN day = ? THEN usd END) AS today, SUM(usd) AS month
         FROM spend WHERE installation_id = ? AND day LIKE ? || '%' AND day <= ?`,
      ),
      addSpend: db.prepare(
        `INSERT INTO spend (installation_id, day, usd) VALUES (?, ?, ?)
         ON CONFLICT (installation_id, day) DO UPDATE SET usd = usd + excluded.usd`,
      ),
    };
    const count = this.statements.count;
    const insert = db.prepare('INSERT INTO job_admissions (installation_id, job_id, at) VALUES (?, ?, ?)');
    const prune = db.prepare('DELETE FROM job_admissions WHERE at <= ?');
    const admitted = db.prepare<[string, number], { n: number }>(
      'SELECT 1 AS n FROM job_admissions WHERE job_id = ? AND installation_id = ?',
    );
    // IMMEDIATE: the count and the insert happen under the write lock, so processes cannot both pass.
    const admit = db.transaction(
      (installationId: number, jobId: string, at: number, limit: number | null) => {
        prune.run(at - HOUR_MS);
        if (admitted.get(jobId, installationId)) return true;
        if (limit !== null && count.get(installationId, at - HOUR_MS)!.n >= limit) return false;
        insert.run(installationId, jobId, at);
        return true;
      },
    );
    this.admit = (installationId, jobId, at, limit) => admit.immediate(installationId, jobId, at, limit);
  }

  async admitJob(
    installationId: number,
    jobId: string,
    at: number,
    limit: number | undefined,
  ): Promise<boolean> {
    return this.admit(installationId, jobId, at, limit ?? null);
  }

  async recordCost(installationId: number, usd: number, at: number): Promise<void> {
    if (!(usd > 0)) return;
    this.statements.addSpend.run(installationId, utcDay(at), usd);
  }

  async totals(installationId: number, at: number): Promise<UsageTotals> {
    const jobs = this.statements.count.get(installationId, at - HOUR_MS)!;
    const spend = this.statements.spend.get(utcDay(at), installationId, utcMonth(at), utcDay(at))!;
    return {
      jobsLastHour: jobs.n,
      ...(jobs.oldest !== null ? { oldestJobAt: jobs.oldest } : {}),
      usdToday: spend.today ?? 0,
      usdThisMonth: spend.month ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
