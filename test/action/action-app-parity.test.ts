import { afterEach, expect, test } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { runActionBundle } from '../helpers/action-runner.js';
import { submitReviewReply, startClaudeStandIn, type ClaudeStandIn } from '../helpers/claude-fake.js';
import { payload, type RecordedRequest } from '../helpers/github-mock.js';
import { startGitHubHttpMock, type GitHubHttpMock } from '../helpers/github-http-mock.js';
import { mockReviewScenario } from '../helpers/pull-request-scenario.js';

// The same event to the App (a webhook) and to the Action (a workflow run): the same core must make the same
// GitHub requests, job for job, and send Claude the same prompt.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reviewReply = () => ({
  status: 200,
  body: submitReviewReply({
    summary: 'One risky change.',
    comments: [
      {
        path: 'src/values.ts',
        line: 6,
        severity: 'major',
        body: 'Division by zero.',
        suggestion: 'const v6 = 6;',
      },
    ],
  }),
});

async function standIns(): Promise<{ gh: GitHubHttpMock; claude: ClaudeStandIn }> {
  const gh = await startGitHubHttpMock();
  const claude = await startClaudeStandIn([reviewReply()]);
  cleanups.push(
    () => gh.close(),
    () => claude.close(),
  );
  mockReviewScenario(gh);
  return { gh, claude };
}

/** What a request asks of GitHub, without what differs by time (timestamps, durations). */
function normalized(requests: RecordedRequest[]) {
  return requests
    .filter((r) => !r.path.startsWith('/app/installations/')) // the App's token exchange: not a job's request
    .map((r) => ({
      request: `${r.method} ${r.path}`,
      body: JSON.parse(
        JSON.stringify(r.body)
          .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
          .replace(/in \d+(\.\d+)? s/g, 'in <n> s'),
      ),
    }));
}

test('a pull_request event: the App and the Action make the same GitHub requests', async () => {
  const event = payload('pull_request', 'opened');

  const viaApp = await standIns();
  // The App alone reads the 👎 on its comments, for its learnings store (the Action keeps no learnings).
  viaApp.gh.on('POST', '/graphql', { body: { data: { repository: { pullRequests: { nodes: [] } } } } });
  const app: TestApp = await startTestApp({
    apiBaseUrl: viaApp.gh.apiUrl,
    env: { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: viaApp.claude.url },
  });
  cleanups.push(() => app.stop());
  expect(await app.send('pull_request', event)).toBe(200);
  await app.server.worker.idle();
  expect(await app.server.queue.counts()).toMatchObject({ done: 1, dead: 0 });

  const viaAction = await standIns();
  const run = await runActionBundle({
    eventName: 'pull_request',
    payload: event,
    inputs: { anthropic_api_key: 'sk-ant-test-key', github_token: 'ghs_workflow_token' },
    apiUrl: viaAction.gh.apiUrl,
    claudeUrl: viaAction.claude.url,
  });
  expect(run.code).toBe(0);

  viaApp.gh.assertAllValid();
  viaAction.gh.assertAllValid();
  // The same requests; their order may differ where a job writes while it reads (check run, tracking comment).
  const sorted = (requests: ReturnType<typeof normalized>) => requests.map((r) => JSON.stringify(r)).sort();
  const appRequests = normalized(viaApp.gh.requests).filter((r) => r.request !== 'POST /graphql');
  expect(viaApp.gh.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
  expect(appRequests.map((r) => r.request)).toContain('POST /repos/Codertocat/Hello-World/pulls/2/reviews');
  expect(sorted(normalized(viaAction.gh.requests))).toEqual(sorted(appRequests));
  expect(viaAction.claude.requests).toEqual(viaApp.claude.requests);
});
