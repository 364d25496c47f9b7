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
import { openJobQueue } from '../queue/open-job-queue.js';
import { JobWorker, type JobRun } from '../queue/worker.js';
import { reply } from '../github/reply.js';
import { createWritePacing } from '../github/write-pacing.js';
import { maskWrites } from '../github/mask-writes.js';
import { fenceWrites } from '../github/write-fence.js';
import type { AppEnv } from './app-env.js';
import { runCommandJob } from '../jobs/command-job.js';
import { totalUsage } from '../jobs/job-usage.js';
import { openBudgetGate } from '../budgets/open-budget-gate.js';
import { CircuitBreaker } from '../core/model/circuit-breaker.js';
import type { ModelClient } from '../core/model/client.js';
import { knownSecrets, type JobDeps } from '../jobs/job-deps.js';
import { startObservability } from '../observability/app-observability.js';
import {
  answerTarget,
  JOB_PAYLOADS,
  type CommandJobPayload,
  type FixJobPayload,
  type ReviewJobPayload,
} from '../intake/job-payloads.js';
import { runFixJob } from '../jobs/fix-job.js';
import { readBotIdentity, type BotIdentity } from '../github/bot-identity.js';
import {
  honourSharedBackoff,
  MemoryBackoffStore,
  RedisBackoffStore,
  shareSecondaryLimits,
  type BackoffStore,
} from '../github/shared-backoff.js';
import { runReviewJob } from '../jobs/review-job.js';
import { receiveWebhook } from './receive-webhook.js';
import { createDashboard } from '../dashboard/dashboard-routes.js';
import { githubWebUrl, readDashboardToken } from '../dashboard/dashboard-env.js';
import { queueDashboardSource } from '../dashboard/queue-dashboard-source.js';
import { enqueueEvents } from '../intake/enqueue-events.js';
import { RedisTriggerStore, SqliteTriggerStore, type TriggerStore } from '../intake/trigger-store.js';
import { RedisStatus } from '../redis/redis-connection.js';
import { waitWithin } from '../redis/wait-within.js';
import type { RepoTriggers } from '../intake/job-for-event.js';

export const WEBHOOKS_PATH = '/api/github/webhooks';

/** What the server's Octokit defaults read of each client's options. */
interface OctokitInstanceOptions {
  throttle?: { enabled?: boolean; id?: string };
  auth?: { installationId?: number };
  log?: { warn(message: string): void };
}

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
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  // Every Redis connection of the process under one policy and one log of outages (openRedis).
  const redisStatus = redisUrl ? new RedisStatus(obs.log, redisUrl) : undefined;
  // A secondary rate limit one job meets pauses every request of its installation, in all workers.
  const backoff: BackoffStore = redisUrl
    ? RedisBackoffStore.open(redisUrl, undefined, redisStatus)
    : new MemoryBackoffStore();
  const scopes = new WeakMap<object, string>();
  // Writes one at a time per installation, paced (Octokit's throttling keys its groups by installation);
  // shared by every worker through Redis when scaled out.
  const pacing = createWritePacing({
    appId: appEnv.appId,
    writeIntervalMs: appEnv.githubWriteIntervalMs,
    redisUrl,
    ...(redisStatus ? { redisStatus } : {}),
    onError: (error) =>
      obs.log.warn({ err: error }, 'GitHub writes are paced within this process until Redis answers'),
  });
  const onSecondaryLimit = shareSecondaryLimits(backoff, (octokit) => scopes.get(octokit as object));
  const Octokit = (options.Octokit ?? ProbotOctokit)
    .plugin(obs.octokitPlugin)
    .defaults((instance: OctokitInstanceOptions) => ({
      ...instance,
      throttle: {
        ...instance.throttle,
        // Probot leaves installation clients unthrottled unless throttling is switched on explicitly. GitHub
        // asks for writes one at a time and for `retry-after` to be honoured, per token: so throttling is on,
        // keyed by installation (one installation's writes do not queue behind another's).
        enabled: true,
        id: instance.throttle?.id ?? `installation:${instance.auth?.installationId ?? 'app'}`,
        write: pacing.writes,
        notifications: pacing.contentCreation,
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          octokit: unknown,
        ) => {
          instance.log?.warn(
            `Secondary rate limit hit with "${request.method} ${request.url}": this installation pauses for ${retryAfter} s`,
          );
          return onSecondaryLimit(retryAfter, request, octokit);
        },
      },
    }));
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
  const queue = await openJobQueue({
    dataDir: appEnv.dataDir,
    ...(redisUrl ? { redisUrl } : {}),
    ...(redisStatus ? { redisStatus } : {}),
  });
  obs.observeQueue(queue);
  // Intake decides from the payload alone, so it learns each repository's trigger phrase and fix label from
  // the config its jobs read; until then (or after a restart) it uses the defaults.
  // Kept with the jobs (SQLite, or Redis when scaled out): a web process knows what any worker learned.
  const learned: TriggerStore = redisUrl
    ? RedisTriggerStore.open(redisUrl, undefined, redisStatus)
    : SqliteTriggerStore.open(path.resolve(appEnv.dataDir));
  const defaults: RepoTriggers = { phrase: env.PULLWISE_TRIGGER_PHRASE?.trim() || '@pullwise' };

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
      octokit,
      confirmLease: run.confirmLease,
      checkpoint: { saved: run.checkpoint, save: run.saveCheckpoint },
      env,
      dataDir: path.resolve(appEnv.dataDir),
      modelCircuit,
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
  const budgets = openBudgetGate(env, appEnv.dataDir, redisStatus);
  // Every job: its installation's limits first (a job over them is not run), then the job, whose model usage
  // is added to the installation's spend and kept in the job's result.
  const handler =
    <P>(run: (payload: P, deps: JobDeps) => Promise<object>) =>
    async (job: Job, signal: AbortSignal, jobRun: JobRun) => {
      const deps = await depsFor(job, signal, jobRun);
      // While Redis is down the budget read waits for it within the job: time lost, not an attempt.
      const refused = budgets && (await waitWithin(budgets.refuse(job, deps.octokit), signal));
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
        env.PULLWISE_WORKER_ID ??
        (redisUrl ? undefined : `pullwise:${path.resolve(appEnv.dataDir)}`),
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
  log.info({ port, dataDir: appEnv.dataDir, role }, 'Pullwise is listening');

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
        await queue.close();
        await budgets?.close();
        await learned.close();
        await backoff.close();
        await pacing.close();
        await obs.shutdown(); // sends the spans still buffered
      })();
      return stopped;
    },
  };
}

/** A job that failed for good leaves a visible comment saying what failed, where it was asked for. */
async function notifyDead(probot: Probot, job: Job, error: Error): Promise<void> {
  const answer = answerTarget(job.payload);
  if (!answer) return;
  const { owner, repo, target } = answer;
  const octokit = await probot.auth(job.installationId);
  await reply(
    octokit,
    { owner, repo },
    target,
    `**Pullwise** could not finish this ${job.type} job after ${job.attempts} attempts: ${error.message.split('\n')[0]}\n\n` +
      (job.type === 'fix'
        ? 'A maintainer can ask again with a `fix` command or by adding the label again.'
        : 'A maintainer can retry with a new push or a `review` command.'),
  );
}
