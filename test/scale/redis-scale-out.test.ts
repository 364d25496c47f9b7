import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  apiError,
  startClaudeStandIn,
  type ClaudeReply,
  type ClaudeStandIn,
} from '../helpers/claude-fake.js';
import type { RedisServer } from '../helpers/redis-server.js';
import type { ServeProcess } from '../helpers/serve-process.js';
import { startStatefulGitHub, type StatefulGitHub } from '../helpers/stateful-github.js';
import { until } from '../helpers/until.js';
import { metric, opened, review, startDeployment, type Deployment } from './deployment.js';

// Pullwise scaled out as it is deployed: real `pullwise serve` processes (web and worker roles) sharing a
// real redis-server, a loopback GitHub that keeps what was posted, a loopback Claude. Processes are killed
// with SIGKILL and Redis is killed and restarted; what must hold is that every accepted webhook ends in
// exactly one review.

let d: Deployment;
let redis: RedisServer;
let github: StatefulGitHub;
let claude: ClaudeStandIn;

beforeEach(async () => {
  d = await startDeployment();
  ({ redis, github } = d);
});
afterEach(() => d.stop());

const start = (role: 'web' | 'worker' | 'all', extra?: Record<string, string>) => d.start(role, extra);

const reviewedPulls = () => github.reviews.map((r) => r.pull).sort((a, b) => a - b);

/** Jobs the process is running now, by its /metrics. */
const running = (p: ServeProcess) => metric(p, 'pullwise_jobs_in_progress');

