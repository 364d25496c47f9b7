import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { admitJob } from '../../src/budgets/budget-check.js';
import { readLimitsConfig, limitsFor } from '../../src/budgets/installation-limits.js';
import { RedisUsageStore } from '../../src/budgets/redis-usage-store.js';
import { SqliteUsageStore } from '../../src/budgets/sqlite-usage-store.js';
import type { UsageStore } from '../../src/budgets/usage-store.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// One suite, both stores: what every worker of an installation sees and counts must be the same whether the
// App runs alone on SQLite or scaled out on Redis.

const NOON = Date.UTC(2026, 10, 22, 12, 0, 0);
const HOUR = 3_600_000;
let jobs = 0;
const nextJob = () => `job-${++jobs}`;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

const stores: Array<[string, () => Promise<{ open: () => UsageStore; cleanup: () => void }>]> = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-usage-'));
      return {
        open: () => SqliteUsageStore.open(dir),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'Redis',
    async () => {
      const prefix = `test:${Math.random().toString(36).slice(2)}:`;
      return { open: () => RedisUsageStore.open(redis.url, prefix), cleanup: () => {} };
    },
  ],
];

describe.each(stores)('%s usage store', (_, make) => {
  const opened: UsageStore[] = [];
  let cleanup = () => {};
  let open: () => UsageStore;
  beforeAll(async () => {
    ({ open, cleanup } = await make());
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(() => cleanup());
  const store = () => {
    const s = open();
    opened.push(s);
    return s;
  };

  test('admits jobs up to the hourly limit, per installation, and frees a slot an hour after the oldest', async () => {
    const s = store();
    expect(await s.admitJob(1, nextJob(), NOON, 2)).toBe(true);
    expect(await s.admitJob(1, nextJob(), NOON + 10 * 60_000, 2)).toBe(true);
    expect(await s.admitJob(1, nextJob(), NOON + 20 * 60_000, 2)).toBe(false);
    expect(await s.admitJob(2, nextJob(), NOON + 20 * 60_000, 2)).toBe(true); // another installation
    expect(await s.totals(1, NOON + 20 * 60_000)).toMatchObject({ jobsLastHour: 2, oldestJobAt: NOON });
    expect(await s.admitJob(1, nextJob(), NOON + HOUR + 1, 2)).toBe(true);
  });

  test('a job admitted again within the hour (a retry, a run after a crash) is not counted twice', async () => {
    const s = store();
    expect(await s.admitJob(5, 'job-a', NOON, 1)).toBe(true);
    expect(await s.admitJob(5, 'job-a', NOON + 60_000, 1)).toBe(true); // its retry: still the one job
    expect(await s.admitJob(5, 'job-b', NOON + 60_000, 1)).toBe(false); // another job: over the limit
    expect(await s.totals(5, NOON + 60_000)).toMatchObject({ jobsLastHour: 1, oldestJobAt: NOON });
    expect(await s.admitJob(6, 'job-a', NOON, 1)).toBe(true); // ids are per installation
  });

  test('two workers (two connections) never admit more than the limit between them', async () => {
    const [a, b] = [store(), store()];
    const tries = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).admitJob(7, `job-${i}`, NOON + i, 5)),
    );
    expect(tries.filter(Boolean)).toHaveLength(5);
  });

  test('adds spend by UTC day and month', async () => {
    const s = store();
    await s.recordCost(3, 1.25, Date.UTC(2026, 10, 21, 23, 0));
    await s.recordCost(3, 0.5, NOON);
    await s.recordCost(3, 0.25, NOON + HOUR);
    await s.recordCost(3, 9, Date.UTC(2026, 9, 30)); // last month
    expect(await s.totals(3, NOON + 2 * HOUR)).toMatchObject({ usdToday: 0.75, usdThisMonth: 2 });
  });

  test('admitJob: a spent day or month refuses with the reason and when it resets', async () => {
    const s = store();
    await s.recordCost(4, 5, NOON);
    expect(await admitJob(s, { usdPerDay: 5 }, 4, nextJob(), NOON + HOUR)).toEqual({
      ok: false,
      reason: 'this installation spent $5.00 today (UTC), its limit is $5.00',
      resetsAt: Date.UTC(2026, 10, 23),
    });
    expect(await admitJob(s, { usdPerMonth: 4, usdPerDay: 5 }, 4, nextJob(), NOON + HOUR)).toMatchObject({
      ok: false,
      resetsAt: Date.UTC(2026, 11, 1),
    });
    expect(await admitJob(s, { usdPerDay: 6 }, 4, nextJob(), NOON + HOUR)).toEqual({ ok: true });
    expect(await admitJob(s, { jobsPerHour: 1 }, 4, nextJob(), NOON + HOUR + 1)).toEqual({
      ok: false,
      reason: 'this installation ran 1 job in the last hour, its limit is 1 per hour',
      resetsAt: NOON + 2 * HOUR,
    });
  });
});

test('a usage.db from before job ids keeps its admissions and gains the column', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-usage-old-'));
  try {
    const old = new Database(path.join(dir, 'usage.db'));
    old.exec('CREATE TABLE job_admissions (installation_id INTEGER NOT NULL, at INTEGER NOT NULL)');
    old.prepare('INSERT INTO job_admissions (installation_id, at) VALUES (?, ?)').run(9, NOON);
    old.close();
    const store = SqliteUsageStore.open(dir);
    expect(await store.admitJob(9, 'job-x', NOON + 1, 2)).toBe(true);
    expect(await store.admitJob(9, 'job-x', NOON + 2, 2)).toBe(true);
    expect(await store.admitJob(9, 'job-y', NOON + 3, 2)).toBe(false);
    await store.close();
    await SqliteUsageStore.open(dir).close(); // opening again changes nothing
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('limits from the environment', () => {
  test('defaults for all, overrides per installation, bad values named', () => {
    const config = readLimitsConfig({
      PULLWISE_LIMIT_USD_PER_DAY: '10',
      PULLWISE_INSTALLATION_LIMITS: '{"42": {"usdPerDay": 50, "jobsPerHour": 100}}',
    });
    expect(limitsFor(config, 1)).toEqual({ usdPerDay: 10, jobsPerHour: undefined, usdPerMonth: undefined });
    expect(limitsFor(config, 42)).toEqual({ usdPerDay: 50, jobsPerHour: 100, usdPerMonth: undefined });
    expect(() => readLimitsConfig({ PULLWISE_LIMIT_JOBS_PER_HOUR: 'many' })).toThrow(
      'PULLWISE_LIMIT_JOBS_PER_HOUR must be a positive number, got "many"',
    );
    expect(() => readLimitsConfig({ PULLWISE_INSTALLATION_LIMITS: '{"42": {"usdPerDay": -1}}' })).toThrow(
      'PULLWISE_INSTALLATION_LIMITS.42.usdPerDay must be a positive number, got -1',
    );
  });
});
