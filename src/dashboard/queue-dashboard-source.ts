import type { JobQueue } from '../queue/job-queue.js';
import type { DashboardSource } from './dashboard-snapshot.js';
import { describeJob } from './describe-job.js';
import { installationDayTotals, windowStart } from './installation-day-totals.js';

export interface QueueDashboardSourceOptions {
  /** Where pull requests and issues live on the web: `githubWebUrl(appEnv.apiBaseUrl)`. */
  githubUrl: string;
  /**
   * Totals read at most this many of the newest jobs: the queue port lists by recency with a limit and has no
   * time filter, and a dashboard must stay cheap to refresh. Default 5,000.
   */
  totalsScanLimit?: number;
  now?: () => number;
}

/** The dashboard's data from the job queue port (SQLite or BullMQ alike). */
export function queueDashboardSource(
  queue: Pick<JobQueue, 'list' | 'counts'>,
  options: QueueDashboardSourceOptions,
): DashboardSource {
  const { githubUrl, totalsScanLimit = 5_000, now = Date.now } = options;
  return {
    async recentJobs(limit) {
      const jobs = await queue.list({ limit });
      return jobs.map((job) => describeJob(job, githubUrl));
    },
    async totals(days) {
      const since = windowStart(now(), days);
      // One more than the limit: whether the job after the last one counted still lies inside the window.
      const listed = await queue.list({ limit: totalsScanLimit + 1 });
      const inWindow = listed.filter((job) => job.createdAt >= since);
      return {
        days,
        rows: installationDayTotals(
          inWindow.slice(0, totalsScanLimit).map((job) => describeJob(job, githubUrl)),
        ),
        partial: inWindow.length > totalsScanLimit,
      };
    },
    counts: () => queue.counts(),
  };
}
