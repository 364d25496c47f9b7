import { HOUR_MS, type UsageStore } from './usage-store.js';
import type { InstallationLimits } from './installation-limits.js';

export type BudgetDecision = { ok: true } | { ok: false; reason: string; resetsAt: number };

const startOfNextUtcDay = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};
const startOfNextUtcMonth = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * Whether an installation may run one more job now, and if not, why and when that changes. Money first
 * (month, then day: the longer wait is the one to tell), then the hourly job count — which, when there is
 * room, this also counts the job against.
 */
export async function admitJob(
  store: UsageStore,
  limits: InstallationLimits,
  installationId: number,
  jobId: string,
  at: number,
): Promise<BudgetDecision> {
  const totals = await store.totals(installationId, at);
  if (limits.usdPerMonth !== undefined && totals.usdThisMonth >= limits.usdPerMonth) {
    return {
      ok: false,
      reason: `this installation spent $${totals.usdThisMonth.toFixed(2)} this month, its limit is $${limits.usdPerMonth.toFixed(2)}`,
      resetsAt: startOfNextUtcMonth(at),
    };
  }
  if (limits.usdPerDay !== undefined && totals.usdToday >= limits.usdPerDay) {
    return {
      ok: false,
      reason: `this installation spent $${totals.usdToday.toFixed(2)} today (UTC), its limit is $${limits.usdPerDay.toFixed(2)}`,
      resetsAt: startOfNextUtcDay(at),
    };
  }
  if (await store.admitJob(installationId, jobId, at, limits.jobsPerHour)) return { ok: true };
  const after = await store.totals(installationId, at);
  return {
    ok: false,
    reason: `this installation ran ${after.jobsLastHour} job${after.jobsLastHour === 1 ? '' : 's'} in the last hour, its limit is ${limits.jobsPerHour} per hour`,
    resetsAt: (after.oldestJobAt ?? at) + HOUR_MS,
  };
}
