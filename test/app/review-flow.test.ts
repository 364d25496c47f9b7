import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import {
  CHANGED_FILE,
  HEAD,
  mockReviewScenario,
  pullRequest,
  reviewsPosted,
} from '../helpers/pull-request-scenario.js';

let app: TestApp;
let gh: GitHubMock;
beforeEach(() => {
  gh = mockGitHub();
});
afterEach(async () => {
  await app?.stop();
  gh.assertAllValid();
  expect(nock.pendingMocks()).toEqual([]);
});

const finding = {
  path: 'src/values.ts',
  line: 6,
  severity: 'critical',
  body: 'Division by zero makes v6 Infinity.',
  suggestion: 'const v6 = 6;',
};

describe('the App reviews pull requests', () => {
  test('an opened PR gets one review with anchored comments, a check run and a tracking comment', async () => {
    mockReviewScenario(gh);
    const claude = mockClaude().expectReview({ summary: 'One risky change.', comments: [finding] });
    app = await startTestApp();
    expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
    await app.server.worker.idle();

    const [review] = reviewsPosted(gh.requests);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(review!.body).toMatchObject({
      commit_id: HEAD,
      event: 'COMMENT',
      comments: [
        {
          path: 'src/values.ts',
          line: 6,
          side: 'RIGHT',
          body: expect.stringContaining('```suggestion\nconst v6 = 6;\n```'),
        },
      ],
    });
    const body = (review!.body as { body: string }).body;
    expect(body).toContain('One risky change.');
    expect(body).toMatch(new RegExp(`<!-- pullwise:review head=${HEAD} fingerprints=[0-9a-f]{12} -->`));
    expect(claude.requests[0]!.messages[0].content).toContain('6+ const v6 = 6 / 0;');

    const checkCreate = gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/check-runs'));
    expect(checkCreate!.body).toMatchObject({ name: 'Pullwise', head_sha: HEAD, status: 'in_progress' });
    const checkDone = gh.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/check-runs/77'));
    expect(checkDone!.body).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: {
        annotations: [{ path: 'src/values.ts', start_line: 6, end_line: 6, annotation_level: 'failure' }],
      },
    });
    const tracking = gh.requests.filter((r) => r.path.includes('/issues/'));
    expect(tracking.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
    expect((tracking[3]!.body as { body: string }).body).toMatch(
      /reviewed `ec26c3e` in [\d.]+ s: 1 inline comments/,
    );
    expect(await app.server.queue.counts()).toMatchObject({ done: 1, queued: 0, running: 0, dead: 0 });
  });
});

