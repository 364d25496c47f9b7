import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import type { NewLearning } from '../../src/core/learnings/learning.js';
import type { LearningStore } from '../../src/learnings/learning-store.js';
import { RedisLearningStore } from '../../src/learnings/redis-learning-store.js';
import { SqliteLearningStore } from '../../src/learnings/sqlite-learning-store.js';
import { RedisStatus } from '../../src/redis/redis-connection.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/until.js';

// One contract, both stores: a repository's learnings must number, dedupe and forget the same whether the App
// runs alone on SQLite or scaled out on Redis.

/** One store's data (a data dir, a key prefix); each `open` is another process on it: a worker, a restart. */
interface StoreData {
  open(status?: RedisStatus): LearningStore;
  /** Overwrites what is kept for learning `number`, as another version or a hand would. */
  overwrite(repo: string, number: number, value: string): Promise<void>;
}

const opened: LearningStore[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

function kept(store: LearningStore): LearningStore {
  opened.push(store);
  return store;
}

const backends: Array<[string, () => StoreData]> = [
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-learnings-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return {
        open: () => kept(SqliteLearningStore.open(dir)),
        async overwrite(repo, number, value) {
          const db = new Database(path.join(dir, 'learnings.db'));
          db.prepare('UPDATE learnings SET value = ? WHERE repo = ? AND number = ?').run(value, repo, number);
          db.close();
        },
      };
    },
  ],
  [
    'Redis',
    () => {
      const prefix = `test:${randomUUID()}`;
      return {
        open: (status) => kept(RedisLearningStore.open(redis.url, prefix, status)),
        async overwrite(repo, number, value) {
          const client = new Redis(redis.url);
          await client.hset(`${prefix}:{${repo}}:items`, number, value);
          await client.quit();
        },
      };
    },
  ],
];

const rule = (text: string, extra: Partial<NewLearning> = {}): NewLearning => ({
  kind: 'rule',
  text,
  author: 'octocat',
  ...extra,
});

const numbers = (learnings: Array<{ number: number }>) => learnings.map((l) => l.number);