describe('scaled out on Redis', () => {
  test('a worker killed with SIGKILL mid-job: the other worker completes it, exactly one review', async () => {
    let calls = 0;
    claude = d.claude = await startClaudeStandIn([
      () => new Promise(() => calls++), // never answers: its worker dies meanwhile
      async () => (calls++, review('Reviewed by the surviving worker.')),
    ]);
    const web = await start('web');
    const workers = [await start('worker'), await start('worker')];
    expect(await web.send('pull_request', opened(2))).toBe(200);
    await until(() => calls === 1, 'the first model call');
    const counts = await Promise.all(workers.map(running));
    const victim = workers[counts.indexOf(1)]!;
    const survivor = workers[1 - counts.indexOf(1)]!;
    expect(await victim.kill('SIGKILL')).toBe(null);

    await until(() => github.reviews.length === 1, 'the review by the other worker', 30_000);
    expect(github.reviews[0]!.body).toContain('Reviewed by the surviving worker.');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a second review would come now
    expect(reviewedPulls()).toEqual([2]);
    expect(await running(survivor)).toBe(0);
  }, 60_000);

  test('the same delivery sent to two web processes is one job: one model call, one review', async () => {
    claude = d.claude = await startClaudeStandIn([review('Once.'), review('Twice?')]);
    const webs = [await start('web'), await start('web')];
    await start('worker');
    const delivery = randomUUID();
    const statuses = await Promise.all(webs.map((web) => web.send('pull_request', opened(3), delivery)));
    expect(statuses).toEqual([200, 200]);
    await until(() => github.reviews.length === 1, 'the review', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(claude.requests).toHaveLength(1);
    expect(reviewedPulls()).toEqual([3]);
  }, 60_000);

  test('Redis killed and restarted during a run: every accepted webhook is reviewed exactly once', async () => {
    claude = d.claude = await startClaudeStandIn(
      Array.from({ length: 6 }, (_, i) => async () => {
        await new Promise((resolve) => setTimeout(resolve, 300)); // jobs still running when Redis goes
        return review(`Review ${i}.`);
      }),
    );
    const web = await start('web');
    await start('worker', { PULLWISE_CONCURRENCY: '2' });
    const accepted: number[] = [];
    for (const n of [10, 11, 12]) if ((await web.send('pull_request', opened(n))) === 200) accepted.push(n);
    await redis.kill(); // SIGKILL: only what reached the append-only file survives
    await redis.restart();
    for (const n of [13, 14, 15]) if ((await web.send('pull_request', opened(n))) === 200) accepted.push(n);
    expect(accepted).toEqual([10, 11, 12, 13, 14, 15]);

    await until(() => new Set(github.reviews.map((r) => r.pull)).size === 6, 'six reviews', 45_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(reviewedPulls()).toEqual(accepted);
  }, 90_000);

  test('GitHub answering 502 for a while: the job retries and then posts its one review', async () => {
    claude = d.claude = await startClaudeStandIn([review('First try.'), review('After GitHub came back.')]);
    const web = await start('web');
    await start('worker');
    github.failWrites = { status: 502, match: /\/reviews$/ };
    expect(await web.send('pull_request', opened(4))).toBe(200);
    await until(() => github.failedWrites >= 1, 'a failed write');
    github.failWrites = undefined;
    await until(() => github.reviews.length === 1, 'the review after the outage', 45_000);
    expect(reviewedPulls()).toEqual([4]);
    // The retry published the review the first attempt made: no second model call.
    expect(claude.requests).toHaveLength(1);
    expect(github.reviews[0]!.body).toContain('First try.');
  }, 60_000);

  test('GitHub answering 502 for longer than the retries: dead letter, with a comment on the PR saying so', async () => {
    claude = d.claude = await startClaudeStandIn([review('Try 1.'), review('Try 2.')]);
    const web = await start('web');
    await start('worker', { PULLWISE_MAX_ATTEMPTS: '2' });
    github.failWrites = { status: 502, match: /\/reviews$/ };
    expect(await web.send('pull_request', opened(5))).toBe(200);

    const deadComment = () => github.comments.find((c) => c.issue === 5 && /could not finish/.test(c.body));
    await until(() => deadComment() !== undefined, 'the dead-letter comment', 45_000);
    expect(deadComment()!.body).toMatch(/after 2 attempts/);
    expect(github.reviews).toEqual([]);
    expect(claude.requests).toHaveLength(1); // the review was made once; the retry only tried to post it
  }, 60_000);

  test('Claude answering 529 for a while: the circuit opens, the jobs wait and complete once it closes', async () => {
    // No SDK retries (config), so every 529 reaches the breaker; three attempts would all fail without it.
    await d.useGitHub(await startStatefulGitHub({ config: 'budget:\n  max_retries: 0\n' }));
    github = d.github;
    const overloaded: ClaudeReply = { status: 529, body: apiError('overloaded_error', 'Overloaded') };
    claude = d.claude = await startClaudeStandIn([
      ...Array.from({ length: 6 }, () => overloaded),
      review('Reviewed after the outage.'),
      review('Reviewed after the outage.'),
    ]);
    const web = await start('web');
    const circuit = {
      PULLWISE_MAX_ATTEMPTS: '3',
      PULLWISE_MODEL_CIRCUIT_FAILURES: '2',
      PULLWISE_MODEL_CIRCUIT_OPEN_SECONDS: '0.3',
    };
    await start('worker', circuit);
    await start('worker', circuit);
    expect(await web.send('pull_request', opened(6))).toBe(200);
    expect(await web.send('pull_request', opened(7))).toBe(200);

    await until(() => github.reviews.length === 2, 'both reviews', 45_000);
    expect(reviewedPulls()).toEqual([6, 7]);
    expect(github.comments.filter((c) => /could not finish/.test(c.body))).toEqual([]);
    expect(claude.requests).toHaveLength(8);
  }, 60_000);

  test('an installation over its budget: one comment saying why and when it resets, no model call', async () => {
    claude = d.claude = await startClaudeStandIn([review('Within budget.')]);
    const limits = { PULLWISE_LIMIT_JOBS_PER_HOUR: '1' }; // kept in Redis, so shared by both workers
    const web = await start('web');
    await start('worker', limits);
    await start('worker', limits);
    expect(await web.send('pull_request', opened(8))).toBe(200);
    await until(() => github.reviews.length === 1, 'the review within budget', 30_000);
    expect(await web.send('pull_request', opened(9))).toBe(200);
    expect(await web.send('pull_request', opened(9))).toBe(200); // asked again: still one comment

    const overBudget = () => github.comments.filter((c) => c.issue === 9 && /did not run/.test(c.body));
    await until(
      () => overBudget().length === 1 && /resets at/.test(overBudget()[0]!.body),
      'the budget comment',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the second delivery has been handled
    expect(overBudget()).toHaveLength(1);
    expect(overBudget()[0]!.body).toMatch(/ran 1 job in the last hour, its limit is 1 per hour/);
    expect(claude.requests).toHaveLength(1);
    expect(reviewedPulls()).toEqual([8]);
  }, 60_000);

  test('GET /readyz is 503 naming the queue and the budget store while Redis is down, 200 once it is back', async () => {
    claude = d.claude = await startClaudeStandIn([]);
    const worker = await start('worker', { PULLWISE_LIMIT_JOBS_PER_HOUR: '10' });
    const readyz = async () => {
      const response = await fetch(`${worker.url}/readyz`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    await redis.kill();
    await until(async () => (await readyz()).status === 503, 'readyz to fail');
    expect(await readyz()).toEqual({
      status: 503,
      body: { status: 'not ready', failed: ['queue', 'budgets'] },
    });
    await redis.restart();
    await until(async () => (await readyz()).status === 200, 'readyz to recover', 30_000);
  }, 60_000);

  test('the writes of one installation are spaced across workers, as GitHub asks of one token', async () => {
    claude = d.claude = await startClaudeStandIn([review('One.'), review('Two.')]);
    const web = await start('web');
    const paced = { PULLWISE_GITHUB_WRITE_INTERVAL_MS: '400' };
    await start('worker', paced);
    await start('worker', paced);
    expect(await web.send('pull_request', opened(20))).toBe(200);
    expect(await web.send('pull_request', opened(21))).toBe(200);
    await until(() => github.reviews.length === 2, 'both reviews', 30_000);
    await until(
      () => github.comments.filter((c) => /Reviewed|review/i.test(c.body)).length >= 2,
      'both results',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the last updates

    const writes = github.requests
      .filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'))
      .sort((a, b) => a.at - b.at);
    // Each worker ran one of the two jobs at the same time as the other: their writes interleave.
    const span = (pull: number) => {
      const times = writes
        .filter((w) => new RegExp(`/(issues|pulls)/${pull}/`).test(w.path))
        .map((w) => w.at);
      return [Math.min(...times), Math.max(...times)] as const;
    };
    const [a, b] = [span(20), span(21)];
    expect(a[0] < b[1] && b[0] < a[1]).toBe(true);
    // Octokit's throttling spaces the START of writes by the interval, and then holds the ones that create
    // content (comments, reviews) for their own 750 ms turn: so each kind arrives spaced, across processes.
    const creates = (w: { method: string; path: string }) =>
      w.method === 'POST' && /\/(comments|reviews)$/.test(w.path);
    const minGap = (list: typeof writes) => Math.min(...list.slice(1).map((w, i) => w.at - list[i]!.at));
    // These are arrival times: one write can arrive late and the next on time, so 100 ms of transit jitter
    // on a loaded machine is allowed for; unpaced writes from two workers arrive within a few ms.
    expect(minGap(writes.filter((w) => !creates(w)))).toBeGreaterThanOrEqual(300); // 400 ms
    expect(minGap(writes.filter(creates))).toBeGreaterThanOrEqual(650); // 750 ms
  }, 60_000);
});
