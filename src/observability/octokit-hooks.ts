import type { Octokit } from '@octokit/core';

/** One REST call as Octokit describes it before sending: the method and the route template. */
export interface GitHubRequest {
  method: string;
  /** The route as written by the caller, `{owner}`-style placeholders kept (`/repos/{owner}/{repo}/pulls`). */
  route: string;
}

/**
 * Something that watches GitHub calls. `around` runs the call (a span, a timer) and must return or throw what
 * `send` does; `onError` is told of each call that failed, with GitHub's status (none when no answer came).
 */
export interface GitHubRequestObserver {
  around?<T>(request: GitHubRequest, send: () => Promise<T>): Promise<T>;
  onError?(request: GitHubRequest, status: number | undefined): void;
}

/**
 * Hooks the observers into every request of `octokit`. Call it on each client `probot.auth()` returns: Probot
 * builds a new Octokit per call. The hook is added last, so it sees each request once, after the retry and
 * throttling plugins gave their final answer.
 */
export function instrumentOctokit(
  octokit: Pick<Octokit, 'hook'>,
  observers: readonly GitHubRequestObserver[],
): void {
  octokit.hook.wrap('request', async (request, options) => {
    const described: GitHubRequest = {
      method: String(options.method ?? 'GET').toUpperCase(),
      route: routeOf(String(options.url ?? '')),
    };
    const send = async () => {
      try {
        return await request(options);
      } catch (error) {
        const status = statusOf(error);
        for (const observer of observers) observer.onError?.(described, status);
        throw error;
      }
    };
    // The first observer is the outermost: its `around` sees what the others did.
    const run = observers.reduceRight<() => ReturnType<typeof send>>(
      (inner, observer) => (observer.around ? () => observer.around!(described, inner) : inner),
      send,
    );
    return run();
  });
}

/**
 * The same as an Octokit plugin, so every client a Probot builds is observed from its birth (the App's own
 * client and each installation's): `Octokit: ProbotOctokit.plugin(observeOctokit([...]))`.
 */
export function observeOctokit(observers: readonly GitHubRequestObserver[]) {
  return (octokit: Pick<Octokit, 'hook'>): void => instrumentOctokit(octokit, observers);
}

/** Pagination follows absolute `next` links; their path is the route (the query would only add noise). */
function routeOf(url: string): string {
  if (!/^https?:\/\//.test(url)) return url.split('?')[0]!;
  return new URL(url).pathname;
}

/**
 * The status GitHub answered with. Octokit's RequestError carries the answer as `response`; a request that got
 * none (a network failure, an abort) has no `response`, though Octokit gives it status 500.
 */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}
