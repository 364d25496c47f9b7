import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import type { Job } from '../queue/job.js';
import type { JobQueue } from '../queue/job-queue.js';
import { JobWorker, type JobRun } from '../queue/worker.js';
import { maskWrites } from '../github/mask-writes.js';
import { fenceWrites } from '../github/write-fence.js';
import { octokitGitHub } from '../github/octokit-github.js';
import type { AppEnv } from './app-env.js';
import { openAppStores } from './app-stores.js';
import { notifyDead } from './notify-dead.js';
import { appOctokit } from './app-octokit.js';
import { runCommandJob } from '../jobs/command-job.js';
import { totalUsage } from '../jobs/job-usage.js';
import { CircuitBreaker } from '../core/model/circuit-breaker.js';
import type { ModelClient } from '../core/model/client.js';
import { knownSecrets, type JobDeps } from '../jobs/job-deps.js';
import { startObservability } from '../observability/app-observability.js';
import {
  JOB_PAYLOADS,
  type CommandJobPayload,
  type FixJobPayload,
  type ReviewJobPayload,
} from '../intake/job-payloads.js';
import { runFixJob } from '../jobs/fix-job.js';
import { readBotIdentity, type BotIdentity } from '../github/bot-identity.js';
import { honourSharedBackoff } from '../github/shared-backoff.js';
import { runReviewJob } from '../jobs/review-job.js';
import { receiveWebhook } from './receive-webhook.js';
import { createDashboard } from '../dashboard/dashboard-routes.js';
import { githubWebUrl, readDashboardToken } from '../dashboard/dashboard-env.js';
import { queueDashboardSource } from '../dashboard/queue-dashboard-source.js';
import { enqueueEvents } from '../intake/enqueue-events.js';
import { waitWithin } from '../redis/wait-within.js';
import type { RepoTriggers } from '../intake/job-for-event.js';

export const WEBHOOKS_PATH = '/api/github/webhooks';

/** What the server's Octokit defaults read of each client's options. */

/** all: webhooks and jobs in one process; web: webhooks only (jobs stored for workers); worker: jobs only. */
export type ServerRole = 'all' | 'web' | 'worker';

/** A route's handler on the server's node:http server; `url` is the request's URL (query included). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface RunningServer {
  url: string;
  http: HttpServer;
  probot: Probot;
  queue: JobQueue;
  worker: JobWorker;
  /** Stops taking webhooks and jobs, lets running jobs finish (or requeues them), closes the store. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `pullwise serve`: the webhook endpoint, `GET /healthz`, the durable queue under PULLWISE_DATA_DIR and the
 * worker, in one process. `Octokit` is injectable so tests can switch off throttling and retries.
 */
