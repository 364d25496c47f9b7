import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { Redis } from 'ioredis';
import { submitReviewReply, type ClaudeReply, type ClaudeStandIn } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { serveEnv, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { startStatefulGitHub, type StatefulGitHub } from '../helpers/stateful-github.js';

// Pullwise scaled out as it is deployed: real `pullwise serve` processes (web and worker roles) sharing a
// real redis-server, a loopback GitHub that keeps what was posted, a loopback Claude.

export interface Deployment {
  redis: RedisServer;
  github: StatefulGitHub;
  claude?: ClaudeStandIn;
  processes: ServeProcess[];
  /** A process of the deployment, with its own data dir (its repository cache is its own). */
  start(role: 'web' | 'worker' | 'all', extra?: Record<string, string>): Promise<ServeProcess>;
  /** Replaces the GitHub stand-in (before any process starts). */
  useGitHub(github: StatefulGitHub): Promise<void>;
  stop(): Promise<void>;
}

export async function startDeployment(): Promise<Deployment> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-scale-'));
  const deployment: Deployment = {
    redis: await startRedisServer(),
    github: await startStatefulGitHub(),
    processes: [],
    async start(role, extra = {}) {
      const env = {
        ...serveEnv({
          githubUrl: deployment.github.url,
          claudeUrl: deployment.claude!.url,
          dataDir: path.join(dir, `${role}-${deployment.processes.length}`),
        }),
        REDIS_URL: deployment.redis.url,
        PULLWISE_JOB_LEASE_SECONDS: '2',
        PULLWISE_RETRY_BASE_SECONDS: '0.2',
        PULLWISE_CONCURRENCY: '1',
        ...extra,
      };
      const p = await startServeProcess(env, ['--role', role]);
      deployment.processes.push(p);
      return p;
    },
    async useGitHub(github) {
      await deployment.github.close();
      deployment.github = github;
    },
    async stop() {
      for (const p of deployment.processes.splice(0)) await p.kill('SIGKILL');
      await deployment.claude?.close();
      await deployment.github.close();
      await deployment.redis.stop();
      rmSync(dir, { recursive: true, force: true });
      expect(deployment.github.errors).toEqual([]);
    },
  };
  return deployment;
}

export const review = (summary: string): ClaudeReply => ({
  status: 200,
  body: submitReviewReply({ summary, comments: [] }),
});

/** pull_request.opened for PR `number` of installation 1. */
export function opened(number: number) {
  const event = payload('pull_request', 'opened');
  event.number = number;
  event.pull_request.number = number;
  event.installation = { id: 1 };
  return event;
}

/** The sum of a metric's series on the process's /metrics. */
export async function metric(p: ServeProcess, name: string): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const series = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)`, 'gm');
  return [...text.matchAll(series)].reduce((n, m) => n + Number(m[1]), 0);
}

/** Every job in the Redis queue: state and attempts. */
export async function storedJobs(
  redisUrl: string,
): Promise<Array<{ key: string; state: string; attempts: number }>> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const ids = await client.zrange('pullwise:jobs:all', '0', '-1');
    return Promise.all(
      ids.map(async (id) => {
        const [key, state, attempts] = await client.hmget(
          `pullwise:jobs:job:${id}`,
          'key',
          'state',
          'attempts',
        );
        return { key: key!, state: state!, attempts: Number(attempts) };
      }),
    );
  } finally {
    client.disconnect();
  }
}

/** Lines of `text` that are not JSON objects (a process's log must be JSON lines only). */
export function nonJsonLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
}
