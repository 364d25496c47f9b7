import { afterEach, expect, test } from '@jest/globals';
import { createWritePacing, type WritePacing } from '../../src/github/write-pacing.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer | undefined;
const pacings: WritePacing[] = [];
afterEach(async () => {
  for (const pacing of pacings.splice(0)) await pacing.close();
  await redis?.stop();
});

const noop = () => Promise.resolve();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Octokit's throttling paces each write by scheduling an empty job on the installation's limiter and sending
// the request once it ran. On Redis the turn is reserved when the job is scheduled and freed when it ran.
test('a worker that dies while waiting for its turn does not stop the installation’s writes for good', async () => {
  redis = await startRedisServer();
  const options = { appId: 'pacing-test', writeIntervalMs: 1000, redisUrl: redis.url, turnExpiresMs: 500 };
  const dying = createWritePacing(options);
  const alive = createWritePacing(options);
  pacings.push(alive);

  const turns = dying.writes.key('installation:1');
  await turns.schedule(noop); // a write: its turn comes at once
  void turns.schedule(noop).catch(() => undefined); // the next one reserves its turn, a second from now
  await sleep(200);
  await dying.close(); // the process dies before its turn comes: the reservation stays in Redis

  const outcome = await Promise.race([
    alive.writes.key('installation:1').schedule(() => Promise.resolve('written')),
    sleep(20_000).then(() => 'stuck behind the dead worker’s turn'),
  ]);
  expect(outcome).toBe('written');
}, 30_000);
