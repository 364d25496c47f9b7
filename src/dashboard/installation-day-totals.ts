import type { DashboardJob, InstallationDayTotal } from './dashboard-snapshot.js';

const DAY_MS = 86_400_000;

/** The first instant of the UTC day `days - 1` days before the one holding `now`: the window's start. */
export function windowStart(now: number, days: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS - (Math.max(1, days) - 1) * DAY_MS;
}

/** Jobs, tokens and USD per installation and UTC day of creation; newest day first, then by installation. */
export function installationDayTotals(jobs: readonly DashboardJob[]): InstallationDayTotal[] {
  const groups = new Map<string, InstallationDayTotal>();
  for (const job of jobs) {
    const day = new Date(job.createdAt).toISOString().slice(0, 10);
    const key = `${day} ${job.installationId ?? ''}`;
    let total = groups.get(key);
    if (!total) {
      total = { day, installationId: job.installationId, jobs: 0, tokens: 0, costUsd: 0 };
      groups.set(key, total);
    }
    total.jobs += 1;
    total.tokens += job.usage?.tokens ?? 0;
    total.costUsd += job.usage?.costUsd ?? 0;
  }
  return [...groups.values()].sort(
    (a, b) => b.day.localeCompare(a.day) || (a.installationId ?? Infinity) - (b.installationId ?? Infinity),
  );
}
