import { afterEach, expect, test } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { apiError, submitReviewReply, startClaudeStandIn } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { startStatefulGitHub } from '../helpers/stateful-github.js';
import { until } from '../helpers/until.js';

// Claude overloaded (529) for a while: the circuit opens and the job waits for the API instead of burning its
// attempts; when a probe succeeds the circuit closes and the job completes with one review.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test('529s in a row open the circuit; the job waits, then completes once the API is back', async () => {
  // No SDK retries, so each 529 reaches the breaker at once.
  const github = await startStatefulGitHub({ config: 'budget:\n  max_retries: 0\n' });
  const overloaded = { status: 529, body: apiError('overloaded_error', 'Overloaded') };
  const claude = await startClaudeStandIn([
    overloaded,
    overloaded,
    overloaded,
    { status: 200, body: submitReviewReply({ summary: 'Back again.', comments: [] }) },
  ]);
  cleanups.push(
    () => github.close(),
    () => claude.close(),
  );
  const app: TestApp = await startTestApp({
    apiBaseUrl: github.apiUrl,
    env: { ANTHROPIC_BASE_URL: claude.url },
    // Three attempts would all fail without the breaker: 529, 529, 529.
    appEnv: { maxAttempts: 3, modelCircuitFailures: 2, modelCircuitOpenMs: 200 },
  });
  cleanups.push(() => app.stop());

  expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
  // idle() would return while the retry waits out its backoff: wait for the job to end.
  await until(
    async () => ['done', 'dead'].includes((await app.server.queue.list())[0]!.state),
    'the job to end',
  );

  const [job] = await app.server.queue.list();
  // Attempt 1 failed (one 529 is not an outage yet); attempt 2 opened the circuit, waited through a failed
  // probe, and went through when the API answered.
  expect(job).toMatchObject({ state: 'done', attempts: 2 });
  expect(claude.requests).toHaveLength(4);
  expect(github.reviews).toHaveLength(1);
  expect(github.reviews[0]!.body).toContain('Back again.');
  expect(github.errors).toEqual([]);
});