describe.each(backends)('%s learning store', (_, newData) => {
  test('numbers each repository from 1 on its own, and lists by number (10 after 9)', async () => {
    const store = newData().open();
    const texts = Array.from({ length: 11 }, (__, i) => `a${i + 1}`);
    for (const text of texts.slice(0, -1)) await store.add('octo/a', rule(text));
    expect(await store.add('octo/b', rule('b1'))).toMatchObject({ number: 1, text: 'b1' });
    expect(await store.add('octo/a', rule('a11'))).toMatchObject({ number: 11, text: 'a11' });

    const a = await store.list('octo/a');
    expect(a.map((l) => [l.number, l.text])).toEqual(texts.map((text, i) => [i + 1, text]));
    expect(await store.list('octo/b')).toMatchObject([{ number: 1, text: 'b1' }]);
    expect(await store.list('octo/none')).toEqual([]);
    expect(new Date(a[0]!.createdAt).toISOString()).toBe(a[0]!.createdAt);
  });

  test('forget returns the learning and removes it; an unknown number, or one forgotten, gives undefined', async () => {
    const store = newData().open();
    const first = await store.add('octo/a', rule('one'));
    await store.add('octo/a', rule('two'));
    expect(await store.forget('octo/a', 1)).toEqual(first);
    expect(numbers(await store.list('octo/a'))).toEqual([2]);
    expect(await store.forget('octo/a', 1)).toBeUndefined();
    expect(await store.forget('octo/a', 99)).toBeUndefined();
    expect(await store.forget('octo/b', 2)).toBeUndefined(); // another repository's number 2
    expect(numbers(await store.list('octo/a'))).toEqual([2]);
  });

  test('a forgotten number is never given again, the highest one included', async () => {
    const store = newData().open();
    for (const text of ['one', 'two', 'three']) await store.add('octo/a', rule(text));
    await store.forget('octo/a', 2);
    expect((await store.add('octo/a', rule('four')))?.number).toBe(4);
    await store.forget('octo/a', 4);
    expect((await store.add('octo/a', rule('five')))?.number).toBe(5);
    expect(numbers(await store.list('octo/a'))).toEqual([1, 3, 5]);
  });

  test('a key is stored once: the same key again returns the stored learning, per repository', async () => {
    const store = newData().open();
    const first = await store.add('octo/a', rule('dismissed', { key: 'dismissed:1' }));
    expect(first).toMatchObject({ number: 1, text: 'dismissed' });
    expect(first).not.toHaveProperty('key');
    expect(await store.add('octo/a', rule('again, other text', { key: 'dismissed:1' }))).toEqual(first);
    expect(await store.add('octo/b', rule('in b', { key: 'dismissed:1' }))).toMatchObject({ number: 1 });
    expect(await store.list('octo/a')).toEqual([first]);
  });

  test('a key whose learning was forgotten is never stored again', async () => {
    const store = newData().open();
    await store.add('octo/a', rule('👎', { key: 'reaction:7:octocat' }));
    await store.forget('octo/a', 1);
    expect(await store.add('octo/a', rule('👎', { key: 'reaction:7:octocat' }))).toBeUndefined();
    expect(await store.list('octo/a')).toEqual([]);
    expect((await store.add('octo/a', rule('another')))?.number).toBe(2); // and it took no number
  });

  test('the optional fields come back as given, and are absent when not given', async () => {
    const store = newData().open();
    const dismissal: NewLearning = {
      kind: 'dismissal',
      text: 'we allow this here',
      pathGlob: 'src/legacy/**',
      finding: { path: 'src/legacy/a.ts', source: 'check:eslint', body: 'no-var', fingerprint: 'f00d' },
      author: 'maintainer',
      link: 'https://github.com/octo/a/pull/1#discussion_r2',
      key: 'dismissed:2',
    };
    const { key: _key, ...taught } = dismissal;
    const stored = await store.add('octo/a', dismissal);
    expect(stored).toStrictEqual({ ...taught, number: 1, createdAt: expect.any(String) });
    const bare = await store.add('octo/a', rule('bare'));
    expect(Object.keys(bare!).sort()).toEqual(['author', 'createdAt', 'kind', 'number', 'text']);
    expect(await store.list('octo/a')).toStrictEqual([stored, bare]);
  });

  test('a kept value that is not a learning is skipped, and its number is not given again', async () => {
    const data = newData();
    const store = data.open();
    for (const text of ['one', 'two', 'three']) await store.add('octo/a', rule(text));
    await data.overwrite('octo/a', 2, 'not json');
    await data.overwrite('octo/a', 3, JSON.stringify({ kind: 'opinion', text: 'x', author: 'y' }));
    expect(numbers(await store.list('octo/a'))).toEqual([1]);
    expect((await store.add('octo/a', rule('four')))?.number).toBe(4);
    expect(await store.forget('octo/a', 2)).toBeUndefined();
    expect(numbers(await store.list('octo/a'))).toEqual([1, 4]);
  });

  test('another process on the same data (a restart, a second worker) sees the learnings and their keys', async () => {
    const data = newData();
    const before = data.open();
    await before.add('octo/a', rule('one', { key: 'k1' }));
    await before.add('octo/a', rule('two', { key: 'k2' }));
    await before.forget('octo/a', 2);
    const listed = await before.list('octo/a');
    await before.close();

    const after = data.open();
    expect(await after.list('octo/a')).toEqual(listed);
    expect(await after.add('octo/a', rule('one again', { key: 'k1' }))).toEqual(listed[0]);
    expect(await after.add('octo/a', rule('two again', { key: 'k2' }))).toBeUndefined();
    expect((await after.add('octo/a', rule('three')))?.number).toBe(3);
  });

  test('two processes adding at once get distinct numbers 1..20, and one key is stored once', async () => {
    const data = newData();
    const [a, b] = [data.open(), data.open()];
    const added = await Promise.all(
      Array.from({ length: 20 }, (__, i) => (i % 2 ? a : b).add('octo/a', rule(`r${i}`))),
    );
    expect(numbers(added.map((l) => l!)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (__, i) => i + 1),
    );
    expect(numbers(await a.list('octo/a'))).toEqual(numbers(await b.list('octo/a')));

    const keyed = await Promise.all(
      Array.from({ length: 10 }, (__, i) => (i % 2 ? a : b).add('octo/a', rule(`k${i}`, { key: 'same' }))),
    );
    expect(new Set(keyed.map((l) => l?.number))).toEqual(new Set([21]));
    expect(await b.list('octo/a')).toHaveLength(21);
  });
});

describe('Redis learning store while Redis is down', () => {
  test('a call fails within a second with a clear error, and writes nothing once Redis is back', async () => {
    const status = new RedisStatus();
    const store = kept(RedisLearningStore.open(redis.url, `test:${randomUUID()}`, status));
    await store.add('octo/a', rule('one'));

    await redis.kill();
    try {
      await until(() => !status.ready, 'the outage to be noticed');
      await expect(store.add('octo/a', rule('during the outage'))).rejects.toThrow(
        /^cannot reach Redis for the learnings \(REDIS_URL redis:\/\/127\.0\.0\.1:\d+\/?\) within 1000 ms/,
      );
      await expect(store.list('octo/a')).rejects.toThrow('cannot reach Redis for the learnings');
      await expect(store.forget('octo/a', 1)).rejects.toThrow('cannot reach Redis for the learnings');
    } finally {
      await redis.restart();
    }

    await until(() => status.ready, 'the connection to be back');
    expect(await store.list('octo/a')).toMatchObject([{ number: 1, text: 'one' }]);
    expect((await store.add('octo/a', rule('two')))?.number).toBe(2);
  });
});
