/** An installation's use in the windows its limits count. */
export interface UsageTotals {
  /** Jobs admitted in the hour before `at`. */
  jobsLastHour: number;
  /** The oldest of those admissions (ms), from which the hourly window frees a slot. */
  oldestJobAt?: number;
  /** USD spent on the UTC day and month of `at`. */
  usdToday: number;
  usdThisMonth: number;
}

/**
 * Where per-installation use is kept, shared by every worker: SQLite in the data folder, or Redis when the
 * App is scaled out. Admission is atomic (two workers cannot both take the last job of the hour); money is
 * recorded after a job, so a day's spend can go over its limit by at most the jobs already running.
 */
export interface UsageStore {
  /**
   * Counts job `jobId` for the installation at `at` when fewer than `limit` were admitted in the hour before.
   * A job admitted in that hour already (a retry, a run again after a crash) is admitted without counting:
   * the limit is on jobs, not attempts.
   */
  admitJob(installationId: number, jobId: string, at: number, limit: number | undefined): Promise<boolean>;
  recordCost(installationId: number, usd: number, at: number): Promise<void>;
  totals(installationId: number, at: number): Promise<UsageTotals>;
  close(): Promise<void>;
}

export const HOUR_MS = 3_600_000;
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
export const utcMonth = (at: number) => new Date(at).toISOString().slice(0, 7);
