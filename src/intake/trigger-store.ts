import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { openRedis, type RedisStatus } from '../redis/redis-connection.js';
import type { RepoTriggers } from './job-for-event.js';

/**
 * What intake knows of each repository's triggers (`triggers.phrase`, `fix.label`), learned by the jobs that
 * read its config. Kept where every process sees it and a restart keeps it: a web process decides on webhooks
 * it never ran a job for. A repository not yet learned has the defaults.
 */
export interface TriggerStore {
  get(repo: string): Promise<RepoTriggers | undefined>;
  set(repo: string, triggers: RepoTriggers): Promise<void>;
  close(): Promise<void>;
}

/** In `<dataDir>/triggers.db` (its own file, as usage.db: the job store's schema stays the queue's). */
export class SqliteTriggerStore implements TriggerStore {
  private readonly read;
  private readonly write;

  static open(dataDir: string): SqliteTriggerStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'triggers.db'));
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS repo_triggers (repo TEXT PRIMARY KEY, triggers TEXT NOT NULL)');
    return new SqliteTriggerStore(db);
  }

  private constructor(private readonly db: Database.Database) {
    this.read = db.prepare<[string], { triggers: string }>(
      'SELECT triggers FROM repo_triggers WHERE repo = ?',
    );
    this.write = db.prepare<[string, string]>(
      'INSERT INTO repo_triggers (repo, triggers) VALUES (?, ?) ON CONFLICT (repo) DO UPDATE SET triggers = excluded.triggers',
    );
  }

  async get(repo: string): Promise<RepoTriggers | undefined> {
    const row = this.read.get(repo);
    return row ? parseTriggers(row.triggers) : undefined;
  }

  async set(repo: string, triggers: RepoTriggers): Promise<void> {
    this.write.run(repo, JSON.stringify(triggers));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** One hash on Redis, for Pullwise scaled out (REDIS_URL): every web process reads what any worker learned. */
export class RedisTriggerStore implements TriggerStore {
  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  static open(url: string, key = 'pullwise:triggers', status?: RedisStatus): RedisTriggerStore {
    return new RedisTriggerStore(openRedis(url, { name: 'triggers', ...(status ? { status } : {}) }), key);
  }

  async get(repo: string): Promise<RepoTriggers | undefined> {
    const text = await this.redis.hget(this.key, repo);
    return text === null ? undefined : parseTriggers(text);
  }

  async set(repo: string, triggers: RepoTriggers): Promise<void> {
    await this.redis.hset(this.key, repo, JSON.stringify(triggers));
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}

/** A row another version wrote, or a hand, is ignored: intake then uses the defaults. */
function parseTriggers(text: string): RepoTriggers | undefined {
  try {
    const value = JSON.parse(text) as Partial<RepoTriggers>;
    if (typeof value.phrase !== 'string' || value.phrase === '') return undefined;
    return {
      phrase: value.phrase,
      ...(typeof value.fixLabel === 'string' ? { fixLabel: value.fixLabel } : {}),
    };
  } catch {
    return undefined;
  }
}
