import type { JobState } from '../queue/job.js';

/** What a job's model calls used, read from its result (`result.usage`, the shape of `Usage`). */
export interface JobUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** All four token counts: what the job made the model read and write. */
  tokens: number;
  costUsd: number;
}

/** One row of the dashboard's job list. Every string from the payload is user-controlled: render it as text. */
export interface DashboardJob {
  id: string;
  type: string;
  state: JobState;
  installationId: number | null;
  /** `owner/repo`, when the payload names one. */
  repo: string | null;
  /** The pull request or issue number, when the job is about one. */
  number: number | null;
  /** The pull request or issue on GitHub. */
  url: string | null;
  /** ms since the epoch. */
  createdAt: number;
  /** From the webhook's arrival to the job's final state (queue wait and retries included); null until then. */
  durationMs: number | null;
  attempts: number;
  /** Null when the job's result carries no usage (it failed, was superseded, or has not finished). */
  usage: JobUsage | null;
}

export interface InstallationDayTotal {
  /** UTC day of the jobs' creation, `YYYY-MM-DD`. */
  day: string;
  installationId: number | null;
  jobs: number;
  tokens: number;
  costUsd: number;
}

export interface DashboardTotals {
  /** The window: today (UTC) and the days before it. */
  days: number;
  /** Newest day first, then by installation. */
  rows: InstallationDayTotal[];
  /** True when the window holds more jobs than were read: the rows count only the newest of them. */
  partial: boolean;
}

export interface DashboardSnapshot {
  counts: Record<JobState, number>;
  /** Newest first. */
  jobs: DashboardJob[];
  totals: DashboardTotals;
}

/** Where the dashboard reads its data; `queueDashboardSource` reads it from the job queue. */
export interface DashboardSource {
  /** The newest `limit` jobs, newest first. */
  recentJobs(limit: number): Promise<DashboardJob[]>;
  totals(days: number): Promise<DashboardTotals>;
  /** Jobs per state: cheap to read, and it changes whenever a job is added or finishes. */
  counts(): Promise<Record<JobState, number>>;
}
