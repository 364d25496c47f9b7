import { PullwiseError } from '../core/errors.js';

/** What one installation may use; an absent limit is no limit. */
export interface InstallationLimits {
  jobsPerHour?: number;
  usdPerDay?: number;
  usdPerMonth?: number;
}

export interface LimitsConfig {
  defaults: InstallationLimits;
  /** Per installation id, replacing the defaults key by key. */
  overrides: Record<string, InstallationLimits>;
}

const positive = (name: string, raw: unknown): number | undefined => {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new PullwiseError(`${name} must be a positive number, got ${JSON.stringify(raw)}`, 'config');
  }
  return value;
};

/**
 * The operator's limits from the environment: `PULLWISE_LIMIT_JOBS_PER_HOUR`, `PULLWISE_LIMIT_USD_PER_DAY`,
 * `PULLWISE_LIMIT_USD_PER_MONTH` for every installation, and `PULLWISE_INSTALLATION_LIMITS` — JSON such as
 * `{"12345": {"usdPerDay": 20}}` — for some installations.
 */
export function readLimitsConfig(env: Record<string, string | undefined>): LimitsConfig {
  const defaults: InstallationLimits = {
    jobsPerHour: positive('PULLWISE_LIMIT_JOBS_PER_HOUR', env.PULLWISE_LIMIT_JOBS_PER_HOUR?.trim()),
    usdPerDay: positive('PULLWISE_LIMIT_USD_PER_DAY', env.PULLWISE_LIMIT_USD_PER_DAY?.trim()),
    usdPerMonth: positive('PULLWISE_LIMIT_USD_PER_MONTH', env.PULLWISE_LIMIT_USD_PER_MONTH?.trim()),
  };
  const overrides: Record<string, InstallationLimits> = {};
  const raw = env.PULLWISE_INSTALLATION_LIMITS?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new PullwiseError(
        `PULLWISE_INSTALLATION_LIMITS is not JSON: ${(error as Error).message}`,
        'config',
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new PullwiseError('PULLWISE_INSTALLATION_LIMITS must map installation ids to limits', 'config');
    }
    for (const [id, limits] of Object.entries(parsed as Record<string, Record<string, unknown>>)) {
      const name = `PULLWISE_INSTALLATION_LIMITS.${id}`;
      overrides[id] = {
        jobsPerHour: positive(`${name}.jobsPerHour`, limits?.jobsPerHour),
        usdPerDay: positive(`${name}.usdPerDay`, limits?.usdPerDay),
        usdPerMonth: positive(`${name}.usdPerMonth`, limits?.usdPerMonth),
      };
    }
  }
  return { defaults, overrides };
}

export function limitsFor(config: LimitsConfig, installationId: number | undefined): InstallationLimits {
  const own = installationId === undefined ? undefined : config.overrides[String(installationId)];
  return {
    jobsPerHour: own?.jobsPerHour ?? config.defaults.jobsPerHour,
    usdPerDay: own?.usdPerDay ?? config.defaults.usdPerDay,
    usdPerMonth: own?.usdPerMonth ?? config.defaults.usdPerMonth,
  };
}

export const hasLimits = (limits: InstallationLimits) =>
  limits.jobsPerHour !== undefined || limits.usdPerDay !== undefined || limits.usdPerMonth !== undefined;
