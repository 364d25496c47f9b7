import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import {
  honourSharedBackoff,
  MemoryBackoffStore,
  RedisBackoffStore,
  shareSecondaryLimits,
  type BackoffStore,
} from '../../src/github/shared-backoff.js';
import type { GitHubClient } from '../../src/github/client.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// Two workers of one installation (two clients, and for Redis two connections as two processes would have):
// when one hits GitHub's secondary rate limit, the other waits out the same `retry-after` before its next
// request instead of finding the limit on its own.

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

const REPO = '/repos/Codertocat/Hello-World';

/** A client as the App makes them: Probot's Octokit, throttling on, scoped to installation 1. */
function client(store: BackoffStore): GitHubClient {
  const scopes = new WeakMap<object, string>();
  const Octokit = ProbotOctokit.defaults((options: object) => ({
    ...options,
    retry: { enabled: false },
    throttle: {
      onRateLimit: () => false,
      onSecondaryRateLimit: shareSecondaryLimits(store, (o) => scopes.get(o as object)),
    },
  }));
  const octokit = new Octokit({ auth: { token: 'ghs_t' } }) as unknown as GitHubClient;
  scopes.set(octokit, 'installation:1');
  honourSharedBackoff(octokit, store, 'installation:1');
  return octokit;
}

describe.each([
  ['in one process', () => [new MemoryBackoffStore()].flatMap((s) => [s, s])],
  [
    'across processes (Redis)',
    () => {
      const prefix = `backoff-test-${Date.now()}:`; // one prefix: the same keys, as two processes would share
      return [RedisBackoffStore.open(redis.url, prefix), RedisBackoffStore.open(redis.url, prefix)];
    },
  ],
] as Array<[string, () => BackoffStore[]]>)('a secondary rate limit %s', (_, stores) => {
  test('pauses the installation’s other client until retry-after has passed', async () => {
    const [storeA, storeB] = stores();
    const gh = mockGitHub();
    const arrivals: Array<{ who: string; at: number }> = [];
    gh.on('GET', `${REPO}/issues/1`, (req) => {
      arrivals.push({ who: String(req.headers['x-worker']), at: Date.now() });
      return {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        headers: { 'retry-after': '1' },
      };
    });
    gh.on(
      'GET',
      `${REPO}/issues/1`,
      (req) => {
        arrivals.push({ who: String(req.headers['x-worker']), at: Date.now() });
        return { body: { number: 1 } };
      },
      { times: 2 },
    );
    const a = client(storeA!);
    const b = client(storeB!);
    const first = a.rest.issues.get({
      owner: 'Codertocat',
      repo: 'Hello-World',
      issue_number: 1,
      headers: { 'x-worker': 'a' },
    });
    // B starts once A's limit is on record, as another job would a moment later.
    for (let i = 0; (await storeB!.pausedUntil('installation:1')) === 0; i++) {
      if (i > 400)
        throw new Error(
          `no pause recorded; requests: ${JSON.stringify(gh.requests.map((r) => r.path))} errors: ${gh.errors.map((e) => e.message).join('; ')}`,
        );
      await new Promise((r) => setTimeout(r, 5));
    }
    const pausedUntil = await storeB!.pausedUntil('installation:1');
    const second = b.rest.issues.get({
      owner: 'Codertocat',
      repo: 'Hello-World',
      issue_number: 1,
      headers: { 'x-worker': 'b' },
    });
    await Promise.all([first, second]);

    expect(arrivals.map((r) => r.who).sort()).toEqual(['a', 'a', 'b']);
    const fromB = arrivals.find((r) => r.who === 'b')!;
    expect(fromB.at).toBeGreaterThanOrEqual(pausedUntil); // B never reached GitHub during A's pause
    gh.assertAllValid();
    for (const store of new Set([storeA!, storeB!])) await store.close();
  });
});

test('while Redis is down a job’s request waits for it until the job stops; a stopped job’s last write still goes', async () => {
  const down = await startRedisServer();
  const store = RedisBackoffStore.open(down.url, `backoff-down-${Date.now()}:`);
  await store.pausedUntil('installation:1'); // connected once, as a running App is
  await down.kill();
  const gh = mockGitHub();
  gh.on('PATCH', `${REPO}/check-runs/7`, { body: {} });
  const job = new AbortController();
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_t' },
    retry: { enabled: false },
    throttle: { enabled: false },
  }) as unknown as GitHubClient;
  honourSharedBackoff(octokit, store, 'installation:1', { signal: job.signal });
  const closeCheckRun = () =>
    octokit.rest.checks.update({
      owner: 'Codertocat',
      repo: 'Hello-World',
      check_run_id: 7,
      status: 'completed',
      conclusion: 'cancelled',
    });

  // Running: the request waits for Redis, and ends with the job rather than sending without the pause.
  const waiting = closeCheckRun();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(gh.requests).toHaveLength(0);
  job.abort(new Error('superseded'));
  await expect(waiting).rejects.toThrow('superseded');

  // Stopped: the cleanup write waits a little for the store, then is sent anyway.
  const started = Date.now();
  await closeCheckRun();
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  expect(gh.requests.map((r) => r.method)).toEqual(['PATCH']);
  gh.assertAllValid();
  await store.close();
  await down.stop();
});
