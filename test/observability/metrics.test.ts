import { instructionCandidates } from '../../src/core/config/instruction-files.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { ModelClient } from '../../src/core/model/client.js';
import { UsageLedger } from '../../src/core/model/ledger.js';
import type { Job } from '../../src/queue/job.js';
import { PermanentJobError } from '../../src/queue/job-errors.js';
import { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import { JobWorker, type JobHandler } from '../../src/queue/worker.js';
import { startObservability, type AppObservability } from '../../src/observability/app-observability.js';
import { apiError, mockClaude, anthropicPlatform } from '../helpers/claude-fake.js';
import { mockGitHub, type GitHubMock } from '../helpers/github-mock.js';
import { mockReviewScenario } from '../helpers/pull-request-scenario.js';
import { observedReviewHandler, reviewJobInput } from './review-job-fixture.js';
import { sample, serveRoutes } from './scrape.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

/** The App's observability over a real SQLite queue, its routes served on loopback, as `startServer` wires them. */
async function setUp() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pullwise-metrics-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const queue = SqliteJobQueue.open(dataDir);
  cleanups.push(() => queue.close());
  const obs = startObservability({ env: {}, logLevel: 'silent', secrets: [] });
  obs.observeQueue(queue);
  const server = await serveRoutes(obs.routes({ queue: () => queue.counts() }));
  cleanups.push(() => server.close());
  return { dataDir, queue, obs, server, scrape: async () => (await server.get('/metrics')).text };
}

function startWorker(queue: SqliteJobQueue, obs: AppObservability, handlers: Record<string, JobHandler>) {
  const instrumented = Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => [type, obs.instrumentJob(handler)]),
  );
  const worker = new JobWorker(queue, instrumented, {
    concurrency: 2,
    jobTimeoutMs: 10_000,
    maxAttempts: 1,
    backoff: { baseMs: 5, maxMs: 20 },
    leaseMs: 5_000,
    pollMs: 10,
    onDead: async (job) => obs.metrics.jobDead(job),
  });
  cleanups.push(() => worker.stop({ graceMs: 0 }));
  void worker.start();
  return worker;
}

