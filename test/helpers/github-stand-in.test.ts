import { afterEach, expect, test } from '@jest/globals';
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js';

let gh: GitHubStandIn | undefined;
afterEach(async () => gh?.close());

test('answers a valid request through the GHES prefix, with path params and query', async () => {
  gh = await startGitHubStandIn({
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': (req) => ({
      status: 200,
      body: { number: Number(req.params.pull_number), state: req.query.state ?? 'none' },
    }),
  });
  const res = await fetch(`${gh.apiUrl}/repos/o/r/pulls/7?state=open`);
  expect(await res.json()).toEqual({ number: 7, state: 'open' });
  expect(gh.errors).toEqual([]);
});

test('hands out an installation token by default', async () => {
  gh = await startGitHubStandIn();
  const res = await fetch(`${gh.apiUrl}/app/installations/123/access_tokens`, { method: 'POST' });
  const body = (await res.json()) as { token: string; expires_at: string };
  expect(res.status).toBe(201);
  expect(body.token).toBe('ghs_test');
  expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
});

test('answers 599 and records a request GitHub would reject or that has no route', async () => {
  gh = await startGitHubStandIn({
    'POST /repos/{owner}/{repo}/check-runs': () => ({ status: 201, body: {} }),
  });
  const bad = await fetch(`${gh.url}/repos/o/r/check-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ head_sha: 'abc' }),
  });
  const unrouted = await fetch(`${gh.url}/repos/o/r/issues/3/comments`, {
    method: 'POST',
    body: '{"body":"x"}',
  });
  expect([bad.status, unrouted.status]).toEqual([599, 599]);
  expect(gh.errors.map((e) => e.message)).toEqual([
    expect.stringMatching(/checks\/create.*must have required property 'name'/),
    expect.stringMatching(/stand-in has no route/),
  ]);
  expect(gh.requests).toHaveLength(2);
});
