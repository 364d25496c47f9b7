import { readFileSync } from 'node:fs';
import { readLimitsConfig, type LimitsConfig } from '../budgets/installation-limits.js';
import { PullwiseError } from '../core/errors.js';
import { platformFromEnv, type Provider } from '../core/model/platform.js';

/** The App's settings, from Probot's conventional environment variables (DESIGN.md: App). */
export interface AppEnv {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host?: string;
  /** GitHub's REST API base: api.github.com, or `<protocol>://<GHE_HOST>/api/v3` for GitHub Enterprise Server. */
  apiBaseUrl?: string;
  dataDir: string;
  concurrency: number;
  jobTimeoutMs: number;
  maxAttempts: number;
  /** First retry delay of a failed job; it doubles per attempt (with jitter) up to 5 minutes. */
  retryBaseMs: number;
  /** Model calls failing in a row (5xx, 529, unreachable) that open the circuit: jobs then wait, not fail. */
  modelCircuitFailures: number;
  /** How long the open circuit waits before one call probes the API (doubles per failed probe, up to 5 min). */
  modelCircuitOpenMs: number;
  /**
   * How long a claimed job stays a worker's without a heartbeat: after a worker dies, its jobs go to another
   * worker once this has passed (heartbeats renew it every third of it).
   */
  leaseMs: number;
  /** Finished jobs are deleted after this long (PULLWISE_JOB_RETENTION_DAYS); undefined: kept for ever. */
  jobRetentionMs: number | undefined;
  /** The least time between two writes (POST, PATCH…) of one installation; they never overlap. */
  githubWriteIntervalMs: number;
  logLevel: string;
  /** REDIS_URL: scaled out, every store is on this Redis (see openAppStores). */
  redisUrl: string | undefined;
  /** PULLWISE_TRIGGER_PHRASE: the phrase of repositories whose config Pullwise has not read yet. */
  triggerPhrase: string;
  /** PULLWISE_WORKER_ID: a stable id for this process's worker. */
  workerId: string | undefined;
  /** PULLWISE_LIMIT_* and PULLWISE_INSTALLATION_LIMITS: the installations' budgets. */
  limits: LimitsConfig;
  /** PULLWISE_PROVIDER, its settings checked at start so that a wrong one stops the server, not every job. */
  modelProvider: Provider;
}

const required = (env: Record<string, string | undefined>, name: string, hint = '') => {
  const value = env[name]?.trim();
  if (!value) throw new PullwiseError(`ensure the ${name} environment variable is set${hint}`, 'config');
  return value;
};

const number = (env: Record<string, string | undefined>, name: string, fallback: number) => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new PullwiseError(`${name} must be a positive number, got "${raw}"`, 'config');
  return value;
};

export function readAppEnv(env: Record<string, string | undefined>): AppEnv {
  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  let privateKey = env.PRIVATE_KEY?.trim();
  if (!privateKey && keyPath) {
    try {
      privateKey = readFileSync(keyPath, 'utf8');
    } catch (error) {
      throw new PullwiseError(
        `cannot read PRIVATE_KEY_PATH ${keyPath}: ${(error as Error).message}`,
        'config',
      );
    }
  }
  if (!privateKey)
    throw new PullwiseError(
      'ensure the PRIVATE_KEY or PRIVATE_KEY_PATH environment variable is set',
      'config',
    );
  const gheHost = env.GHE_HOST?.trim();
  return {
    appId: required(env, 'APP_ID'),
    // Keys pasted into env files often carry literal "\n".
    privateKey: privateKey.replace(/\\n/g, '\n'),
    webhookSecret: required(env, 'WEBHOOK_SECRET'),
    port: number(env, 'PORT', 3000),
    host: env.HOST?.trim() || undefined,
    apiBaseUrl: gheHost ? `${env.GHE_PROTOCOL?.trim() || 'https'}://${gheHost}/api/v3` : undefined,
    dataDir: env.PULLWISE_DATA_DIR?.trim() || '.pullwise',
    concurrency: number(env, 'PULLWISE_CONCURRENCY', 4),
    jobTimeoutMs: number(env, 'PULLWISE_JOB_TIMEOUT_SECONDS', 900) * 1000,
    maxAttempts: number(env, 'PULLWISE_MAX_ATTEMPTS', 4),
    retryBaseMs: number(env, 'PULLWISE_RETRY_BASE_SECONDS', 5) * 1000,
    modelCircuitFailures: number(env, 'PULLWISE_MODEL_CIRCUIT_FAILURES', 5),
    modelCircuitOpenMs: number(env, 'PULLWISE_MODEL_CIRCUIT_OPEN_SECONDS', 30) * 1000,
    githubWriteIntervalMs: number(env, 'PULLWISE_GITHUB_WRITE_INTERVAL_MS', 250),
    leaseMs: number(env, 'PULLWISE_JOB_LEASE_SECONDS', 60) * 1000,
    jobRetentionMs: retentionMs(env),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    redisUrl: env.REDIS_URL?.trim() || undefined,
    triggerPhrase: env.PULLWISE_TRIGGER_PHRASE?.trim() || '@pullwise',
    workerId: env.PULLWISE_WORKER_ID?.trim() || undefined,
    limits: readLimitsConfig(env),
    modelProvider: platformFromEnv(env)?.provider ?? 'anthropic',
  };
}

/**
 * PULLWISE_JOB_RETENTION_DAYS (30): how long finished jobs are kept; 0 keeps them for ever. At least 3 days,
 * because a delivery GitHub redelivers (it allows that for 3 days) must still find its job to stay one job.
 */
function retentionMs(env: Record<string, string | undefined>): number | undefined {
  if (Number(env.PULLWISE_JOB_RETENTION_DAYS?.trim()) === 0 && env.PULLWISE_JOB_RETENTION_DAYS?.trim())
    return undefined;
  const days = number(env, 'PULLWISE_JOB_RETENTION_DAYS', 30);
  if (days < 3)
    throw new PullwiseError(
      `PULLWISE_JOB_RETENTION_DAYS must be 0 (keep every job) or at least 3, as GitHub redelivers webhooks up to ` +
        `3 days old and a redelivery must find its job; got ${days}`,
      'config',
    );
  return days * 86_400_000;
}