async function until(check: () => Promise<boolean> | boolean) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('GET /metrics', () => {
  test("serves Prometheus' text format", async () => {
    const { server } = await setUp();
    const response = await server.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('# TYPE pullwise_jobs_finished_total counter');
    expect(response.text).toContain('# TYPE pullwise_job_duration_seconds histogram');
    expect(sample(response.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  test('job counters, durations and the queue gauges move as the worker runs jobs', async () => {
    const { queue, obs, scrape } = await setUp();
    await queue.enqueue({ deliveryId: 'd1', type: 'review', key: 'o/r#1', payload: {} });
    await queue.enqueue({ deliveryId: 'd2', type: 'review', key: 'o/r#2', payload: {} });
    await queue.enqueue({ deliveryId: 'd3', type: 'command', key: 'o/r#3', payload: {} });
    const before = await scrape();
    expect(sample(before, 'pullwise_queue_depth')).toBe(3);
    expect(sample(before, 'pullwise_queue_jobs', { state: 'queued' })).toBe(3);
    expect(
      sample(before, 'pullwise_jobs_finished_total', { type: 'review', outcome: 'done' }),
    ).toBeUndefined();

    const worker = startWorker(queue, obs, {
      review: async () => ({ status: 'reviewed' }),
      command: async () => {
        throw new PermanentJobError('no such command');
      },
    });
    await worker.idle();
    const after = await scrape();

    expect(sample(after, 'pullwise_jobs_started_total', { type: 'review' })).toBe(2);
    expect(sample(after, 'pullwise_jobs_finished_total', { type: 'review', outcome: 'done' })).toBe(2);
    expect(sample(after, 'pullwise_jobs_finished_total', { type: 'command', outcome: 'failed' })).toBe(1);
    expect(sample(after, 'pullwise_jobs_dead_total', { type: 'command' })).toBe(1);
    expect(sample(after, 'pullwise_jobs_in_progress', { type: 'review' })).toBe(0);
    expect(sample(after, 'pullwise_job_duration_seconds_count', { type: 'review', outcome: 'done' })).toBe(2);
    expect(sample(after, 'pullwise_queue_depth')).toBe(0);
    expect(sample(after, 'pullwise_queue_jobs', { state: 'queued' })).toBe(0);
    expect(sample(after, 'pullwise_queue_jobs', { state: 'done' })).toBe(2);
    expect(sample(after, 'pullwise_queue_jobs', { state: 'dead' })).toBe(1);
  });

  test('a run cancelled for a newer job counts as superseded, and shows as running while it runs', async () => {
    const { queue, obs, scrape } = await setUp();
    let started: Job | undefined;
    const worker = startWorker(queue, obs, {
      review: (job, signal) => {
        started = job;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    await queue.enqueue({ deliveryId: 'd1', type: 'review', key: 'o/r#1', payload: {} });
    worker.notify();
    await until(() => started !== undefined);
    const running = await scrape();
    expect(sample(running, 'pullwise_jobs_in_progress', { type: 'review' })).toBe(1);
    expect(sample(running, 'pullwise_queue_jobs', { state: 'running' })).toBe(1);

    worker.cancel(started!.id, 'superseded');
    await worker.idle();
    const after = await scrape();
    expect(sample(after, 'pullwise_jobs_finished_total', { type: 'review', outcome: 'superseded' })).toBe(1);
    expect(sample(after, 'pullwise_jobs_in_progress', { type: 'review' })).toBe(0);
  });

  test('a failing model call counts under its error kind, with no tokens or cost', async () => {
    const { obs, scrape } = await setUp();
    const model = new ModelClient({
      platform: anthropicPlatform('sk-ant-test'),
      model: 'claude-sonnet-5-5',
      maxRetries: 0,
      timeoutMs: 10_000,
      ledger: new UsageLedger({ maxCalls: 5, maxTotalTokens: 100_000, maxUsd: 1 }),
    });
    obs.observeModel(model);
    mockClaude().expectMessage(429, apiError('rate_limit_error', 'slow down'));
    const request = { max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
    await expect(model.createMessage(request, { estimatedInputTokens: 5 })).rejects.toThrow(/rate-limiting/);
    const text = await scrape();
    expect(
      sample(text, 'pullwise_model_calls_total', { model: 'claude-sonnet-5-5', outcome: 'rate-limit' }),
    ).toBe(1);
    expect(
      sample(text, 'pullwise_model_tokens_total', { model: 'claude-sonnet-5-5', kind: 'input' }),
    ).toBeUndefined();
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('a review job through the worker', () => {
  let gh: GitHubMock;
  afterEach(() => {
    gh.assertAllValid();
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('counts the job, its model call, tokens and cost, and the GitHub errors it met', async () => {
    const { dataDir, queue, obs, scrape } = await setUp();
    gh = mockGitHub();
    // GitHub refuses the first review (a line outside the diff); the job posts it again without inline comments.
    mockReviewScenario(gh, {
      reviewReplies: [
        { status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } },
        { status: 200 },
      ],
    });
    mockClaude().expectReview({
      summary: 'One risky change.',
      comments: [{ path: 'src/values.ts', line: 6, severity: 'critical', body: 'Division by zero.' }],
    });
    await queue.enqueue(reviewJobInput());
    const before = await scrape();
    expect(
      sample(before, 'pullwise_model_calls_total', { model: 'claude-sonnet-5-5', outcome: 'ok' }),
    ).toBeUndefined();

    await startWorker(queue, obs, { review: observedReviewHandler(obs, dataDir) }).idle();
    const after = await scrape();

    expect(await queue.list({ state: 'done' })).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ status: 'reviewed' }) }),
    ]);
    expect(sample(after, 'pullwise_jobs_finished_total', { type: 'review', outcome: 'done' })).toBe(1);
    const model = { model: 'claude-sonnet-5-5' };
    expect(sample(after, 'pullwise_model_calls_total', { ...model, outcome: 'ok' })).toBe(1);
    expect(sample(after, 'pullwise_model_call_duration_seconds_count', model)).toBe(1);
    // The mocked reply's usage: 1200 input, 150 output, 900 written to the cache.
    expect(sample(after, 'pullwise_model_tokens_total', { ...model, kind: 'input' })).toBe(1200);
    expect(sample(after, 'pullwise_model_tokens_total', { ...model, kind: 'output' })).toBe(150);
    expect(sample(after, 'pullwise_model_tokens_total', { ...model, kind: 'cache_write' })).toBe(900);
    expect(sample(after, 'pullwise_model_tokens_total', { ...model, kind: 'cache_read' })).toBe(0);
    // claude-sonnet-5-5: $2/M input, $10/M output, cache writes at 1.25x input.
    expect(sample(after, 'pullwise_model_cost_usd_total', model)).toBeCloseTo(0.00615, 10);
    // No config file, no .gitattributes and no instruction files (404 each), and the refused review (422).
    expect(sample(after, 'pullwise_github_api_errors_total', { status: '404' })).toBe(
      2 + instructionCandidates(['src/values.ts']).length,
    );
    expect(sample(after, 'pullwise_github_api_errors_total', { status: '422' })).toBe(1);
  });
});
