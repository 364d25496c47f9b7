import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { createWritePacing, type WritePacing } from '../../src/github/write-pacing.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/until.js';

let redis: RedisServer | undefined;
const pacings: WritePacing[] = [];
afterEach(async () => {
  for (const pacing of pacings.splice(0)) await pacing.close();
  await redis?.stop();
  redis = undefined;
});

const noop = () => Promise.resolve();

function pacing(options: { writeIntervalMs: number; redisUrl?: string; onError?: (e: Error) => void }) {
  const created = createWritePacing({ appId: 'pacing-test', ...options });
  pacings.push(created);
  return created;
}

/** When each of `writes` (scheduled at once) got its turn, in ms from the start. */
async function turnTimes(writes: Array<() => Promise<unknown>>): Promise<number[]> {
  const started = Date.now();
  return Promise.all(writes.map(async (write) => (await write(), Date.now() - started)));
}

// Octokit's throttling paces each write by scheduling an empty job on the installation's group and sending
// the request once it ran: the starts of one installation's writes are spaced by the interval.
test('in one process, an installation’s writes start an interval apart; another installation’s do not wait', async () => {
  const paced = pacing({ writeIntervalMs: 300 });
  const one = paced.writes.key('installation:1');
  const other = paced.writes.key('installation:2');
  const [a, b, c] = await turnTimes([
    () => one.schedule(noop),
    () => one.schedule({ priority: 0 }, noop),
    () => other.schedule(noop),
  ]);
  expect(b! - a!).toBeGreaterThanOrEqual(280);
  expect(c).toBeLessThan(200);
  await expect(one.schedule((x: number) => x * 2, 21)).resolves.toBe(42);
});

test('on Redis, two processes share the turns, and go on sharing them after Redis was killed and restarted', async () => {
  redis = await startRedisServer();
  const a = pacing({ writeIntervalMs: 400, redisUrl: redis.url });
  const b = pacing({ writeIntervalMs: 400, redisUrl: redis.url });
  const spaced = async () => {
    const times = await turnTimes([
      () => a.writes.key('installation:1').schedule(noop),
      () => b.writes.key('installation:1').schedule(noop),
    ]);
    return Math.abs(times[1]! - times[0]!);
  };
  expect(await spaced()).toBeGreaterThanOrEqual(350);

  await redis.kill();
  await redis.restart(); // Bottleneck's clustering answered ERR UNKNOWN_CLIENT to every write from here on
  // Both have reconnected once a turn comes from Redis again: its key is back in Redis.
  await until(async () => {
    await a.writes.key('installation:9').schedule(noop);
    await b.writes.key('installation:9').schedule(noop);
    const keys = await redisKeys(redis!.port);
    return keys.includes('pullwise:github-pacing:pacing-test:writes:installation:9');
  }, 'the turns to be kept in Redis again');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await spaced()).toBeGreaterThanOrEqual(350);
}, 30_000);

test('while Redis is down, writes are paced within the process at once, never held for Redis', async () => {
  redis = await startRedisServer();
  const errors: Error[] = [];
  const paced = pacing({ writeIntervalMs: 300, redisUrl: redis.url, onError: (e) => errors.push(e) });
  await paced.writes.key('installation:1').schedule(noop);
  await redis.kill();
  const times = await turnTimes([
    () => paced.writes.key('installation:1').schedule(noop),
    () => paced.writes.key('installation:1').schedule(noop),
  ]);
  expect(times[0]).toBeLessThan(1_500); // at most the wait for a reply from Redis
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(280);
  expect(errors).toHaveLength(1); // told once for the outage, not for every write
});

// A process killed while it waits for its reserved turn: the others lose that one turn. Bottleneck's
// clustering kept the reservation until it expired (10 s), stopping every worker's writes meanwhile.
test('a process killed while waiting for its turn costs the others about one interval', async () => {
  redis = await startRedisServer();
  const intervalMs = 500;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createWritePacing } from ${JSON.stringify(path.resolve('lib/github/write-pacing.js'))};
       const pacing = createWritePacing({ appId: 'pacing-test', writeIntervalMs: ${intervalMs}, redisUrl: process.argv[1] });
       const turns = pacing.writes.key('installation:1');
       await turns.schedule(async () => {});
       turns.schedule(async () => {}); // reserved, a turn from now
       setTimeout(() => console.log('waiting'), 50);
       setInterval(() => {}, 1000);`,
      redis.url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const alive = pacing({ writeIntervalMs: intervalMs, redisUrl: redis.url });
  const [waited] = await turnTimes([() => alive.writes.key('installation:1').schedule(noop)]);
  // Its own turn comes after the dead process's two: under two intervals, plus timer slack.
  expect(waited).toBeLessThan(4 * intervalMs);
}, 30_000);

async function redisKeys(port: number): Promise<string[]> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await client.keys('*');
  } finally {
    client.disconnect();
  }
}
