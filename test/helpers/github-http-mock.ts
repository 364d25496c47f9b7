import { findOperation, splitRequestTarget, validateGitHubRequest } from './github-openapi.js';
import type { GitHubHandler, GitHubReply, RecordedRequest } from './github-mock.js';
import { startGitHubStandIn, type StandInRequest } from './github-stand-in.js';

// `mockGitHub`'s API (`on`, `requests`, `assertAllValid`) on the loopback stand-in, for code that runs in a
// child process where nock cannot reach (the bundled Action). Every request is checked against GitHub's
// OpenAPI description first (GraphQL against GitHub's schema; mock it as `on('POST', '/graphql', …)`). Point
// the child at `apiUrl` (GITHUB_API_URL, or GHE_HOST for Probot).

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

const sortedQuery = (query: URLSearchParams) =>
  [...query.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

const recorded = (req: StandInRequest): RecordedRequest => ({
  method: req.method,
  path: req.target,
  body: req.body ?? '',
  headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
});

export async function startGitHubHttpMock(): Promise<GitHubHttpMock> {
  const interceptors: Interceptor[] = [];
  const standIn = await startGitHubStandIn({}, async (req) => {
    const target = sortedQuery(new URLSearchParams(req.query));
    const match = interceptors.find(
      (i) =>
        i.left > 0 &&
        i.method === req.method &&
        i.path === req.path &&
        (i.query === undefined || i.query === target),
    );
    if (!match) throw new Error(`${req.method} ${req.target}: valid for GitHub, but no mock answers it`);
    match.left--;
    const answer = typeof match.reply === 'function' ? await match.reply(recorded(req)) : match.reply;
    return { status: answer.status ?? 200, body: answer.body ?? '', headers: answer.headers ?? {} };
  });

  const mock: GitHubHttpMock = {
    url: standIn.url,
    apiUrl: standIn.apiUrl,
    get requests() {
      // The stand-in answers the installation token exchange itself; tests of the Action never see it.
      return standIn.requests.filter((r) => !r.path.startsWith('/app/installations/')).map(recorded);
    },
    errors: standIn.errors,
    on(method, target, reply, options = {}) {
      const graphql = method.toUpperCase() === 'POST' && target === '/graphql';
      if (!graphql && !findOperation(method, target)) validateGitHubRequest(method, target, undefined);
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
      if (standIn.errors.length)
        throw new Error(
          `GitHub would reject ${standIn.errors.length} request(s):\n${standIn.errors.map((e) => e.message).join('\n')}`,
        );
    },
    close: () => standIn.close(),
  };
  return mock;
}
