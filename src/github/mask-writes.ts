import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
import type { GitHubClient } from './client.js';

// Request fields that address things rather than say anything: never text a person reads, and changing them
// would send the write elsewhere. Every other string of a write (bodies, titles, summaries, annotations,
// review comments, GraphQL variables) is masked.
const ADDRESSING = new Set([
  'method',
  'url',
  'baseUrl',
  'headers',
  'request',
  'mediaType',
  'query',
  'owner',
  'repo',
  'ref',
  'sha',
  'head_sha',
  'commit_id',
  'path',
  'side',
  'start_side',
  'event',
  'state',
  'status',
  'conclusion',
  'annotation_level',
  'node_id',
]);

/**
 * Every write to GitHub with credentials masked as it is sent: whatever the job posts (a review, a reply, a
 * tracking comment, a check run's annotations, a pull request's body), the process's own secrets (`known`)
 * and anything the secrets detector recognises never reach GitHub. Reads are left alone.
 */
export function maskWrites(octokit: GitHubClient, known: readonly string[] = []): void {
  octokit.hook.before('request', (options) => {
    if (options.method === 'GET' || options.method === 'HEAD') return;
    const fields = options as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!ADDRESSING.has(key)) fields[key] = maskStrings(fields[key], known);
    }
  });
}

function maskStrings(value: unknown, known: readonly string[]): unknown {
  if (typeof value === 'string') return maskSecretsIn(value, known);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, known));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = ADDRESSING.has(key) ? inner : maskStrings(inner, known);
  }
  return out;
}
