import type { Database } from 'better-sqlite3';
import { PullwiseError } from '../core/errors.js';

/**
 * Migration N (0-based) takes the database from `user_version` N to N + 1. Append; never edit one that
 * has shipped, since databases in the field already ran it.
 */
const MIGRATIONS = [
  `CREATE TABLE jobs (
     seq INTEGER PRIMARY KEY,            -- enqueue order: "oldest first" even when the clock ties
     id TEXT NOT NULL UNIQUE,
     delivery_id TEXT NOT NULL UNIQUE,   -- one job per GitHub delivery
     type TEXT NOT NULL,
     key TEXT NOT NULL,
     supersedes INTEGER NOT NULL DEFAULT 0,
     installation_id INTEGER,
     payload TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead', 'superseded')),
     attempts INTEGER NOT NULL DEFAULT 0,
     run_at INTEGER NOT NULL,
     lease_until INTEGER,
     worker_id TEXT,
     supersede_requested INTEGER NOT NULL DEFAULT 0, -- a newer job superseded this one while it ran
     last_error TEXT,
     result TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX jobs_by_state ON jobs (state, run_at);
   CREATE INDEX jobs_by_key ON jobs (key, state);`,
  // Fair turns between installations (see SqliteJobQueue.claim). The partial index holds only queued jobs, so
  // a claim finds each installation's oldest one without reading the jobs that already ran.
  `ALTER TABLE jobs ADD COLUMN installation_group INTEGER
     GENERATED ALWAYS AS (IFNULL(installation_id, 0)) VIRTUAL; -- jobs without an installation are one group
   CREATE INDEX jobs_queued_by_group ON jobs (installation_group, seq) WHERE state = 'queued';
   CREATE TABLE group_turns (
     installation_group INTEGER PRIMARY KEY,
     turn INTEGER NOT NULL              -- the claim counter when this group was last served
   );
   CREATE INDEX group_turns_by_turn ON group_turns (turn);`,
  // Each claim gets an id of its own, which the holder's transitions must name (see ClaimedJob). A job that
  // was running under an older Pullwise has none: only recovery, which needs no claim, moves it on.
  `ALTER TABLE jobs ADD COLUMN claim_id TEXT;`,
  // What an attempt keeps for the next (JobQueue.saveCheckpoint), as JSON.
  `ALTER TABLE jobs ADD COLUMN checkpoint TEXT;`,
];

/** Brings the database to the newest schema; `target` stops earlier (tests build old databases with it). */
export function migrate(db: Database, target = MIGRATIONS.length): void {
  // IMMEDIATE: two processes opening a fresh file must not both run the same migration.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new PullwiseError(
        `the job database ${db.name} has schema version ${version}, newer than this Pullwise understands ` +
          `(${MIGRATIONS.length}); upgrade Pullwise or point PULLWISE_DATA_DIR at another folder`,
        'job-db-too-new',
      );
    }
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index < version || index >= target) continue;
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    }
  }).immediate();
}
