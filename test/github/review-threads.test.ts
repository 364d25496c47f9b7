import { afterEach, beforeEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import { mockGitHub, type GitHubMock, type RecordedRequest } from '../helpers/github-mock.js';

const repo = { owner: 'Codertocat', repo: 'Hello-World' };
const sha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

let gh: GitHubMock;
// No network here either: test/helpers/setup.ts disables it for every file (loopback stays open). Calling
// disableNetConnect again would close loopback for the suites that run after this one in the same worker.
beforeEach(() => {
  gh = mockGitHub();
});
afterEach(() => {
  gh.assertAllValid();
  expect(nock.pendingMocks()).toEqual([]);
});

const github = () =>
  octokitGitHub(
    new ProbotOctokit({
      auth: { token: 'ghs_test' },
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
  );
const variables = (req: RecordedRequest) => (req.body as { variables: Record<string, unknown> }).variables;

const comment = (id: string, typename: string, login: string) => ({
  fullDatabaseId: id,
  body: `comment ${id}`,
  url: `https://github.com/Codertocat/Hello-World/pull/1#discussion_r${id}`,
  author: { __typename: typename, login },
  originalCommit: { oid: sha },
});
const thread = (id: string, comments: unknown[]) => ({
  id,
  isResolved: false,
  isOutdated: false,
  path: 'src/a.ts',
  diffSide: 'RIGHT',
  line: 3,
  startLine: null,
  originalLine: 3,
  originalStartLine: null,
  comments: { nodes: comments },
});
const threadsPage = (nodes: unknown[], endCursor: string | null) => ({
  body: {
    data: {
      repository: {
        pullRequest: { reviewThreads: { pageInfo: { hasNextPage: endCursor !== null, endCursor }, nodes } },
      },
    },
  },
});

test('reviewThreads follows the cursor until the last page and shapes each comment', async () => {
  gh.on(
    'POST',
    '/graphql',
    (req) =>
      variables(req).cursor === 'Y3Vyc29yOjEwMA=='
        ? threadsPage([thread('PRRT_2', [comment('12', 'User', 'octocat')])], null)
        : threadsPage([thread('PRRT_1', [comment('11', 'Bot', 'pullwise[bot]')])], 'Y3Vyc29yOjEwMA=='),
    { times: 2 },
  );
  const threads = await github().reviewThreads(repo, 1);
  expect(gh.requests.map(variables)).toEqual([
    { owner: 'Codertocat', name: 'Hello-World', number: 1, cursor: null },
    { owner: 'Codertocat', name: 'Hello-World', number: 1, cursor: 'Y3Vyc29yOjEwMA==' },
  ]);
  expect(threads.map((t) => t.id)).toEqual(['PRRT_1', 'PRRT_2']);
  expect(threads[0]).toEqual({
    ...thread('PRRT_1', []),
    comments: [
      {
        id: 11,
        body: 'comment 11',
        author: { login: 'pullwise[bot]', isBot: true },
        originalCommit: sha,
        url: 'https://github.com/Codertocat/Hello-World/pull/1#discussion_r11',
      },
    ],
  });
  expect(threads[1]?.comments[0]?.author).toEqual({ login: 'octocat', isBot: false });
});

test('a GraphQL errors answer rejects with GitHub’s message', async () => {
  gh.on('POST', '/graphql', {
    body: {
      data: { repository: { pullRequest: null } },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository', 'pullRequest'],
          message: 'Could not resolve to a PullRequest with the number of 99.',
        },
      ],
    },
  });
  await expect(github().reviewThreads(repo, 99)).rejects.toThrow(/Could not resolve to a PullRequest/);
});

test('resolveReviewThread sends the mutation with the thread’s node id', async () => {
  gh.on('POST', '/graphql', {
    body: { data: { resolveReviewThread: { thread: { id: 'PRRT_1', isResolved: true } } } },
  });
  await github().resolveReviewThread('PRRT_1');
  expect((gh.requests[0]?.body as { query: string }).query).toMatch(/resolveReviewThread\(input:/);
  expect(variables(gh.requests[0]!)).toEqual({ threadId: 'PRRT_1' });
});

test('thumbsDown keeps only bots’ comments with a 👎, each reacting user once', async () => {
  const reacted = (c: ReturnType<typeof comment>, users: Array<string | null>) => ({
    ...c,
    reactions: { nodes: users.map((login) => ({ user: login === null ? null : { login } })) },
  });
  const threadOf = (path: string, c: unknown) => ({ path, comments: { nodes: [c] } });
  gh.on('POST', '/graphql', {
    body: {
      data: {
        repository: {
          pullRequests: {
            nodes: [
              {
                number: 3,
                reviewThreads: {
                  nodes: [
                    threadOf(
                      'a.ts',
                      reacted(comment('31', 'Bot', 'pullwise[bot]'), ['alice', 'bob', 'alice', null]),
                    ),
                    threadOf('b.ts', reacted(comment('32', 'User', 'carol'), ['alice'])),
                    threadOf('c.ts', reacted(comment('33', 'Bot', 'pullwise[bot]'), [])),
                  ],
                },
              },
              {
                number: 2,
                reviewThreads: {
                  nodes: [threadOf('d.ts', reacted(comment('21', 'Bot', 'other[bot]'), ['dan']))],
                },
              },
            ],
          },
        },
      },
    },
  });
  const found = await github().thumbsDown(repo);
  expect(found).toEqual([
    { pullNumber: 3, comment: expect.objectContaining({ id: 31, path: 'a.ts' }), users: ['alice', 'bob'] },
    { pullNumber: 2, comment: expect.objectContaining({ id: 21, path: 'd.ts' }), users: ['dan'] },
  ]);
  expect(variables(gh.requests[0]!)).toEqual({ owner: 'Codertocat', name: 'Hello-World' });
});

test('reviewComment shapes the REST comment, and is null for one GitHub does not have', async () => {
  gh.on('GET', '/repos/Codertocat/Hello-World/pulls/comments/11', {
    body: {
      id: 11,
      body: 'a finding',
      path: 'src/a.ts',
      user: { login: 'pullwise[bot]', type: 'Bot' },
      html_url: 'https://github.com/Codertocat/Hello-World/pull/1#discussion_r11',
    },
  });
  gh.on('GET', '/repos/Codertocat/Hello-World/pulls/comments/12', {
    status: 404,
    body: { message: 'Not Found' },
  });
  expect(await github().reviewComment(repo, 11)).toEqual({
    id: 11,
    body: 'a finding',
    path: 'src/a.ts',
    authorIsBot: true,
    url: 'https://github.com/Codertocat/Hello-World/pull/1#discussion_r11',
  });
  expect(await github().reviewComment(repo, 12)).toBeNull();
});
