import type { Usage } from '../../src/core/model/usage.js';
import {
  createDashboard,
  type Dashboard,
  type DashboardOptions,
} from '../../src/dashboard/dashboard-routes.js';
import { queueDashboardSource } from '../../src/dashboard/queue-dashboard-source.js';
import type { JobInput, JobLease } from '../../src/queue/job.js';
import type { JobListFilter } from '../../src/queue/job-queue.js';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';

export const DASHBOARD_TOKEN = 'dashboard-test-token-0123456789';
export const GITHUB_URL = 'https://ghe.example.test';

export interface DashboardApp {
  app: TestApp;
  dashboard: Dashboard;
  url: string;
  /** Enqueues a job and moves it to `state` with the queue's own transitions, as a worker would. */
  addJob(
    input: Partial<JobInput>,
    outcome?: { state: 'queued' | 'running' | 'done' | 'dead'; usage?: Usage },
  ): Promise<string>;
  /** Completes a job that `addJob` left running. */
  finish(id: string, usage?: Usage): Promise<void>;
  stop(): Promise<void>;
}

let deliveries = 0;

/**
 * The real App server with the dashboard's routes mounted. Its worker stands down at once: it would run the
 * jobs against GitHub, while these tests put each job in the state they need through the queue port.
 */
export async function startDashboardApp(
  options: Partial<Omit<DashboardOptions, 'source'>> = {},
): Promise<DashboardApp> {
  // The queue opens with the server, after its routes exist: the source reaches it when a request comes.
  const queue = {
    list: (filter?: JobListFilter) => app.server.queue.list(filter),
    counts: () => app.server.queue.counts(),
  };
  const dashboard = createDashboard({
    token: DASHBOARD_TOKEN,
    pollMs: 50,
    ...options,
    source: queueDashboardSource(queue, { githubUrl: GITHUB_URL }),
  });
  const app = await startTestApp({ routes: dashboard.routes });
  await app.server.worker.stop({ graceMs: 0 });
  const serverQueue = app.server.queue;
  const claims = new Map<string, JobLease>(); // running jobs by id, for finish()

  return {
    app,
    dashboard,
    url: app.server.url,
    async addJob(input, { state, usage } = { state: 'queued' }) {
      deliveries += 1;
      const { job } = await serverQueue.enqueue({
        deliveryId: `dashboard-${deliveries}`,
        type: 'review',
        key: `job-${deliveries}`,
        payload: {},
        ...input,
      });
      if (state === 'queued') return job.id;
      const claimed = await serverQueue.claim('dashboard-test', 60_000);
      if (claimed?.id !== job.id) throw new Error(`claimed ${claimed?.id}, not the new job ${job.id}`);
      claims.set(job.id, claimed);
      if (state === 'done') await serverQueue.complete(claimed, usage ? { usage } : undefined);
      if (state === 'dead') await serverQueue.bury(claimed, 'GitHub answered 502');
      return job.id;
    },
    async finish(id, usage) {
      const claimed = claims.get(id);
      if (!claimed || !(await serverQueue.complete(claimed, usage ? { posted: true, usage } : undefined)))
        throw new Error(`job ${id} was not running`);
    },
    async stop() {
      dashboard.close(); // open event streams would hold the HTTP server's close() forever
      await app.stop();
    },
  };
}

export function usage(
  inputTokens: number,
  outputTokens: number,
  cacheReadTokens: number,
  costUsd: number,
): Usage {
  return { calls: 1, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens: 0, costUsd };
}