export async function startServer(
  appEnv: AppEnv,
  env: Record<string, string | undefined>,
  options: {
    Octokit?: typeof ProbotOctokit;
    workerId?: string;
    pollMs?: number;
    /** What this process does (default all). */
    role?: ServerRole;
    /** false: the same as role web. */
    runWorker?: boolean;
    /** More routes, keyed `'GET /path'` (the path without its query). */
    routes?: Record<string, RouteHandler>;
    /** Where the JSON log goes (default stdout). */
    logDestination?: DestinationStream;
  } = {},
): Promise<RunningServer> {
  const dashboardToken = readDashboardToken(env); // a bad token stops the start before anything opens
  const role: ServerRole = options.role ?? (options.runWorker === false ? 'web' : 'all');
  const runsWorker = role !== 'web';
  const takesWebhooks = role !== 'worker';
  // JSON logs with secrets masked, /metrics, and traces when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const obs = startObservability({
    env,
    logLevel: appEnv.logLevel,
    secrets: [...knownSecrets(env), appEnv.privateKey],
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
  });
  const stores = await openAppStores(appEnv, obs.log);
  const { redisStatus, queue, backoff, pacing, budgets, learnings, triggers: learned } = stores;
  const scopes = new WeakMap<object, string>();
  const Octokit = appOctokit(options.Octokit ?? ProbotOctokit, {
    plugin: obs.octokitPlugin,
    pacing,
    backoff,
    scopes,
  });
  const probot = new Probot({
    appId: appEnv.appId,
    privateKey: appEnv.privateKey,
    secret: appEnv.webhookSecret,
    log: obs.log,
    ...(appEnv.apiBaseUrl ? { baseUrl: appEnv.apiBaseUrl } : {}),
    Octokit,
  });
  await probot.ready();
  const log = probot.log;
  obs.observeQueue(queue);
  // Intake decides from the payload alone, so it learns each repository's trigger phrase and fix label from
  // the config its jobs read (kept in `learned`, which every process shares); until then, the defaults.
  const defaults: RepoTriggers = { phrase: appEnv.triggerPhrase };

  // One breaker for the process's model calls: while Anthropic is down, jobs wait for it instead of failing.
  const modelCircuit = new CircuitBreaker({
    failureThreshold: appEnv.modelCircuitFailures,
    openMs: appEnv.modelCircuitOpenMs,
    maxOpenMs: Math.max(appEnv.modelCircuitOpenMs, 300_000),
    onStateChange: (state, reason) =>
      (state === 'closed' ? log.info : log.warn).call(
        log,
        { circuit: state, reason },
        `model API circuit ${state}`,
      ),
  });
  let bot: Promise<BotIdentity> | undefined;
  const depsFor = async (job: Job, signal: AbortSignal, run: JobRun): Promise<JobDeps> => {
    const octokit = await probot.auth(job.installationId);
    const scope = `installation:${job.installationId ?? 'app'}`;
    scopes.set(octokit, scope);
    honourSharedBackoff(octokit, backoff, scope, { signal });
    fenceWrites(octokit, run.confirmLease);
    maskWrites(octokit, knownSecrets(env));
    return {
      github: octokitGitHub(octokit),
      confirmLease: run.confirmLease,
      checkpoint: { saved: run.checkpoint, save: run.saveCheckpoint },
      env,
      dataDir: path.resolve(appEnv.dataDir),
      modelCircuit,
      learnings,
      botIdentity: () => {
        bot ??= probot.auth().then((appOctokit) => readBotIdentity(appOctokit, octokit));
        bot.catch(() => (bot = undefined)); // a failed lookup is tried again by the next job
        return bot;
      },
      log: obs.jobLogger(job),
      signal,
      onConfig: (owner, repo, config) =>
        void learned
          .set(`${owner}/${repo}`, { phrase: config.triggers.phrase, fixLabel: config.fix.label })
          .catch((error: unknown) => log.warn({ err: error }, 'could not keep the repository’s triggers')),
    };
  };
  // Every job: its installation's limits first (a job over them is not run), then the job, whose model usage
  // is added to the installation's spend and kept in the job's result.
  const handler =
    <P>(run: (payload: P, deps: JobDeps) => Promise<object>) =>
    async (job: Job, signal: AbortSignal, jobRun: JobRun) => {
      const deps = await depsFor(job, signal, jobRun);
      // While Redis is down the budget read waits for it within the job: time lost, not an attempt.
      const refused = budgets && (await waitWithin(budgets.refuse(job, deps.github), signal));
      if (refused) return refused;
      const models: ModelClient[] = [];
      try {
        const onModel = (model: ModelClient) => {
          models.push(model);
          obs.observeModel(model);
        };
        // The worker parsed the payload against JOB_PAYLOADS[job.type] before this ran.
        const outcome = await run(job.payload as P, { ...deps, onModel });
        return { ...outcome, usage: totalUsage(models) };
      } finally {
        // Bounded like the job: a cost not recorded by then is still sent once Redis is back.
        await waitWithin(
          budgets?.record(job, totalUsage(models).costUsd) ?? Promise.resolve(),
          AbortSignal.timeout(appEnv.jobTimeoutMs),
        ).catch((error: unknown) => log.warn({ err: error, jobId: job.id }, 'job cost not yet recorded'));
      }
    };
  const worker = new JobWorker(
    queue,
    {
      review: obs.instrumentJob(handler<ReviewJobPayload>(runReviewJob)),
      command: obs.instrumentJob(handler<CommandJobPayload>(runCommandJob)),
      fix: obs.instrumentJob(handler<FixJobPayload>(runFixJob)),
    },
    {
      concurrency: appEnv.concurrency,
      jobTimeoutMs: appEnv.jobTimeoutMs,
      maxAttempts: appEnv.maxAttempts,
      payloads: JOB_PAYLOADS,
      backoff: { baseMs: appEnv.retryBaseMs, maxMs: 300_000 },
      leaseMs: appEnv.leaseMs,
      // Every worker prunes; the deletes are idempotent, so several workers only share the work.
      ...(appEnv.jobRetentionMs
        ? { retention: { keepMs: appEnv.jobRetentionMs, everyMs: 10 * 60_000 } }
        : {}),
      pollMs: options.pollMs ?? 1_000,
      // SQLite: one worker per data dir, so a stable id lets a restart requeue its crashed jobs at once.
      // Redis: many workers share the queue, often with the same data dir (/data in every container); a
      // shared id would make each starting worker requeue the jobs the others are running.
      workerId:
        options.workerId ??
        appEnv.workerId ??
        (appEnv.redisUrl ? undefined : `pullwise:${path.resolve(appEnv.dataDir)}`),
      logger: log,
      onDead: async (job, error) => {
        obs.metrics.jobDead(job);
        await notifyDead(probot, job, error);
      },
    },
  );

  const intake = enqueueEvents({
    queue,
    triggers: async (owner, repo) => (await learned.get(`${owner}/${repo}`)) ?? defaults,
    log,
  });
  const dashboard = createDashboard({
    token: dashboardToken,
    source: queueDashboardSource(queue, { githubUrl: githubWebUrl(appEnv.apiBaseUrl) }),
    log,
  });
  const routes: Record<string, RouteHandler> = {
    'GET /healthz': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    },
    ...(takesWebhooks
      ? {
          [`POST ${WEBHOOKS_PATH}`]: (req: IncomingMessage, res: ServerResponse) =>
            receiveWebhook(intake, log, appEnv.webhookSecret, req, res),
        }
      : {}),
    ...dashboard.routes,
    ...obs.routes({
      // On Redis, asked of the connection first: a command sent while it is down would wait in its queue.
      queue: async () => (await redisStatus?.assertReady(), queue.counts()),
      // Workers check budgets before each job: a store that cannot answer stops them taking work.
      ...(budgets && runsWorker
        ? { budgets: async () => (await redisStatus?.assertReady(), budgets.ready()) }
        : {}),
    }),
    ...options.routes,
  };
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pullwise.invalid');
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) {
      res.writeHead(404).end('not found\n');
      return;
    }
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      log.error({ err: error, route: `${req.method} ${url.pathname}` }, 'route failed');
      if (!res.headersSent) res.writeHead(500).end('internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => http.listen(appEnv.port, appEnv.host ?? '0.0.0.0', resolve));
  if (runsWorker) await worker.start();
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : appEnv.port;
  log.info(
    { port, dataDir: appEnv.dataDir, role, modelProvider: appEnv.modelProvider },
    'Pullwise is listening',
  );

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    http,
    probot,
    queue,
    worker,
    stop(graceMs = 30_000) {
      stopped ??= (async () => {
        dashboard.close(); // open event streams would otherwise hold http.close() forever
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections(); // keep-alive sockets would otherwise hold close() open
        await closed;
        if (runsWorker) await worker.stop({ graceMs });
        await stores.close();
        await obs.shutdown(); // sends the spans still buffered
      })();
      return stopped;
    },
  };
}
