import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { SqliteUsageStore } from '../../src/budgets/sqlite-usage-store.js';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import { REPO, mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';
import { until } from '../helpers/until.js';

let app: TestApp | undefined;
let gh: GitHubMock;
let dataDir: string;
beforeEach(() => {
  gh = mockGitHub();
  dataDir = mkdtempSync(path.join(tmpdir(), 'pullwise-budget-'));
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  rmSync(dataDir, { recursive: true, force: true });
  gh.assertAllValid();
});

const opened = () => {
  const event = payload('pull_request', 'opened');
  event.installation = { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return event;
};

/** GitHub for the over-budget comment on PR #2: its comments, kept so the second job finds the first comment. */
function mockComments() {
  gh.on(
    'POST',
    '/app/installations/1/access_tokens',
    // Probot keeps the installation token for the second job.
    { status: 201, body: { token: 'ghs_t', expires_at: new Date(Date.now() + 3600_000).toISOString() } },
  );
  const comments: Array<{ id: number; body: string }> = [];
  gh.on('GET', `${REPO}/issues/2/comments?per_page=100`, () => ({ body: comments }), { times: 2 });
  gh.on('POST', `${REPO}/issues/2/comments`, (req) => {
    comments.push({ id: 31, body: (req.body as { body: string }).body });
    return { status: 201, body: comments[0] };
  });
  return comments;
}

describe('per-installation budgets', () => {
  test('over its daily spend: the job is not run, no model call, ONE comment saying why and when it resets', async () => {
    const store = SqliteUsageStore.open(dataDir);
    await store.recordCost(1, 2.5, Date.now()); // spent today by earlier jobs
    await store.close();
    const comments = mockComments();
    const claude = mockClaude(); // nothing scripted: any model call fails the test
    app = await startTestApp({ dataDir, env: { PULLWISE_LIMIT_USD_PER_DAY: '2' } });

    expect(await app.send('pull_request', opened())).toBe(200);
    await app.server.worker.idle();
    const event = opened();
    event.action = 'synchronize';
    expect(await app.send('pull_request', event)).toBe(200);
    await app.server.worker.idle();

    expect(claude.requests).toEqual([]);
    expect(reviewsPosted(gh.requests)).toEqual([]);
    expect(comments).toHaveLength(1); // the second refusal found the first comment: no second one
    expect(comments[0]!.body).toMatch(
      /^\*\*Pullwise\*\* did not run: this installation spent \$2\.50 today \(UTC\), its limit is \$2\.00\. The limit resets at \d{4}-\d\d-\d\d 00:00 UTC/,
    );
    const jobs = await app.server.queue.list();
    expect(jobs.map((j) => [j.state, (j.result as { status: string }).status])).toEqual([
      ['done', 'over-budget'],
      ['done', 'over-budget'],
    ]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('a job retried after a transient failure is the same job: it runs, the hourly limit is not spent twice', async () => {
    // Its first attempt meets a 502; retried, it must not be refused as a second job of the hour.
    gh.on('GET', `${REPO}/pulls/2`, { status: 502, body: { message: 'Server Error' } });
    mockReviewScenario(gh);
    const claude = mockClaude().expectReview({ summary: 'Fine.', comments: [] });
    app = await startTestApp({ dataDir, env: { PULLWISE_LIMIT_JOBS_PER_HOUR: '1' } });
    expect(await app.send('pull_request', opened())).toBe(200);
    const { queue } = app.server;
    await until(async () => ['done', 'dead'].includes((await queue.list())[0]?.state ?? ''), 'the job ends');

    const [job] = await queue.list();
    expect(job).toMatchObject({ state: 'done', attempts: 2 });
    expect(job!.result).not.toMatchObject({ status: 'over-budget' });
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(claude.requests).toHaveLength(1);
    expect(gh.requests.some((r) => /did not run/.test(JSON.stringify(r.body ?? '')))).toBe(false);
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('a job that runs adds what its model calls cost to the installation’s spend', async () => {
    mockReviewScenario(gh);
    mockClaude().expectReview({ summary: 'Fine.', comments: [] });
    app = await startTestApp({ dataDir, env: { PULLWISE_LIMIT_USD_PER_DAY: '100' } });
    expect(await app.send('pull_request', opened())).toBe(200);
    await app.server.worker.idle();
    const [job] = await app.server.queue.list();
    const usage = (job!.result as { usage: { costUsd: number; calls: number } }).usage;
    expect(usage.calls).toBe(1);
    expect(usage.costUsd).toBeGreaterThan(0);
    await app.stop();
    app = undefined;
    const store = SqliteUsageStore.open(dataDir);
    expect((await store.totals(1, Date.now())).usdToday).toBeCloseTo(usage.costUsd, 10);
    expect((await store.totals(1, Date.now())).jobsLastHour).toBe(1);
    await store.close();
  });
});
