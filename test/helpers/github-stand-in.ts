import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphQLRequestOf, isGraphQLPath } from './github-graphql.js';
import { matchTemplate, splitRequestTarget, validateGitHubRequest } from './github-openapi.js';

// A real HTTP server standing in for GitHub, for code under test that runs in a child process where nock
// cannot reach (the App server, the Action). Point the child at it with GHE_HOST/GHE_PROTOCOL (Probot) or
// GITHUB_API_URL (Actions) = `apiUrl`; requests then arrive under `/api/v3`, stripped here before matching.
// GraphQL (`/graphql`, GHES's `/api/graphql`) is checked against GitHub's schema and routed as `POST /graphql`.

export interface StandInRequest {
  method: string;
  /** Without `/api/v3` and without the query string; `/graphql` for GraphQL, wherever it was sent. */
  path: string;
  /** Without `/api/v3`, with the query string as sent. */
  target: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON when the body was JSON, the raw string otherwise, undefined when empty. */
  body: unknown;
  headers: IncomingMessage['headers'];
  /** When it arrived (Date.now(), as its first bytes came), for tests of pacing. */
  at: number;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StandInRoutes = Record<string, (req: StandInRequest) => StandInReply | Promise<StandInReply>>;

export interface GitHubStandIn {
  url: string;
  /** `url` + '/api/v3', what GitHub Enterprise Server clients use as their API base. */
  apiUrl: string;
  requests: StandInRequest[];
  errors: Error[];
  close(): Promise<void>;
}

const defaultRoutes: StandInRoutes = {
  // Probot exchanges its JWT for an installation token before any repository call.
  'POST /app/installations/{installation_id}/access_tokens': () => ({
    status: 201,
    body: { token: 'ghs_test', expires_at: new Date(Date.now() + 3600_000).toISOString() },
  }),
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the stand-in on 127.0.0.1 and a free port; routes are `'METHOD /path/{param}'` keys. A request no
 * route matches goes to `fallback` (scripted replies, as in startGitHubHttpMock); without one it fails.
 */
export async function startGitHubStandIn(
  routes: StandInRoutes = {},
  fallback?: (req: StandInRequest) => Promise<StandInReply>,
): Promise<GitHubStandIn> {
  const table = Object.entries({ ...defaultRoutes, ...routes }).map(([key, handler]) => {
    const [method = '', template = ''] = key.split(' ');
    return { method: method.toUpperCase(), template, handler };
  });
  const requests: StandInRequest[] = [];
  const errors: Error[] = [];

  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const merged = { 'content-type': 'application/json; charset=utf-8', ...headers };
      res.writeHead(status, merged);
      // Raw media types (file contents, diffs) are sent as they are; everything else as JSON.
      const raw = typeof body === 'string' && !merged['content-type'].includes('json');
      res.end(body === undefined ? '' : raw ? body : JSON.stringify(body));
    };
    void (async () => {
      const at = Date.now();
      const method = (req.method ?? 'GET').toUpperCase();
      const graphql = method === 'POST' && isGraphQLPath(new URL(req.url ?? '/', 'http://x').pathname);
      const { path, query } = graphql
        ? { path: '/graphql', query: new URLSearchParams() }
        : splitRequestTarget(req.url ?? '/');
      const request: StandInRequest = {
        method,
        path,
        target: graphql ? path : (req.url ?? '/').replace(/^\/api\/v3(?=\/)/, ''),
        params: {},
        query: Object.fromEntries(query),
        body: await readBody(req),
        headers: req.headers,
        at,
      };
      requests.push(request);
      try {
        if (graphql) graphQLRequestOf(request.body);
        else validateGitHubRequest(method, req.url ?? '/', request.body);
        for (const route of table) {
          const params = route.method === method ? matchTemplate(route.template, path) : undefined;
          if (!params) continue;
          const answer = await route.handler({ ...request, params });
          return reply(answer.status, answer.body, answer.headers);
        }
        if (fallback) {
          const answer = await fallback(request);
          return reply(answer.status, answer.body, answer.headers);
        }
        throw new Error(`${method} ${path}: valid for GitHub, but the stand-in has no route for it`);
      } catch (error) {
        // 599 is no status GitHub sends, so the client fails loudly; errors[] catches retried or swallowed ones.
        errors.push(error as Error);
        return reply(599, { message: (error as Error).message });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/v3`,
    requests,
    errors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
