import { afterEach, beforeEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import { LEAKED_SECRET_LINES, leakedSecrets, leaksIn } from '../helpers/leaked-secrets.js';
import { mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

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

test('credentials a PR adds are each reported, and none reaches the model, GitHub or the log', async () => {
  const { secrets, configLines, envLines, forbidden } = leakedSecrets();
  mockReviewScenario(gh, {
    addedFiles: { 'src/config.ts': `${configLines.join('\n')}\n`, '.env': `${envLines.join('\n')}\n` },
  });
  // The model quotes a credential back (as one could from code it was shown): it must not be posted either.
  const claude = mockClaude().expectReview({
    summary: `The Stripe key ${secrets.stripeKey} is hard-coded.`,
    comments: [
      {
        path: 'src/values.ts',
        line: 6,
        severity: 'major',
        body: `Use ${secrets.awsKeyId} from the environment.`,
      },
    ],
  });
  const logLines: string[] = [];
  app = await startTestApp({ logLines, appEnv: { logLevel: 'debug' } });
  expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
  await app.server.worker.idle();

  // A finding on each line that adds a credential, from the check.
  const [review] = reviewsPosted(gh.requests);
  const posted = review!.body as {
    body: string;
    comments: Array<{ path: string; line: number; body: string }>;
  };
  const secretComments = posted.comments.filter((c) => /secret/i.test(c.body) && c.path !== 'src/values.ts');
  expect(secretComments.map((c) => `${c.path}:${c.line}`).sort()).toEqual([...LEAKED_SECRET_LINES].sort());

  // Not one of them in what was sent to the model ...
  expect(claude.requests).toHaveLength(1);
  expect(leaksIn(JSON.stringify(claude.requests), forbidden)).toEqual([]);
  // ... nor in anything written to GitHub: the review, its comments, the check run, the tracking comment ...
  const writes = gh.requests.filter((r) => r.method !== 'GET');
  expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/check-runs/), expect.stringMatching(/reviews$/)]),
  );
  expect(leaksIn(JSON.stringify(writes.map((r) => r.body)), forbidden)).toEqual([]);
  // ... nor in the log, at debug level.
  expect(logLines.length).toBeGreaterThan(0);
  expect(leaksIn(logLines.join('\n'), forbidden)).toEqual([]);
  // What was masked still says which credential to rotate.
  expect(posted.body).toContain(`sk_l…${secrets.stripeKey.slice(-4)}`);
});
