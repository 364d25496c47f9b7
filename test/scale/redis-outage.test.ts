import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { startClaudeStandIn } from '../helpers/claude-fake.js';
import type { ServeProcess } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';
import {
  metric,
  nonJsonLines,
  opened,
  review,
  startDeployment,
  storedJobs,
  type Deployment,
} from './deployment.js';

// A Redis outage as an operator meets it: two web and two worker processes on one Redis, Redis killed with
// SIGKILL while jobs wait on the model and others are queued, kept down, restarted on the same data. After
// it: every accepted webhook reviewed exactly once, no job dead or retried, both workers taking new work,
// one model call per review as without the outage, and the processes' output JSON lines throughout.

let d: Deployment;
beforeEach(async () => {
  d = await startDeployment();
});
afterEach(() => d.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const reviewedPulls = () => d.github.reviews.map((r) => r.pull).sort((a, b) => a - b);
const LIMITS = { PULLWISE_LIMIT_JOBS_PER_HOUR: '100' }; // budgets on Redis too: read before every job

/** What must hold once the outage is over and every accepted webhook had its time. */
async function expectNothingLost(accepted: number[], workers: ServeProcess[]): Promise<void> {
  await until(
    () => new Set(d.github.reviews.map((r) => r.pull)).size === accepted.length,
    `${accepted.length} reviews`,
    60_000,
  );
  await sleep(1_500); // a second review, or a late retry, would come now
  expect(reviewedPulls()).toEqual([...accepted].sort((a, b) => a - b));
  expect(d.claude!.requests).toHaveLength(accepted.length); // one model call per review, as without it
  expect(d.github.comments.filter((c) => /could not finish/.test(c.body))).toEqual([]);
  const jobs = await storedJobs(d.redis.url);
  expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
  expect(jobs.filter((j) => j.attempts !== 1)).toEqual([]); // the outage cost no job an attempt
  for (const p of d.processes) {
    expect(nonJsonLines(p.stdout())).toEqual([]);
    expect(p.logs()).toBe(''); // nothing besides the JSON log (ioredis printed "Unhandled error event")
  }
  for (const w of workers) expect(await metric(w, 'pullwise_jobs_in_progress')).toBe(0);
}

test('Redis killed for 20 s while jobs wait on the model: each accepted webhook reviewed once, no second model call', async () => {
  d.claude = await startClaudeStandIn(
    Array.from({ length: 12 }, (_, i) => async () => {
      await sleep(i < 2 ? 1_500 : 300); // the first two are still waiting on the model when Redis goes
      return review(`Review ${i}.`);
    }),
  );
  const webs = [await d.start('web'), await d.start('web')];
  const workers = [await d.start('worker', LIMITS), await d.start('worker', LIMITS)];
  const accepted: number[] = [];
  const send = async (n: number) => {
    if ((await webs[n % 2]!.send('pull_request', opened(n))) === 200) accepted.push(n);
  };
  for (const n of [30, 31, 32, 33]) await send(n); // two run, two wait in the queue
  await until(() => d.claude!.requests.length === 2, 'both workers waiting on the model');

  await d.redis.kill();
  await sleep(3_000);
  await send(36); // during the outage: refused with a 503 (GitHub redelivers), or stored: reviewed then
  await sleep(17_000);
  await d.redis.restart();
  const started = await Promise.all(workers.map((w) => metric(w, 'pullwise_jobs_started_total')));
  for (const n of [34, 35]) await send(n);
  expect(accepted).toEqual(expect.arrayContaining([30, 31, 32, 33, 34, 35]));

  await expectNothingLost(accepted, workers);
  // Both workers took work after the restart: neither hung on a connection that dropped mid-command.
  const after = await Promise.all(workers.map((w) => metric(w, 'pullwise_jobs_started_total')));
  expect(after[0]).toBeGreaterThan(started[0]!);
  expect(after[1]).toBeGreaterThan(started[1]!);
}, 120_000);

test('Redis killed while a GitHub write is in flight: the job finishes once Redis is back, one review, one model call', async () => {
  d.claude = await startClaudeStandIn(Array.from({ length: 4 }, (_, i) => review(`Review ${i}.`)));
  const web = await d.start('web');
  const workers = [await d.start('worker', LIMITS), await d.start('worker', LIMITS)];
  let release!: () => void;
  d.github.holdWrites = { match: /\/reviews$/, until: new Promise<void>((r) => (release = r)) };
  expect(await web.send('pull_request', opened(40))).toBe(200);
  await until(() => d.github.heldWrites === 1, 'the review in flight');

  await d.redis.kill();
  release(); // GitHub answers while Redis is down: the job's next writes need it (their lease, their turn)
  await sleep(6_000);
  await d.redis.restart();
  expect(await web.send('pull_request', opened(41))).toBe(200);

  await expectNothingLost([40, 41], workers);
}, 90_000);
