import { afterEach, describe, expect, test } from '@jest/globals';
import type { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import type { DashboardSource } from '../../src/dashboard/dashboard-snapshot.js';
import { queueDashboardSource } from '../../src/dashboard/queue-dashboard-source.js';
import { snapshotReader } from '../../src/dashboard/snapshot-reader.js';
import { cleanup, jobInput, openQueue } from '../queue/job-fixture.js';

afterEach(cleanup);

const GHE = 'https://ghe.example.test';
const usage = (inputTokens: number, outputTokens: number, costUsd: number) => ({
  calls: 1,
  inputTokens,
  outputTokens,
  cacheReadTokens: 100,
  cacheWriteTokens: 10,
  costUsd,
});

function clockedQueue(start = Date.UTC(2025, 4, 20, 12, 0, 0)) {
  const clock = { t: start, now: () => clock.t };
  return { clock, queue: openQueue(undefined, { now: clock.now }) };
}

/** Enqueues a job and takes it through the queue's own transitions to `state`, `runMs` after it arrived. */
async function addJob(
  queue: SqliteJobQueue,
  clock: { t: number },
  input: Partial<Parameters<typeof jobInput>[0]>,
  outcome: { state: 'queued' | 'running' | 'done' | 'dead'; runMs?: number; result?: unknown },
) {
  const { job } = await queue.enqueue(jobInput(input));
  if (outcome.state === 'queued') return job.id;
  const claimed = await queue.claim('test-worker', 60_000);
  expect(claimed?.id).toBe(job.id);
  clock.t += outcome.runMs ?? 0;
  if (outcome.state === 'done') await queue.complete(claimed!, outcome.result);
  if (outcome.state === 'dead') await queue.bury(claimed!, 'boom');
  return job.id;
}

describe('queueDashboardSource', () => {
  test('a job names its repository, its pull request or issue on the configured GitHub, and its usage', async () => {
    const { clock, queue } = clockedQueue();
    const source = queueDashboardSource(queue, { githubUrl: GHE, now: clock.now });
    await addJob(
      queue,
      clock,
      {
        type: 'review',
        key: 'a',
        installationId: 7,
        payload: { owner: 'octo', repo: 'widgets', pull_number: 12 },
      },
      { state: 'done', runMs: 1_500, result: { posted: true, usage: usage(1_000, 200, 0.0123) } },
    );
    await addJob(
      queue,
      clock,
      {
        type: 'command',
        key: 'b',
        payload: { owner: 'octo', repo: 'widgets', issue_number: 3, isPullRequest: true },
      },
      { state: 'dead', runMs: 250 },
    );
    await addJob(
      queue,
      clock,
      {
        type: 'fix',
        key: 'c',
        payload: { owner: 'my org', repo: 'r#1', issue_number: 9, isPullRequest: false },
      },
      { state: 'running', runMs: 5_000 },
    );
    await addJob(
      queue,
      clock,
      { type: 'fix', key: 'd', payload: { owner: 'octo', repo: 'widgets' } },
      { state: 'queued' },
    );
    await addJob(queue, clock, { type: 'help', key: 'e', payload: 'not an object' }, { state: 'queued' });

    const jobs = await source.recentJobs(10);

    expect(jobs.map(({ id: _id, createdAt: _c, ...rest }) => rest)).toEqual([
      {
        type: 'help',
        state: 'queued',
        installationId: null,
        repo: null,
        number: null,
        url: null,
        durationMs: null,
        attempts: 0,
        usage: null,
      },
      {
        type: 'fix',
        state: 'queued',
        installationId: null,
        repo: 'octo/widgets',
        number: null,
        url: null,
        durationMs: null,
        attempts: 0,
        usage: null,
      },
      // Still running: no duration yet, whatever its heartbeats did to updatedAt.
      {
        type: 'fix',
        state: 'running',
        installationId: null,
        repo: 'my org/r#1',
        number: 9,
        url: `${GHE}/my%20org/r%231/issues/9`,
        durationMs: null,
        attempts: 1,
        usage: null,
      },
      {
        type: 'command',
        state: 'dead',
        installationId: null,
        repo: 'octo/widgets',
        number: 3,
        url: `${GHE}/octo/widgets/pull/3`,
        durationMs: 250,
        attempts: 1,
        usage: null,
      },
      {
        type: 'review',
        state: 'done',
        installationId: 7,
        repo: 'octo/widgets',
        number: 12,
        url: `${GHE}/octo/widgets/pull/12`,
        durationMs: 1_500,
        attempts: 1,
        usage: {
          inputTokens: 1_000,
          outputTokens: 200,
          cacheReadTokens: 100,
          cacheWriteTokens: 10,
          tokens: 1_310,
          costUsd: 0.0123,
        },
      },
    ]);
    expect(await source.recentJobs(2)).toHaveLength(2);
  });

  test.each([
    ['no result', undefined],
    ['a result without usage', { posted: true }],
    ['a count that is not a number', { usage: { ...usage(1, 2, 0.1), inputTokens: '5' } }],
    ['a cost that is missing', { usage: { ...usage(1, 2, 0.1), costUsd: undefined } }],
    ['a negative count', { usage: usage(-1, 2, 0.1) }],
  ])('usage is unknown (never zero) for %s', async (_name, result) => {
    const { clock, queue } = clockedQueue();
    const source = queueDashboardSource(queue, { githubUrl: GHE });
    await addJob(queue, clock, { installationId: 1 }, { state: 'done', result });
    const [job] = await source.recentJobs(1);
    expect(job?.state).toBe('done');
    expect(job?.usage).toBeNull();
  });

  test('totals count jobs, tokens and USD per installation and UTC day, inside the window only', async () => {
    const { clock, queue } = clockedQueue(Date.UTC(2025, 4, 18, 23, 59, 0));
    const done = (costUsd: number) => ({
      state: 'done' as const,
      result: { usage: usage(1_000, 100, costUsd) },
    });
    await addJob(queue, clock, { key: 'old', installationId: 1 }, done(9)); // May 18: outside a 2-day window
    clock.t = Date.UTC(2025, 4, 19, 0, 0, 0); // the first instant of May 19, UTC
    await addJob(queue, clock, { key: 'a', installationId: 1 }, done(0.5));
    await addJob(queue, clock, { key: 'b', installationId: 2 }, done(0.25));
    clock.t = Date.UTC(2025, 4, 20, 23, 59, 59);
    await addJob(queue, clock, { key: 'c', installationId: 1 }, done(1));
    await addJob(queue, clock, { key: 'd', installationId: 1 }, { state: 'dead' });
    await addJob(queue, clock, { key: 'e' }, done(2));

    const source = queueDashboardSource(queue, { githubUrl: GHE, now: clock.now });
    expect(await source.totals(2)).toEqual({
      days: 2,
      partial: false,
      rows: [
        { day: '2025-05-20', installationId: 1, jobs: 2, tokens: 1_210, costUsd: 1 },
        { day: '2025-05-20', installationId: null, jobs: 1, tokens: 1_210, costUsd: 2 },
        { day: '2025-05-19', installationId: 1, jobs: 1, tokens: 1_210, costUsd: 0.5 },
        { day: '2025-05-19', installationId: 2, jobs: 1, tokens: 1_210, costUsd: 0.25 },
      ],
    });
    expect((await source.totals(3)).rows.at(-1)).toEqual({
      day: '2025-05-18',
      installationId: 1,
      jobs: 1,
      tokens: 1_210,
      costUsd: 9,
    });
  });

  test('totals say so when the window holds more jobs than they read', async () => {
    const { clock, queue } = clockedQueue();
    for (const key of ['a', 'b', 'c'])
      await addJob(queue, clock, { key, installationId: 1 }, { state: 'queued' });
    const capped = queueDashboardSource(queue, { githubUrl: GHE, now: clock.now, totalsScanLimit: 2 });
    expect(await capped.totals(1)).toEqual({
      days: 1,
      partial: true,
      rows: [{ day: '2025-05-20', installationId: 1, jobs: 2, tokens: 0, costUsd: 0 }],
    });
    const roomy = queueDashboardSource(queue, { githubUrl: GHE, now: clock.now, totalsScanLimit: 3 });
    expect((await roomy.totals(1)).partial).toBe(false);
  });
});

describe('snapshotReader', () => {
  test('reads the totals again only when the counts per state move or the totals grow old', async () => {
    const { clock, queue } = clockedQueue();
    const source = queueDashboardSource(queue, { githubUrl: GHE, now: clock.now });
    let totalsReads = 0;
    const counting: DashboardSource = {
      ...source,
      totals: (days) => (totalsReads++, source.totals(days)),
    };
    const read = snapshotReader(counting, { limit: 10, days: 1, totalsMaxAgeMs: 60_000, now: clock.now });

    await addJob(queue, clock, { key: 'a', installationId: 1 }, { state: 'queued' });
    expect((await read()).totals.rows[0]?.jobs).toBe(1);
    await read();
    expect(totalsReads).toBe(1);

    await addJob(queue, clock, { key: 'b', installationId: 1 }, { state: 'queued' });
    const snapshot = await read();
    expect(totalsReads).toBe(2);
    expect(snapshot.counts).toEqual({ queued: 2, running: 0, done: 0, dead: 0, superseded: 0 });
    expect(snapshot.jobs).toHaveLength(2);
    expect(snapshot.totals.rows[0]?.jobs).toBe(2);

    clock.t += 60_000;
    await read();
    expect(totalsReads).toBe(3);
  });
});
