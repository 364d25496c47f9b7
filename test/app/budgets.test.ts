import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { SqliteUsageStore } from '../../src/budgets/sqlite-usage-store.js';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-mock.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import { REPO, mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

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
