import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findOperation, splitRequestTarget, validateGitHubRequest } from './github-openapi.js';
import type { GitHubHandler, GitHubReply, RecordedRequest } from './github-mock.js';

// `mockGitHub`'s API (`on`, `requests`, `assertAllValid`) on a real HTTP server on loopback, for code that
// runs in a child process where nock cannot reach (the bundled Action). Every request is checked against
// GitHub's OpenAPI description first. Point the child at `apiUrl` (GITHUB_API_URL, or GHE_HOST for Probot):
// requests arrive under `/api/v3`, which is stripped before matching and recording, as GHES clients send them.

export interface GitHubHttpMock {
  url: string;
  apiUrl: string;
  on(
    method: string,
    path: string,
    reply: GitHubReply | GitHubHandler,
    options?: { times?: number },
  ): GitHubHttpMock;
  readonly requests: RecordedRequest[];
  readonly errors: Error[];
  assertAllValid(): void;
  close(): Promise<void>;
}

interface Interceptor {
  method: string;
  path: string;
  /** Undefined: any query. */
  query?: string;
  reply: GitHubReply | GitHubHandler;
  left: number;
}

const PREFIX = '/api/v3';

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const sortedQuery = (query: URLSearchParams) =>
  [...query.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

export async function startGitHubHttpMock(): Promise<GitHubHttpMock> {
  const interceptors: Interceptor[] = [];
  const requests: RecordedRequest[] = [];
  const errors: Error[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      const raw = (req.url ?? '/').startsWith(PREFIX)
        ? (req.url ?? '/').slice(PREFIX.length)
        : (req.url ?? '/');
      const body = await readBody(req);
      const recorded: RecordedRequest = {
        method,
        path: raw,
        body,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      };
      requests.push(recorded);
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        const merged = { 'content-type': 'application/json; charset=utf-8', ...headers };
        const text =
          typeof payload === 'string' && !merged['content-type'].includes('json')
            ? payload
            : payload === undefined || payload === ''
              ? ''
              : JSON.stringify(payload);
        res.writeHead(status, merged).end(text);
      };
      try {
        validateGitHubRequest(method, raw, body);
        const { path, query } = splitRequestTarget(raw);
        const target = sortedQuery(query);
        const match = interceptors.find(
          (i) =>
            i.left > 0 &&
            i.method === method &&
            i.path === path &&
            (i.query === undefined || i.query === target),
        );
        if (!match) throw new Error(`${method} ${raw}: valid for GitHub, but no mock answers it`);
        match.left--;
        const answer = typeof match.reply === 'function' ? await match.reply(recorded) : match.reply;
        send(answer.status ?? 200, answer.body ?? '', answer.headers ?? {});
      } catch (error) {
        // 599 is no status GitHub sends, so the client fails loudly; errors[] catches retried or swallowed ones.
        errors.push(error as Error);
        send(599, { message: (error as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const mock: GitHubHttpMock = {
    url,
    apiUrl: `${url}${PREFIX}`,
    requests,
    errors,
    on(method, target, reply, options = {}) {
      if (!findOperation(method, target)) validateGitHubRequest(method, target, undefined);
      const { path, query } = splitRequestTarget(target);
      interceptors.push({
        method: method.toUpperCase(),
        path,
        ...(target.includes('?') ? { query: sortedQuery(query) } : {}),
        reply,
        left: options.times ?? 1,
      });
      return mock;
    },
    assertAllValid() {
      if (errors.length)
        throw new Error(
          `GitHub would reject ${errors.length} request(s):\n${errors.map((e) => e.message).join('\n')}`,
        );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return mock;
}
