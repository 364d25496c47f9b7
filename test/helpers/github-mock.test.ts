import { describe, expect, test } from '@jest/globals';
import { mockGitHub, payload } from './github-mock.js';

const API = 'https://api.github.com';

describe('mockGitHub', () => {
  test('replies to and records a valid request, query string included', async () => {
    const gh = mockGitHub();
    gh.on('GET', '/repos/o/r/pulls/1/files?per_page=100', { body: [{ filename: 'a.ts' }] });
    const res = await fetch(`${API}/repos/o/r/pulls/1/files?per_page=100`, {
      headers: { authorization: 'token t' },
    });
    expect(await res.json()).toEqual([{ filename: 'a.ts' }]);
    expect(gh.requests).toMatchObject([{ method: 'GET', path: '/repos/o/r/pulls/1/files?per_page=100' }]);
    expect(gh.requests[0]?.headers.authorization).toBe('token t');
    gh.assertAllValid();
  });

  test('answers 599 to a body GitHub would reject and records why', async () => {
    const gh = mockGitHub('https://ghe.example.com/api/v3');
    gh.on('POST', '/repos/o/r/pulls/1/reviews', () => ({ body: { id: 1 } }));
    const res = await fetch('https://ghe.example.com/api/v3/repos/o/r/pulls/1/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'APPROVE_PLEASE' }),
    });
    expect(res.status).toBe(599);
    expect(gh.errors[0]?.message).toMatch(/pulls\/create-review.*\/event must be equal to one of/);
    expect(() => gh.assertAllValid()).toThrow(/GitHub would reject 1 request/);
  });

  test('refuses to mock a route GitHub does not have', () => {
    expect(() => mockGitHub().on('POST', '/repos/o/r/pulls/1/reviewz', {})).toThrow(/no such operation/);
  });
});

describe('payload', () => {
  test('returns a deep copy of a real pull_request.opened payload', () => {
    const first = payload('pull_request', 'opened');
    expect(first.pull_request.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(first.installation.id).toEqual(expect.any(Number));
    first.pull_request.head.sha = 'changed';
    expect(payload('pull_request', 'opened').pull_request.head.sha).not.toBe('changed');
  });

  test('names the available actions when the one asked for does not exist', () => {
    expect(() => payload('issue_comment', 'opened')).toThrow(/actions: created, deleted, edited/);
  });
});
