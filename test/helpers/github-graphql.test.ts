import { afterEach, describe, expect, test } from '@jest/globals';
import { executeGitHubGraphQL, validateGitHubGraphQL } from './github-graphql.js';
import { mockGitHub } from './github-mock.js';
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js';

const THREADS = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { reviewThreads(first: 1) { nodes { id isOutdated } } }
  }
}`;
const vars = { owner: 'o', name: 'r', number: 1 };

describe('validateGitHubGraphQL', () => {
  test('accepts a document and variables GitHub accepts', () => {
    expect(() => validateGitHubGraphQL(THREADS, vars)).not.toThrow();
  });

  test('refuses a field GitHub does not have, naming it', () => {
    expect(() => validateGitHubGraphQL(THREADS.replace('isOutdated', 'isStale'), vars)).toThrow(
      /Cannot query field "isStale" on type "PullRequestReviewThread"/,
    );
  });

  test('refuses a deprecated field', () => {
    const query = `query { node(id: "x") { ... on PullRequestReviewComment { databaseId } } }`;
    expect(() => validateGitHubGraphQL(query)).toThrow(/PullRequestReviewComment.databaseId is deprecated/);
  });

  test('refuses variables that do not coerce to their types, and missing required ones', () => {
    expect(() => validateGitHubGraphQL(THREADS, { ...vars, number: '1' })).toThrow(
      /\$number.*Int cannot represent non-integer value/,
    );
    expect(() => validateGitHubGraphQL(THREADS, { owner: 'o', name: 'r' })).toThrow(
      /\$number.*"Int!" was not provided/,
    );
  });

  test('refuses text that is not GraphQL', () => {
    expect(() => validateGitHubGraphQL('query {')).toThrow(/Syntax Error/);
  });
});

describe('executeGitHubGraphQL', () => {
  test('a plain object tree is the resolver map: functions get their arguments, interfaces their __typename', async () => {
    const root = {
      repository: ({ owner, name }: { owner: string; name: string }) => ({
        pullRequest: ({ number }: { number: number }) => ({
          reviewThreads: ({ first }: { first: number }) => ({
            nodes: [{ id: `${owner}/${name}#${number} first ${first}`, isOutdated: false }],
          }),
        }),
      }),
    };
    expect(await executeGitHubGraphQL(THREADS, vars, root)).toEqual({
      data: {
        repository: {
          pullRequest: { reviewThreads: { nodes: [{ id: 'o/r#1 first 1', isOutdated: false }] } },
        },
      },
    });
  });

  test('a resolver that throws becomes an `errors` answer, as GitHub sends', async () => {
    const root = {
      repository: () => {
        throw new Error('Could not resolve to a Repository');
      },
    };
    const answer = await executeGitHubGraphQL(THREADS, vars, root);
    expect(answer).toMatchObject({
      data: { repository: null },
      errors: [{ message: 'Could not resolve to a Repository', path: ['repository'] }],
    });
  });
});

describe('the mocks check every GraphQL request', () => {
  let standIn: GitHubStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('the stand-in routes GraphQL at /graphql and GHES /api/graphql, and refuses an invalid document', async () => {
    standIn = await startGitHubStandIn({
      'POST /graphql': (req) => ({ status: 200, body: { data: { path: req.path } } }),
    });
    const ok = [
      await post(`${standIn.url}/graphql`, { query: THREADS, variables: vars }),
      await post(`${standIn.url}/api/graphql`, { query: THREADS, variables: vars }),
    ];
    const bad = await post(`${standIn.url}/graphql`, {
      query: THREADS,
      variables: { ...vars, number: 'one' },
    });
    expect(await Promise.all(ok.map((r) => r.json()))).toEqual([
      { data: { path: '/graphql' } },
      { data: { path: '/graphql' } },
    ]);
    expect(bad.status).toBe(599);
    expect(standIn.errors.map((e) => e.message)).toEqual([expect.stringMatching(/\$number/)]);
  });

  test('mockGitHub intercepts GraphQL where Octokit sends it on GHES, and refuses an invalid document', async () => {
    const gh = mockGitHub('https://ghe.example.com/api/v3');
    gh.on('POST', '/graphql', { body: { data: {} } }, { times: 2 });
    const ok = await post('https://ghe.example.com/api/graphql', { query: THREADS, variables: vars });
    const bad = await post('https://ghe.example.com/api/graphql', { query: '{ viewer { nope } }' });
    expect([ok.status, bad.status]).toEqual([200, 599]);
    expect(gh.requests.map((r) => r.path)).toEqual(['/graphql', '/graphql']);
    expect(() => gh.assertAllValid()).toThrow(/Cannot query field "nope" on type "User"/);
  });
});
