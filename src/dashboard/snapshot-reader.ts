import type { DashboardSnapshot, DashboardSource, DashboardTotals } from './dashboard-snapshot.js';

export interface SnapshotReaderOptions {
  /** Rows in the job list. */
  limit: number;
  /** Days in the totals window. */
  days: number;
  /** Totals are read again at least this often (the window moves at midnight UTC). Default one minute. */
  totalsMaxAgeMs?: number;
  now?: () => number;
}

/**
 * Reads snapshots for the page, its JSON route and the live stream. The totals scan many jobs, so they are
 * read again only when the counts per state moved (a job was added or finished: the only changes that
 * alter totals) or they are older than `totalsMaxAgeMs`; the job list and counts are cheap and always fresh.
 */
export function snapshotReader(
  source: DashboardSource,
  options: SnapshotReaderOptions,
): () => Promise<DashboardSnapshot> {
  const { limit, days, totalsMaxAgeMs = 60_000, now = Date.now } = options;
  let cached: { countsKey: string; readAt: number; totals: DashboardTotals } | undefined;
  return async () => {
    const [counts, jobs] = await Promise.all([source.counts(), source.recentJobs(limit)]);
    const countsKey = JSON.stringify(counts);
    if (!cached || cached.countsKey !== countsKey || now() - cached.readAt >= totalsMaxAgeMs) {
      const readAt = now();
      cached = { countsKey, readAt, totals: await source.totals(days) };
    }
    return { counts, jobs, totals: cached.totals };
  };
}
