import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Learning, NewLearning } from '../core/learnings/learning.js';
import { learningValue, readLearning } from './learning-record.js';
import type { LearningStore } from './learning-store.js';

// A forgotten learning keeps its row with a NULL value: its number is never given again (the next is after
// the highest row) and its key is never stored again (UNIQUE finds it).
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS learnings (
    repo TEXT NOT NULL,
    number INTEGER NOT NULL,
    key TEXT,
    value TEXT,
    PRIMARY KEY (repo, number),
    UNIQUE (repo, key)
  );`;

type Row = { number: number; value: string | null };

/** In `<dataDir>/learnings.db` (its own file, as usage.db and triggers.db). */
export class SqliteLearningStore implements LearningStore {
  private readonly addNow: (repo: string, added: NewLearning) => Learning | undefined;
  private readonly forgetNow: (repo: string, number: number) => Learning | undefined;
  private readonly all;

  static open(dataDir: string): SqliteLearningStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'learnings.db'));
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    return new SqliteLearningStore(db);
  }

  private constructor(private readonly db: Database.Database) {
    this.all = db.prepare<[string], Row>(
      'SELECT number, value FROM learnings WHERE repo = ? AND value IS NOT NULL ORDER BY number',
    );
    const byKey = db.prepare<[string, string], Row>(
      'SELECT number, value FROM learnings WHERE repo = ? AND key = ?',
    );
    const byNumber = db.prepare<[string, number], Row>(
      'SELECT number, value FROM learnings WHERE repo = ? AND number = ? AND value IS NOT NULL',
    );
    const next = db.prepare<[string], { n: number }>(
      'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM learnings WHERE repo = ?',
    );
    const insert = db.prepare<[string, number, string | null, string]>(
      'INSERT INTO learnings (repo, number, key, value) VALUES (?, ?, ?, ?)',
    );
    const clear = db.prepare<[string, number]>(
      'UPDATE learnings SET value = NULL WHERE repo = ? AND number = ?',
    );

    // IMMEDIATE: the key's lookup, the next number and the insert happen under the write lock, so two
    // processes on one data dir cannot take the same number or store one key twice.
    const add = db.transaction((repo: string, added: NewLearning): Learning | undefined => {
      if (added.key !== undefined) {
        const known = byKey.get(repo, added.key);
        if (known) return known.value === null ? undefined : readLearning(known.number, known.value);
      }
      const value = learningValue(added);
      const number = next.get(repo)!.n;
      insert.run(repo, number, added.key ?? null, value);
      return readLearning(number, value);
    });
    const forget = db.transaction((repo: string, number: number): Learning | undefined => {
      const row = byNumber.get(repo, number);
      if (!row) return undefined;
      clear.run(repo, number);
      return readLearning(number, row.value!);
    });
    this.addNow = (repo, added) => add.immediate(repo, added);
    this.forgetNow = (repo, number) => forget.immediate(repo, number);
  }

  async add(repo: string, added: NewLearning): Promise<Learning | undefined> {
    return this.addNow(repo, added);
  }

  async list(repo: string): Promise<Learning[]> {
    return this.all.all(repo).flatMap((row) => readLearning(row.number, row.value!) ?? []);
  }

  async forget(repo: string, number: number): Promise<Learning | undefined> {
    return this.forgetNow(repo, number);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
