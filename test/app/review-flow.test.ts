import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-mock.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import { HEAD, mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

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
