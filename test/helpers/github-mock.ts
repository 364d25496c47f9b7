import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nock from 'nock';
import { graphQLRequestOf } from './github-graphql.js';
import { findOperation, splitRequestTarget, validateGitHubRequest } from './github-openapi.js';

// GitHub mocked in-process with nock, where every request is first checked against GitHub's OpenAPI
// description, and every GraphQL request against GitHub's schema. Usage:
//
//   const gh = mockGitHub();
//   afterEach(() => gh.assertAllValid());   // a request GitHub would reject fails the test
//   gh.on('POST', '/repos/o/r/pulls/1/reviews', { status: 200, body: { id: 1 } });
//   gh.on('GET', '/repos/o/r/pulls/1/files', (req) => ({ body: [] }), { times: 2 });
//   gh.on('POST', '/graphql', { body: { data: { … } } });   // GHES: sent to /api/graphql, recorded as /graphql

export interface RecordedRequest {
  method: string;
  /** As received, query string included, base path (e.g. `/api/v3`) removed. */
  path: string;
  /** Parsed JSON when the request carried JSON, else the raw string ('' for none). */
  body: unknown;
  headers: Record<string, string>;
}

export interface GitHubReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type GitHubHandler = (req: RecordedRequest) => GitHubReply | Promise<GitHubReply>;

export interface GitHubMock {
  /** Path with a query string matches that exact query; without one, any query (or none). */
  on(
    method: string,
    path: string,
    reply: GitHubReply | GitHubHandler,
    options?: { times?: number },
  ): GitHubMock;
  readonly requests: RecordedRequest[];
  readonly errors: Error[];
  /** Throws when any request failed validation; call it in afterEach. */
  assertAllValid(): void;
  readonly scope: nock.Scope;
}

export function mockGitHub(baseUrl = 'https://api.github.com'): GitHubMock {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  // @octokit/graphql's rule: a base URL ending in /api/v3 (GHES) has GraphQL at /api/graphql.
  const graphqlPath = `${prefix.replace(/\/api\/v3$/, '/api')}/graphql`;
  const scope = nock(base.origin);
  const requests: RecordedRequest[] = [];
  const errors: Error[] = [];

  const mock: GitHubMock = {
    requests,
    errors,
    scope,
    on(method, target, reply, options = {}) {
      const graphql = method.toUpperCase() === 'POST' && target === '/graphql';
      // A mock for a route GitHub does not have is a bug in the test: say so before any request.
      if (!graphql && !findOperation(method, target)) validateGitHubRequest(method, target, undefined);
      const { path, query } = splitRequestTarget(target);
      const interceptor = scope
        .intercept(graphql ? graphqlPath : prefix + path, method.toUpperCase())
        .query(target.includes('?') ? Object.fromEntries(query) : true)
        .times(options.times ?? 1);
      interceptor.reply(async function (uri, body) {
        const req: RecordedRequest = {
          method: method.toUpperCase(),
          path: graphql ? '/graphql' : uri.slice(prefix.length),
          body,
          headers: { ...this.req.headers },
        };
        requests.push(req);
        try {
          if (graphql) graphQLRequestOf(body);
          else validateGitHubRequest(req.method, req.path, body);
        } catch (error) {
          // 599 is no status GitHub sends, so the client fails loudly; errors[] catches retried or swallowed ones.
          errors.push(error as Error);
          return [599, { message: (error as Error).message }];
        }
        const answer = typeof reply === 'function' ? await reply(req) : reply;
        return [answer.status ?? 200, (answer.body ?? '') as nock.Body, answer.headers ?? {}];
      });
      return mock;
    },
    assertAllValid() {
      if (errors.length)
        throw new Error(
          `GitHub would reject ${errors.length} request(s):\n${errors.map((e) => e.message).join('\n')}`,
        );
    },
  };
  return mock;
}

interface WebhookDefinition {
  name: string;
  examples: { action?: string; installation?: unknown }[];
}
let webhooks: WebhookDefinition[] | undefined;

/**
 * A deep copy of one of GitHub's example webhook payloads (@octokit/webhooks-examples), preferring one that
 * carries `installation`, as a GitHub App receives it: `payload('pull_request', 'opened')`.
 */
export function payload(name: string, action?: string): any {
  webhooks ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as WebhookDefinition[];
  const examples = (webhooks.find((w) => w.name === name)?.examples ?? []).filter(
    (e) => action === undefined || e.action === action,
  );
  const example = examples.find((e) => e.installation) ?? examples[0];
  if (!example) {
    const actions = [...new Set(webhooks.find((w) => w.name === name)?.examples.map((e) => e.action))];
    throw new Error(
      `No example webhook '${name}'${action ? ` with action '${action}'` : ''}; actions: ${actions.join(', ')}`,
    );
  }
  return structuredClone(example);
}
