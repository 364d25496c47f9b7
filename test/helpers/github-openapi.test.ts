import { describe, expect, test } from '@jest/globals';
import { findOperation, validateGitHubRequest } from './github-openapi.js';

const valid: [string, string, unknown][] = [
  [
    'POST',
    '/repos/o/r/pulls/1/reviews',
    {
      commit_id: 'a'.repeat(40),
      body: 'Summary',
      event: 'COMMENT',
      comments: [
        { path: 'src/a.ts', line: 12, side: 'RIGHT', start_line: 10, start_side: 'RIGHT', body: 'Nit' },
      ],
    },
  ],
  ['POST', '/repos/o/r/check-runs', { name: 'Pullwise', head_sha: 'a'.repeat(40), status: 'in_progress' }],
  [
    'PATCH',
    '/repos/o/r/check-runs/5',
    {
      status: 'completed',
      conclusion: 'success',
      output: {
        title: 'Pullwise',
        summary: '1 finding',
        annotations: [
          { path: 'src/a.ts', start_line: 1, end_line: 2, annotation_level: 'warning', message: 'm' },
        ],
      },
    },
  ],
  ['POST', '/repos/o/r/issues/3/comments', { body: 'hi' }],
  ['PATCH', '/repos/o/r/issues/comments/9', { body: 'hi' }],
  ['POST', '/repos/o/r/pulls/1/comments/7/replies', { body: 'hi' }],
  ['POST', '/app/installations/123/access_tokens', undefined],
  ['POST', '/app/installations/123/access_tokens', {}],
  ['GET', '/repos/o/r/collaborators/u/permission', undefined],
  ['GET', '/api/v3/repos/o/r/pulls/1/files?per_page=100&page=2', ''],
  // OpenAPI 3.0 `nullable: true` without `type` (milestone) and beside an enum lacking null (state_reason).
  ['PATCH', '/repos/o/r/issues/3', { milestone: null, state_reason: null }],
];

const invalid: [string, string, unknown, RegExp][] = [
  ['POST', '/repos/o/r/pulls/1/reviews', { event: 'APPROVE_PLEASE' }, /\/event must be equal to one of/],
  [
    'POST',
    '/repos/o/r/pulls/1/reviews',
    { event: 'COMMENT', body: 'x', comments: [{ path: 'a', line: 1, side: 'MIDDLE', body: 'x' }] },
    /pulls\/create-review.*\/comments\/0\/side must be equal to one of the allowed values \(LEFT, RIGHT\)/,
  ],
  [
    'POST',
    '/repos/o/r/check-runs',
    { head_sha: 'abc' },
    /checks\/create.*must have required property 'name'/,
  ],
  [
    'PATCH',
    '/repos/o/r/check-runs/5',
    {
      output: {
        title: 't',
        summary: 's',
        annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' }],
      },
    },
    /\/output\/annotations\/0\/annotation_level must be equal to one of the allowed values \(notice, warning, failure\)/,
  ],
  // conclusion is required once status is completed (the schema's anyOf).
  ['PATCH', '/repos/o/r/check-runs/5', { status: 'completed' }, /must match a schema in anyOf/],
  ['POST', '/repos/o/r/pulls/1/reviewz', { body: 'x' }, /GitHub has no such operation/],
  ['PUT', '/repos/o/r/issues/3/comments', { body: 'x' }, /only for GET, POST/],
  ['GET', '/repos/o/r/collaborators/u/permission', { x: 1 }, /takes no request body/],
  ['POST', '/repos/o/r/issues/3/comments', undefined, /must have required property 'body'/],
  ['GET', '/repos/o/r/pulls?state=opened', undefined, /query \/state must be equal to one of/],
];

describe('findOperation', () => {
  test('maps a concrete path to its template, GHES prefix and query ignored', () => {
    expect(findOperation('post', '/api/v3/repos/octo/hello/pulls/12/reviews?x=1')).toEqual({
      operationId: 'pulls/create-review',
      pathTemplate: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    });
  });

  test('prefers the template with more literal segments', () => {
    // GET /user/{account_id} matches too.
    expect(findOperation('GET', '/user/repos')?.operationId).toBe('repos/list-for-authenticated-user');
  });

  test('lets a trailing {path} take slashes', () => {
    expect(findOperation('GET', '/repos/o/r/contents/src/core/a.ts')?.operationId).toBe('repos/get-content');
  });

  test('is undefined for a route GitHub lacks', () => {
    expect(findOperation('POST', '/repos/o/r/pulls/1/reviewz')).toBeUndefined();
  });
});

describe('validateGitHubRequest', () => {
  test.each(valid)('accepts %s %s', (method, path, body) => {
    expect(() => validateGitHubRequest(method, path, body)).not.toThrow();
  });

  test.each(invalid)('rejects %s %s (%j)', (method, path, body, message) => {
    expect(() => validateGitHubRequest(method, path, body)).toThrow(message);
  });
});
