import type { GitHubClient } from './client.js';

/**
 * No write from a run that has lost its job to another worker (it stalled past its lease): `confirm` resolves
 * while the run still holds its job. It is checked as each write request is sent (a fetch wrapper), so after
 * any wait for the installation's turn or a rate-limit pause, and on each retry; reads are not fenced.
 *
 * A refusal is thrown as an `AbortError`, the error fetch itself throws when a request is aborted:
 * `@octokit/request` passes it through unwrapped and the retry plugin does not retry it. Any other error would
 * become a 500 and be retried three times, with waits of 1, 4 and 9 s, for nothing.
 */
export function fenceWrites(octokit: GitHubClient, confirm: () => Promise<void>): void {
  octokit.hook.before('request', (options) => {
    if (options.method === 'GET' || options.method === 'HEAD') return;
    const send: typeof fetch = options.request?.fetch ?? fetch;
    options.request = {
      ...options.request,
      fetch: async (...args: Parameters<typeof fetch>) => {
        try {
          await confirm();
        } catch (refused) {
          const message = refused instanceof Error ? refused.message : String(refused);
          throw Object.assign(new Error(message, { cause: refused }), { name: 'AbortError' });
        }
        return send(...args);
      },
    };
  });
}
