import { afterEach, expect, test } from '@jest/globals';
import type { ClaimedJob, JobInput } from '../../src/queue/job.js';
import type { JobQueue } from '../../src/queue/job-queue.js';
import { cleanup, fakeClock } from './job-fixture.js';
import { redisBackend, sqliteBackend } from './queue-backends.js';

// The contract tests pin each rule with a chosen sequence; this one lets seeded random sequences of port calls
// (enqueues with duplicates and supersedes over a few keys, types and installations; claims; every holder
// transition, some by a stale claim; an operator's bury or supersede by id; the clock moving past leases and
// backoffs; recovery of expired leases and of a restarted worker; prune) run on both
// backends side by side, and asserts that every answer and the whole store (list and counts) agree after each
// step. A difference in ordering, supersede, fencing, recovery or retention between the two shows up here.

const redis = redisBackend();
const sqlite = sqliteBackend();
afterEach(cleanup);

const SEEDS = 150;
const STEPS = 40;

/** A small deterministic generator (a linear congruential one), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** Everything a user of the port can see, by delivery id (job ids are random per backend). */
async function snapshot(queue: JobQueue): Promise<string> {
  const jobs = await queue.list({ limit: 1000 });
  const rows = jobs.map((j) =>
    [
      j.deliveryId,
      j.state,
      j.attempts,
      j.state === 'superseded' ? '-' : j.runAt,
      j.lastError ?? '',
      j.updatedAt,
    ]
      .map(String)
      .join(' '),
  );
  return `${rows.join('\n')}\n${JSON.stringify(await queue.counts())}`;
}

type Step = (queues: JobQueue[]) => Promise<unknown[]>;

test(`${SEEDS} random sequences of ${STEPS} port calls: SQLite and Redis answer alike and hold the same jobs`, async () => {
  for (let seed = 1; seed <= SEEDS; seed += 1) {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const clock = fakeClock();
    const queues = [
      await (await sqlite.newStore()).open({ now: clock.now }),
      await (await redis.newStore()).open({ now: clock.now }),
    ];
    // Claims as each backend handed them out, in the same order; a stale one stays usable on purpose.
    const claims: ClaimedJob[][] = [[], []];
    let deliveries = 0;
    const log: string[] = [];

    for (let step = 0; step < STEPS; step += 1) {
      const roll = next();
      let what: string;
      let run: Step;
      if (roll < 0.3) {
        const redelivery = deliveries > 0 && next() < 0.1;
        const input: JobInput = {
          deliveryId: `d${redelivery ? 1 + Math.floor(next() * deliveries) : ++deliveries}`,
          type: pick(['review', 'command']),
          key: pick(['o/r#1', 'o/r#2', 'o/r#3']),
          supersedes: next() < 0.4,
          payload: { step },
        };
        const installation = pick([undefined, 1, 2, 3]);
        if (installation !== undefined) input.installationId = installation;
        what = `enqueue ${JSON.stringify(input)}`;
        run = (qs) =>
          Promise.all(
            qs.map(async (q) => {
              const { duplicate, supersededRunning } = await q.enqueue(input);
              return [duplicate, supersededRunning.length];
            }),
          );
      } else if (roll < 0.55) {
        const worker = pick(['w1', 'w2']);
        what = `claim by ${worker}`;
        run = (qs) =>
          Promise.all(
            qs.map(async (q, i) => {
              const job = await q.claim(worker, 1000);
              if (job) claims[i]!.push(job);
              return job?.deliveryId ?? null;
            }),
          );
      } else if (roll < 0.85) {
        if (claims[0]!.length === 0) continue;
        const index = Math.floor(next() * claims[0]!.length);
        const transition = pick([
          'complete',
          'retry',
          'release',
          'bury',
          'markSuperseded',
          'heartbeat',
          'saveCheckpoint',
        ] as const);
        const delay = pick([0, 500, 1000]);
        const forget = next() < 0.7; // the holder is done with it; else a later step may use the claim again
        what = `${transition} claim #${index} (${claims[0]![index]!.deliveryId}) delay ${delay}`;
        run = (qs) =>
          Promise.all(
            qs.map(async (q, i) => {
              const lease = claims[i]![index]!;
              if (forget) claims[i]!.splice(index, 1);
              if (transition === 'complete') return q.complete(lease, { step });
              if (transition === 'retry') return q.retry(lease, `failed at ${step}`, delay);
              if (transition === 'release') return q.release(lease);
              if (transition === 'bury') return q.bury(lease, `dead at ${step}`);
              if (transition === 'markSuperseded') return q.markSuperseded(lease);
              if (transition === 'saveCheckpoint') return q.saveCheckpoint(lease, { step });
              return q.heartbeat(lease, 1000);
            }),
          );
      } else if (roll < 0.9) {
        const ms = pick([0, 400, 800, 1200]);
        clock.t += ms;
        const crashed = next() < 0.2 ? pick(['w1', 'w2']) : undefined; // as it starts again
        what = `clock +${ms} ms, ${crashed ? `recoverWorker ${crashed}` : 'recoverExpired'}, dueCount`;
        run = (qs) =>
          Promise.all(
            qs.map(async (q) => [
              await (crashed ? q.recoverWorker(crashed) : q.recoverExpired()),
              await q.dueCount(),
            ]),
          );
      } else if (roll < 0.95) {
        // An operator's decision, by id, whoever holds the job.
        if (deliveries === 0) continue;
        const deliveryId = `d${1 + Math.floor(next() * deliveries)}`;
        const bury = next() < 0.5;
        what = `${bury ? 'bury' : 'markSuperseded'} ${deliveryId} by id`;
        run = (qs) =>
          Promise.all(
            qs.map(async (q) => {
              const job = (await q.list({ limit: 1000 })).find((j) => j.deliveryId === deliveryId);
              if (!job) return null;
              return bury ? q.bury(job.id, `buried at ${step}`) : q.markSuperseded(job.id);
            }),
          );
      } else {
        const limit = pick([1, 2, 1000]); // a small batch shows which jobs go first
        what = `prune up to ${limit} finished jobs older than 500 ms`;
        run = (qs) => Promise.all(qs.map((q) => q.prune(500, limit)));
      }
      const [fromSqlite, fromRedis] = await run(queues);
      clock.t += 1;
      log.push(`${what} -> ${JSON.stringify([fromSqlite, fromRedis])}`);
      const stores = await Promise.all(queues.map(snapshot));
      const context = `seed ${seed}, step ${step}:\n${log.join('\n')}`;
      expect({ context, answer: fromRedis }).toEqual({ context, answer: fromSqlite });
      expect({ context, store: stores[1] }).toEqual({ context, store: stores[0] });
    }
    await cleanup(); // close this seed's queues before the next
  }
}, 120_000);
