import type { ProbotOctokit } from 'probot';
import { shareSecondaryLimits, type BackoffStore } from '../github/shared-backoff.js';
import type { WritePacing } from '../github/write-pacing.js';

interface OctokitInstanceOptions {
  throttle?: { enabled?: boolean; id?: string };
  auth?: { installationId?: number };
  log?: { warn(message: string): void };
}

/**
 * The App's Octokit: observed (logs, metrics, traces), its installation writes paced and one at a time, and a
 * secondary rate limit met by one client pausing its installation everywhere (`scopes`: client → its
 * installation, set when a job's client is made).
 */
export function appOctokit(
  Base: typeof ProbotOctokit,
  parts: {
    plugin: Parameters<typeof ProbotOctokit.plugin>[0];
    pacing: WritePacing;
    backoff: BackoffStore;
    scopes: WeakMap<object, string>;
  },
): typeof ProbotOctokit {
  const onSecondaryLimit = shareSecondaryLimits(parts.backoff, (octokit) =>
    parts.scopes.get(octokit as object),
  );
  return Base.plugin(parts.plugin).defaults((instance: OctokitInstanceOptions) => ({
    ...instance,
    throttle: {
      ...instance.throttle,
      // Probot leaves installation clients unthrottled unless throttling is switched on explicitly. GitHub
      // asks for writes one at a time and for `retry-after` to be honoured, per token: so throttling is on,
      // keyed by installation (one installation's writes do not queue behind another's).
      enabled: true,
      id: instance.throttle?.id ?? `installation:${instance.auth?.installationId ?? 'app'}`,
      write: parts.pacing.writes,
      notifications: parts.pacing.contentCreation,
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        octokit: unknown,
      ) => {
        instance.log?.warn(
          `Secondary rate limit hit with "${request.method} ${request.url}": this installation pauses for ${retryAfter} s`,
        );
        return onSecondaryLimit(retryAfter, request, octokit);
      },
    },
  }));
}
