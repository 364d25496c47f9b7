import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelCallEvent, ModelCallObserver } from '../core/model/client.js';
import type { Job } from '../queue/job.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { JobObserver } from './instrument-job.js';
import type { JobOutcome } from './job-outcome.js';
import type { GitHubRequest, GitHubRequestObserver } from './octokit-hooks.js';

/** What a scrape reads from the queue: jobs by state, and queued jobs that are due now. */
export type QueueStats = Pick<JobQueue, 'counts' | 'dueCount'>;

export interface MetricsOptions {
  /** The job store; without it the queue gauges are left out (a process that runs no queue). */
  queue?: QueueStats;
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

// Jobs take seconds to tens of minutes (PULLWISE_JOB_TIMEOUT_SECONDS defaults to 900).
const JOB_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800];
const MODEL_CALL_SECONDS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

/**
 * The App's Prometheus metrics, on a registry of their own (nothing else in the process can add to it or
 * collide with it). Jobs, model calls and GitHub errors are counted as they happen; the queue is read at
 * each scrape, so the gauges are never stale.
 */
export class PullwiseMetrics implements JobObserver {
  readonly registry = new Registry();
  private readonly jobsStarted: Counter<'type'>;
  private readonly jobsFinished: Counter<'type' | 'outcome'>;
  private readonly jobsDead: Counter<'type'>;
  private readonly jobsInProgress: Gauge<'type'>;
  private readonly jobDuration: Histogram<'type' | 'outcome'>;
  private readonly modelCalls: Counter<'model' | 'outcome'>;
  private readonly modelCallDuration: Histogram<'model'>;
  private readonly modelTokens: Counter<'model' | 'kind'>;
  private readonly modelCost: Counter<'model'>;
  private readonly githubErrors: Counter<'status'>;

  /** Attach to each model client (`client.observe(metrics.model)`). */
  readonly model: ModelCallObserver = { onCall: (event) => this.modelCalled(event) };
  /** Give to `instrumentOctokit`. */
  readonly github: GitHubRequestObserver = {
    onError: (request, status) => this.githubFailed(request, status),
  };

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.jobsStarted = new Counter({
      name: 'pullwise_jobs_started_total',
      help: 'Job runs started by this process, by job type (a retry is another run).',
      labelNames: ['type'],
      registers,
    });
    this.jobsFinished = new Counter({
      name: 'pullwise_jobs_finished_total',
      help: 'Job runs finished by this process, by job type and outcome (done, failed, timeout, superseded, cancelled, requeued).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.jobsDead = new Counter({
      name: 'pullwise_jobs_dead_total',
      help: 'Jobs that failed for good (no attempts left, or a permanent error), by job type.',
      labelNames: ['type'],
      registers,
    });
    this.jobsInProgress = new Gauge({
      name: 'pullwise_jobs_in_progress',
      help: 'Jobs this process is running now, by job type.',
      labelNames: ['type'],
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'pullwise_job_duration_seconds',
      help: 'How long job runs took, by job type and outcome.',
      labelNames: ['type', 'outcome'],
      buckets: JOB_SECONDS,
      registers,
    });
    this.modelCalls = new Counter({
      name: 'pullwise_model_calls_total',
      help: 'Messages API calls, by model and outcome (ok, or the error kind: rate-limit, overloaded, timeout…).',
      labelNames: ['model', 'outcome'],
      registers,
    });
    this.modelCallDuration = new Histogram({
      name: 'pullwise_model_call_duration_seconds',
      help: "How long Messages API calls took, the SDK's retries included, by model.",
      labelNames: ['model'],
      buckets: MODEL_CALL_SECONDS,
      registers,
    });
    this.modelTokens = new Counter({
      name: 'pullwise_model_tokens_total',
      help: 'Tokens billed, by model and kind (input, output, cache_read, cache_write).',
      labelNames: ['model', 'kind'],
      registers,
    });
    this.modelCost = new Counter({
      name: 'pullwise_model_cost_usd_total',
      help: "What model calls cost in USD by the price table (built in, or the repository config's prices), by model.",
      labelNames: ['model'],
      registers,
    });
    this.githubErrors = new Counter({
      name: 'pullwise_github_api_errors_total',
      help: 'GitHub API requests that failed, by HTTP status ("none": no answer came).',
      labelNames: ['status'],
      registers,
    });
    if (options.queue) this.observeQueue(options.queue);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  jobStarted(job: Job): void {
    this.jobsStarted.inc({ type: job.type });
    this.jobsInProgress.inc({ type: job.type });
  }

  jobFinished(job: Job, outcome: JobOutcome, durationMs: number): void {
    this.jobsInProgress.dec({ type: job.type });
    this.jobsFinished.inc({ type: job.type, outcome });
    this.jobDuration.observe({ type: job.type, outcome }, durationMs / 1000);
  }

  jobDead(job: Job): void {
    this.jobsDead.inc({ type: job.type });
  }

  private modelCalled(event: ModelCallEvent): void {
    const model = modelLabel(event.model);
    this.modelCalls.inc({ model, outcome: event.error ? event.error.code : 'ok' });
    this.modelCallDuration.observe({ model }, event.durationMs / 1000);
    if (event.usage) {
      const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } =
        event.usage;
      this.modelTokens.inc({ model, kind: 'input' }, input_tokens);
      this.modelTokens.inc({ model, kind: 'output' }, output_tokens);
      this.modelTokens.inc({ model, kind: 'cache_read' }, cache_read_input_tokens ?? 0);
      this.modelTokens.inc({ model, kind: 'cache_write' }, cache_creation_input_tokens ?? 0);
    }
    this.modelCost.inc({ model }, event.costUsd);
  }

  private githubFailed(_request: GitHubRequest, status: number | undefined): void {
    // Octokit throws on 304 Not Modified too; that is an answer, not an error.
    if (status !== undefined && status < 400) return;
    this.githubErrors.inc({ status: status === undefined ? 'none' : String(status) });
  }

  /** Adds the queue gauges (jobs by state, depth), read from `queue` at each scrape. Call once. */
  observeQueue(queue: QueueStats): void {
    new Gauge({
      name: 'pullwise_queue_jobs',
      help: 'Jobs in the queue by state (queued, running, done, dead, superseded), read at scrape time.',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        // An unreachable store shows as missing series (and a failing /readyz), not as stale numbers.
        this.reset();
        const counts = await queue.counts().catch(() => undefined);
        for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'pullwise_queue_depth',
      help: 'Queued jobs that are due now (their retry backoff over), read at scrape time.',
      registers: [this.registry],
      async collect() {
        this.reset();
        const due = await queue.dueCount().catch(() => undefined);
        if (due !== undefined) this.set(due);
      },
    });
  }
}

/**
 * The model comes from each repository's config, so a label takes it only when it looks like a model id: a
 * config cannot fill Prometheus with arbitrary series.
 */
function modelLabel(model: string): string {
  return /^[a-z0-9][a-z0-9._:@-]{0,79}$/i.test(model) ? model : 'other';
}