describe('the review job on GitHub', () => {
  test('a review GitHub rejects with 422 is posted again with its comments in the body', async () => {
    mockReviewScenario(gh, {
      reviewReplies: [
        { status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } },
        { status: 200 },
      ],
    });
    mockClaude().expectReview({ summary: 'One risky change.', comments: [finding] });
    app = await startTestApp();
    await app.send('pull_request', payload('pull_request', 'opened'));
    await app.server.worker.idle();
    const [first, second] = reviewsPosted(gh.requests);
    expect((first!.body as { comments: unknown[] }).comments).toHaveLength(1);
    expect(second!.body).not.toHaveProperty('comments');
    expect((second!.body as { body: string }).body).toContain('Division by zero makes v6 Infinity.');
    expect((second!.body as { body: string }).body).toContain('`src/values.ts:6`');
  });

  test('a malformed config gets a comment naming the problem, and the review runs on defaults', async () => {
    mockReviewScenario(gh, { config: 'review:\n  max_comments: ten\n' });
    mockClaude().expectReview({ summary: 'ok', comments: [finding] });
    app = await startTestApp();
    await app.send('pull_request', payload('pull_request', 'opened'));
    await app.server.worker.idle();
    const configComment = gh.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith('/issues/2/comments') &&
        /max_comments/.test(JSON.stringify(r.body)),
    );
    expect((configComment!.body as { body: string }).body).toMatch(/`review\.max_comments`: .*"ten"/);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
  });

  test('a PR opened by a bot is not reviewed unless the bot is allowed', async () => {
    gh.on('POST', '/app/installations/1/access_tokens', {
      status: 201,
      body: { token: 'ghs_x', expires_at: new Date(Date.now() + 3600_000).toISOString() },
    });
    gh.on('GET', '/repos/Codertocat/Hello-World/pulls/2', { body: pullRequest() });
    gh.on('GET', '/repos/Codertocat/Hello-World/contents/.github%2Fpullwise.yml?ref=main', {
      status: 404,
      body: { message: 'Not Found' },
    });
    app = await startTestApp();
    const event = payload('pull_request', 'opened');
    event.sender = { ...event.sender, login: 'renovate[bot]', type: 'Bot' };
    await app.send('pull_request', event);
    await app.server.worker.idle();
    const [job] = await app.server.queue.list();
    expect(job).toMatchObject({
      state: 'done',
      result: { status: 'skipped', reason: 'bot renovate[bot] is not in triggers.allow_bots' },
    });
    expect(reviewsPosted(gh.requests)).toEqual([]);
  });

  test('a later push is reviewed incrementally and never repeats a finding already posted', async () => {
    const newHead = 'a'.repeat(40);
    const first = {
      id: 900,
      body: `old review\n<!-- pullwise:review head=${HEAD} fingerprints=${await fingerprintOf(finding)} -->`,
    };
    mockReviewScenario(gh, { headSha: newHead, previousReviews: [first] });
    gh.on('GET', `/repos/Codertocat/Hello-World/compare/${HEAD}...${newHead}?per_page=100`, {
      body: {
        status: 'ahead',
        files: [CHANGED_FILE],
      },
    });
    const claude = mockClaude().expectReview({ summary: 'Same issue again.', comments: [finding] });
    app = await startTestApp();
    const event = payload('pull_request', 'synchronize');
    event.pull_request.head.sha = newHead;
    await app.send('pull_request', event);
    await app.server.worker.idle();
    expect(claude.requests).toHaveLength(1);
    const [review] = reviewsPosted(gh.requests);
    expect(review!.body).toMatchObject({ commit_id: newHead, comments: [] });
    expect((review!.body as { body: string }).body).toContain(`Changes since ${HEAD.slice(0, 7)}.`);
  });
});

async function fingerprintOf(f: { path: string; body: string }): Promise<string> {
  const { fingerprint } = await import('../../src/core/findings/fingerprint.js');
  return fingerprint({ path: f.path, body: f.body, source: 'model' });
}

describe('GitHub rate limits', () => {
  test('a 403 secondary rate limit with retry-after is waited out and the review is posted', async () => {
    mockReviewScenario(gh, {
      reviewReplies: [
        {
          status: 403,
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
          headers: { 'retry-after': '1' },
        },
        { status: 200 },
      ],
    });
    mockClaude().expectReview({ summary: 'ok', comments: [finding] });
    // Octokit's throttling exactly as the server sets it up (the other tests switch it off for speed).
    app = await startTestApp({ productionThrottle: true });
    await app.send('pull_request', payload('pull_request', 'opened'));
    await app.server.worker.idle();
    const [limited, posted] = reviewsPosted(gh.requests);
    expect(limited!.body).toEqual(posted!.body);
    expect(await app.server.queue.counts()).toMatchObject({ done: 1, dead: 0 });
  }, 60_000);
});

describe('jobs that keep failing', () => {
  test('after the last attempt the job is dead and the PR gets a comment saying what failed', async () => {
    gh.on('POST', '/app/installations/1/access_tokens', {
      status: 201,
      body: { token: 'ghs_dead_letter_token', expires_at: new Date(Date.now() + 3600_000).toISOString() },
    });
    gh.on(
      'GET',
      '/repos/Codertocat/Hello-World/pulls/2',
      { status: 502, body: { message: 'Server Error' } },
      { times: 3 },
    );
    gh.on('POST', '/repos/Codertocat/Hello-World/issues/2/comments', { status: 201, body: { id: 1 } });
    app = await startTestApp();
    await app.send('pull_request', payload('pull_request', 'opened'));
    for (let i = 0; i < 200 && (await app.server.queue.counts()).dead === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await app.server.worker.idle();
    const [job] = await app.server.queue.list();
    expect(job).toMatchObject({ state: 'dead', attempts: 3 });
    const comment = gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues/2/comments'));
    expect((comment!.body as { body: string }).body).toMatch(
      /could not finish this review job after 3 attempts: .*Server Error/,
    );
  });
});
