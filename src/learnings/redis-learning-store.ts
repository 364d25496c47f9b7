import type { Redis } from 'ioredis';
import type { Learning, NewLearning } from '../core/learnings/learning.js';
import { PullwiseError } from '../core/errors.js';
import { openRedis, readyWithin, redactRedisUrl, type RedisStatus } from '../redis/redis-connection.js';
import { learningValue, readLearning } from './learning-record.js';
import type { LearningStore } from './learning-store.js';

// Each transition is one script, atomic on the server: workers on several machines never take one number or
// store one key twice. Per repository: KEYS[1] `next`, the last number given (only ever incremented, so a
// number is never given again); KEYS[2] `items`, number → JSON; KEYS[3] `keys`, key → number, kept after a
// forget (the number then has no item), so a forgotten key is never stored again.

/** ARGV: the JSON, the key or ''. Returns {1, number} when stored, {0, number, JSON or nil} for a known key. */
const ADD = `
if ARGV[2] ~= '' then
  local known = redis.call('HGET', KEYS[3], ARGV[2])
  if known then return {0, known, redis.call('HGET', KEYS[2], known)} end
end
local number = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], number, ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], number) end
return {1, number}`;

/** ARGV: the number. Returns its JSON, or nil when there is none. */
const FORGET = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
return value`;

const SCRIPTS = {
  pullwiseLearnings_add: { lua: ADD, numberOfKeys: 3 },
  pullwiseLearnings_forget: { lua: FORGET, numberOfKeys: 1 },
};

type AddReply = [1, number] | [0, string, string | null];

/** How long a call waits for Redis to connect before it fails: a review then runs without its learnings. */
const CONNECT_WAIT_MS = 1_000;

/** On Redis, for Pullwise scaled out (REDIS_URL): what one worker learns, every worker applies. */
export class RedisLearningStore implements LearningStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly url: string,
  ) {}

  static open(url: string, prefix = 'pullwise:learnings', status?: RedisStatus): RedisLearningStore {
    const redis = openRedis(url, { name: 'learnings', scripts: SCRIPTS, ...(status ? { status } : {}) });
    return new RedisLearningStore(redis, prefix, url);
  }

  async add(repo: string, added: NewLearning): Promise<Learning | undefined> {
    const value = learningValue(added);
    const { next, items, keys } = this.keysOf(repo);
    const reply = await this.script<AddReply>('add', next, items, keys, value, added.key ?? '');
    if (reply[0] === 1) return readLearning(reply[1], value);
    const [, number, known] = reply;
    return known === null ? undefined : readLearning(Number(number), known);
  }

  async list(repo: string): Promise<Learning[]> {
    const { items } = this.keysOf(repo);
    return Object.entries(await (await this.connected()).hgetall(items))
      .map(([number, value]) => readLearning(Number(number), value))
      .filter((l): l is Learning => l !== undefined)
      .sort((a, b) => a.number - b.number);
  }

  async forget(repo: string, number: number): Promise<Learning | undefined> {
    const { items } = this.keysOf(repo);
    const value = await this.script<string | null>('forget', items, number);
    return value === null ? undefined : readLearning(number, value);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  /**
   * The client once it is connected. A call fails rather than waiting out an outage in the offline queue,
   * where it would still run once Redis is back, after its caller was told that it failed.
   */
  private async connected(): Promise<Redis> {
    if (await readyWithin(this.redis, CONNECT_WAIT_MS)) return this.redis;
    throw new PullwiseError(
      `cannot reach Redis for the learnings (REDIS_URL ${redactRedisUrl(this.url)}) within ${CONNECT_WAIT_MS} ms; ` +
        'check that it is up and that REDIS_URL points to it',
      'redis-unreachable',
    );
  }

  /** The hash tag keeps a repository's keys in one slot of a Redis Cluster, as the scripts need. */
  private keysOf(repo: string): { next: string; items: string; keys: string } {
    const base = `${this.prefix}:{${repo}}:`;
    return { next: `${base}next`, items: `${base}items`, keys: `${base}keys` };
  }

  private async script<T>(name: 'add' | 'forget', ...args: Array<string | number>): Promise<T> {
    const redis = await this.connected();
    const command = (redis as unknown as Record<string, (...a: Array<string | number>) => Promise<T>>)[
      `pullwiseLearnings_${name}`
    ]!;
    return command.call(redis, ...args);
  }
}
