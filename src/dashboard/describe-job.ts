import type { Job, JobState } from '../queue/job.js';
import type { DashboardJob, JobUsage } from './dashboard-snapshot.js';

const FINAL_STATES: ReadonlySet<JobState> = new Set(['done', 'dead', 'superseded']);

/**
 * A job as the dashboard shows it. The payload and result are read loosely: every job type carries
 * owner/repo differently (src/intake/job-payloads.ts), and rows written by older versions may lack a field.
 */
export function describeJob(job: Job, githubUrl: string): DashboardJob {
  const target = readTarget(job.payload);
  return {
    id: job.id,
    type: job.type,
    state: job.state,
    installationId: job.installationId ?? null,
    repo: target ? `${target.owner}/${target.repo}` : null,
    number: target?.number ?? null,
    url:
      target?.number !== undefined
        ? `${githubUrl}/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/` +
          `${target.kind}/${target.number}`
        : null,
    createdAt: job.createdAt,
    // updatedAt stops moving once a job is final; before that it moves with every heartbeat.
    durationMs: FINAL_STATES.has(job.state) ? Math.max(0, job.updatedAt - job.createdAt) : null,
    attempts: job.attempts,
    usage: readUsage(job.result),
  };
}

interface Target {
  owner: string;
  repo: string;
  number?: number;
  kind: 'pull' | 'issues';
}

function readTarget(payload: unknown): Target | undefined {
  if (!isObject(payload)) return undefined;
  const { owner, repo, pull_number, issue_number, isPullRequest } = payload;
  if (typeof owner !== 'string' || typeof repo !== 'string' || !owner || !repo) return undefined;
  if (isPositiveInteger(pull_number)) return { owner, repo, number: pull_number, kind: 'pull' };
  // Commands and fixes name pull requests by their issue number, and say which it is.
  if (isPositiveInteger(issue_number))
    return { owner, repo, number: issue_number, kind: isPullRequest === true ? 'pull' : 'issues' };
  return { owner, repo, kind: 'issues' };
}

/** `result.usage` as the App's job handlers store it (`Usage` in src/core/review/types.ts), or null. */
function readUsage(result: unknown): JobUsage | null {
  if (!isObject(result) || !isObject(result.usage)) return null;
  const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd } = result.usage;
  const counts = [inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd];
  if (!counts.every((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0))
    return null;
  const usage = { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd } as Omit<
    JobUsage,
    'tokens'
  >;
  const tokens = usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return { ...usage, tokens };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isPositiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;
