import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProbotOctokit } from 'probot';
import { platformFromEnv } from '../../src/core/model/platform.js';
import { readLimitsConfig } from '../../src/budgets/installation-limits.js';
import type { AppEnv } from '../../src/app/app-env.js';
import { startServer, WEBHOOKS_PATH, type RouteHandler, type RunningServer } from '../../src/app/server.js';

export const WEBHOOK_SECRET = 'test-webhook-secret';

let privateKey: string | undefined;
/** A real RSA key: Probot signs a real JWT to ask (mocked) GitHub for an installation token. */
export function appPrivateKey(): string {
  privateKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return privateKey;
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface TestApp {
  server: RunningServer;
  dataDir: string;
  /** Posts a webhook as GitHub does; resolves with the HTTP status. */
  send(name: string, payload: unknown, options?: { deliveryId?: string; secret?: string }): Promise<number>;
  stop(): Promise<void>;
}

/** The real server (Probot, SQLite queue, worker) on a random loopback port, GitHub and Claude mocked by nock. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    octokitOptions?: Record<string, unknown>;
    /** GitHub's API base, for a loopback stand-in (as GHE_HOST/GHE_PROTOCOL would set it). */
    apiBaseUrl?: string;
    /** Octokit's throttling as the server sets it up in production (on, per installation). */
    productionThrottle?: boolean;
    /** Settings that differ from the test defaults. */
    appEnv?: Partial<AppEnv>;
    /** More routes on the server (`startServer`'s `routes`). */
    routes?: Record<string, RouteHandler>;
    /** Every JSON log line the server writes (set `appEnv.logLevel` to see more than errors). */
    logLines?: string[];
    /** What the process does (default all). */
    role?: 'web' | 'worker' | 'all';
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'pullwise-app-'));
  const appEnv: AppEnv = {
    appId: '1',
    privateKey: appPrivateKey(),
    webhookSecret: WEBHOOK_SECRET,
    port: 0,
    host: '127.0.0.1',
    dataDir,
    concurrency: 2,
    jobTimeoutMs: 20_000,
    maxAttempts: 3,
    retryBaseMs: 20,
    modelCircuitFailures: 3,
    modelCircuitOpenMs: 200,
    githubWriteIntervalMs: 250,
    jobRetentionMs: undefined,
    leaseMs: 60_000,
    logLevel: 'silent',
    // What readAppEnv reads of these from the environment, from the test's `env`.
    redisUrl: options.env?.REDIS_URL?.trim() || undefined,
    triggerPhrase: options.env?.PULLWISE_TRIGGER_PHRASE?.trim() || '@pullwise',
    workerId: options.env?.PULLWISE_WORKER_ID?.trim() || undefined,
    limits: readLimitsConfig(options.env ?? {}),
    modelProvider: platformFromEnv(options.env ?? {})?.provider ?? 'anthropic',
    ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}),
    ...options.appEnv,
  };
  // STYLE.md: tests switch off Octokit's retries and throttling unless a test is about them
  // (`productionThrottle` keeps the server's own throttling settings).
  const Octokit = ProbotOctokit.defaults((instanceOptions: { throttle?: object }) => ({
    ...instanceOptions,
    retry: { enabled: false },
    throttle: options.productionThrottle ? instanceOptions.throttle : { enabled: false },
    ...options.octokitOptions,
  }));
  const server = await startServer(
    appEnv,
    { ANTHROPIC_API_KEY: 'sk-ant-test-key', ...options.env },
    {
      Octokit,
      pollMs: 25,
      ...(options.role ? { role: options.role } : {}),
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.logLines ? { logDestination: lineCollector(options.logLines) } : {}),
    },
  );
  return {
    server,
    dataDir,
    async send(name, payload, { deliveryId = randomUUID(), secret = WEBHOOK_SECRET } = {}) {
      const body = JSON.stringify(payload);
      const response = await fetch(`${server.url}${WEBHOOKS_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': name,
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': sign(body, secret),
        },
        body,
      });
      await response.text();
      return response.status;
    },
    async stop() {
      await server.stop(1_000);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A pino destination that keeps each line written. */
function lineCollector(lines: string[]) {
  return {
    write(chunk: string) {
      lines.push(...chunk.split('\n').filter(Boolean));
    },
  };
}
