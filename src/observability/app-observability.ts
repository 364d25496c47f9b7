import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, Logger } from 'pino';
import type { ModelClient } from '../core/model/client.js';
import type { Job } from '../queue/job.js';
import type { JobHandler } from '../queue/worker.js';
import { githubWriteSpans } from './github-write-spans.js';
import { instrumentJob } from './instrument-job.js';
import { createLogger, jobLogger } from './logger.js';
import { metricsRoute } from './metrics-route.js';
import { PullwiseMetrics, type QueueStats } from './metrics.js';
import { observeOctokit, type GitHubRequestObserver } from './octokit-hooks.js';
import { readinessRoute, type ReadinessCheck } from './readiness-route.js';
import { startTracing, type Tracing } from './tracing.js';

export interface AppObservabilityOptions {
  /** OTEL_* variables: traces are exported when an OTLP endpoint is set. */
  env: Record<string, string | undefined>;
  /** LOG_LEVEL. */
  logLevel: string;
  /** The process's secrets (API key, webhook secret, private key): masked in logs and span errors. */
  secrets: readonly string[];
  /** Where log lines go; stdout by default. */
  logDestination?: DestinationStream;
  /** Node's process metrics on /metrics; default true. */
  processMetrics?: boolean;
  /** How long ended spans wait to be sent in a batch (tests shorten it). */
  spanDelayMillis?: number;
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Logs, metrics and traces for the App, made once per process and threaded into the server at four places:
 * Probot's logger and Octokit class, each job handler, each model client, and the HTTP routes.
 */
export interface AppObservability {
  /** Give to Probot as `log`. */
  log: Logger;
  metrics: PullwiseMetrics;
  tracing: Tracing;
  /** What watches every GitHub request: the error counter and the write spans. */
  githubObservers: readonly GitHubRequestObserver[];
  /** An Octokit plugin adding `githubObservers` to every client: `Octokit: ProbotOctokit.plugin(…)`. */
  octokitPlugin: ReturnType<typeof observeOctokit>;
  /** A job's logger (delivery, job, repo, number on every line). */
  jobLogger(job: Job): Logger;
  /** `handler` traced (a trace per run) and counted. */
  instrumentJob(handler: JobHandler): JobHandler;
  /**
   * Counts each call of `model` (calls, tokens, cost): call from `JobDeps.onModel`. Its spans need no wiring:
   * the Anthropic SDK makes one per call (see tracing.ts).
   */
  observeModel(model: Pick<ModelClient, 'observe'>): void;
  /** The queue gauges on /metrics. */
  observeQueue(queue: QueueStats): void;
  /** `GET /metrics` and `GET /readyz` (running `checks`), keyed as `startServer`'s routes. */
  routes(checks: Record<string, ReadinessCheck>): Record<'GET /metrics' | 'GET /readyz', Route>;
  /** Sends the spans still buffered; call as the process stops. */
  shutdown(): Promise<void>;
}

export function startObservability(options: AppObservabilityOptions): AppObservability {
  const log = createLogger({
    level: options.logLevel,
    secrets: options.secrets,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const metrics = new PullwiseMetrics({ processMetrics: options.processMetrics !== false });
  const tracing = startTracing(options.env, {
    secrets: options.secrets,
    ...(options.spanDelayMillis !== undefined ? { scheduledDelayMillis: options.spanDelayMillis } : {}),
  });
  const githubObservers = [metrics.github, githubWriteSpans];
  return {
    log,
    metrics,
    tracing,
    githubObservers,
    octokitPlugin: observeOctokit(githubObservers),
    jobLogger: (job) => jobLogger(log, job),
    instrumentJob: (handler) => instrumentJob(handler, [metrics]),
    observeModel: (model) => model.observe(metrics.model),
    observeQueue: (queue) => metrics.observeQueue(queue),
    routes: (checks) => ({
      'GET /metrics': metricsRoute(metrics.registry),
      'GET /readyz': readinessRoute(checks, {
        onFailure: (check, error) => log.warn({ check, err: error }, 'not ready'),
      }),
    }),
    shutdown: () => tracing.shutdown(),
  };
}
