import type { PullwiseConfig } from '../core/config/schema.js';
import type { CircuitBreaker } from '../core/model/circuit-breaker.js';
import type { ModelClient } from '../core/model/client.js';
import { modelForConfig } from '../core/model/model-for-config.js';
import type { BotIdentity } from '../github/bot-identity.js';
import type { GitHub } from '../github/github-port.js';
import type { LearningStore } from '../learnings/learning-store.js';
import type { JobLogger } from '../queue/job-logger.js';
import type { JobReads } from './job-reads.js';
import type { ConfigSource } from '../github/repo-config.js';

/** What a job handler gets besides its payload. */
export interface JobDeps {
  github: GitHub;
  env: Record<string, string | undefined>;
  log: JobLogger;
  signal: AbortSignal;
  /**
   * Resolves while this run still holds its job (see JobRun.confirmLease); the App's `github` calls it
   * before each write by itself, a job calls it before writes that go elsewhere (a git push). The Action and
   * the CLI hold no lease and leave it out.
   */
  confirmLease?: () => Promise<void>;
  /**
   * What an earlier attempt of this job kept (`saved`), and how to keep something for the later ones: the
   * App's queue stores it with the job. The Action and the CLI run a job once and leave it out.
   */
  checkpoint?: { saved: unknown; save(value: unknown): Promise<void> };
  /** PULLWISE_DATA_DIR: the repository cache and the jobs' working copies live under it. */
  dataDir: string;
  /** The App's bot account, for commits (read once per process). */
  botIdentity: () => Promise<BotIdentity>;
  /** The repository's learnings; none: the Action and the CLI, which keep no store (the CLI takes a file). */
  learnings?: LearningStore;
  /** Called when a repository's config is read, so intake knows its trigger phrase. */
  onConfig?: (owner: string, repo: string, config: PullwiseConfig) => void;
  /** Called with each model client a job makes, so the caller can total tokens and cost. */
  onModel?: (model: ModelClient) => void;
  /** The Action's inputs: another config path, and settings that win over the file. */
  configSource?: ConfigSource;
  /** The PR and config a command already read, for the review or fix it starts (see JobReads). */
  reads?: JobReads;
  /**
   * false when the token cannot write (a `pull_request` workflow from a fork): the review is made but not
   * posted, and the caller shows it (the Action: annotations and the job summary). Default true.
   */
  canWrite?: boolean;
  /**
   * false where secrets sit next to the job (an Actions runner): nothing from a fork's code is run, not even
   * sandboxed — no `review.verify_command` on it, no `fix` on its PR. Default true (the App's sandbox).
   */
  runForkCode?: boolean;
  /** Why there is no model when ANTHROPIC_API_KEY is missing, as the one who runs Pullwise would say it. */
  missingKeyReason?: string;
  /** The process's circuit breaker around the model API (the App's: jobs wait out an outage). */
  modelCircuit?: CircuitBreaker;
  /**
   * The Action and the CLI: the repository config's `provider` chooses the platform. The App leaves it out:
   * its operator's PULLWISE_PROVIDER holds for every repository.
   */
  repoChoosesProvider?: boolean;
}

/** A model client for one job, or null (with the reason) when there is no API key. */
export function modelForJob(
  config: PullwiseConfig,
  deps: Pick<JobDeps, 'env' | 'onModel' | 'missingKeyReason' | 'modelCircuit' | 'repoChoosesProvider'>,
): { model: ModelClient | null; reason?: string } {
  const model = modelForConfig(config, deps.env, deps.modelCircuit, {
    repoChoosesProvider: deps.repoChoosesProvider ?? false,
  });
  if (!model) return { model: null, reason: deps.missingKeyReason ?? 'the server has no ANTHROPIC_API_KEY' };
  deps.onModel?.(model);
  return { model };
}

/** The process's own secrets, the model platforms' included: never posted or logged, whatever a model writes. */
export const SECRET_ENV = [
  'ANTHROPIC_API_KEY',
  'WEBHOOK_SECRET',
  'GITHUB_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
] as const;

export function knownSecrets(env: JobDeps['env']): string[] {
  return SECRET_ENV.map((name) => env[name]).filter((s): s is string => Boolean(s && s.length >= 8));
}
