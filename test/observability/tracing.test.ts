import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/core';
import nock from 'nock';
import type { Job } from '../../src/queue/job.js';
import { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import { JobWorker, type JobHandler } from '../../src/queue/worker.js';
import { startObservability, type AppObservability } from '../../src/observability/app-observability.js';
import { startTracing, traceJob, tracesEndpoint, withSpan } from '../../src/observability/tracing.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { mockGitHub, type GitHubMock } from '../helpers/github-mock.js';
import { mockReviewScenario } from '../helpers/pull-request-scenario.js';
import { startOtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { observedReviewHandler, reviewJobInput } from './review-job-fixture.js';

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;
const STATUS_CODE_ERROR = 2;
const SECRET = 'webhook-secret-in-an-error';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

async function setUp() {
  const receiver = await startOtlpReceiver();
  cleanups.push(() => receiver.close());
  const obs = startObservability({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
    logLevel: 'silent',
    secrets: [SECRET],
    processMetrics: false,
  });
  cleanups.push(() => obs.shutdown());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pullwise-tracing-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const queue = SqliteJobQueue.open(dataDir);
  cleanups.push(() => queue.close());
  return { receiver, obs, dataDir, queue };
}

/** Runs the queue's jobs once with the handlers instrumented as the App does, then exports the spans. */
async function runJobs(queue: SqliteJobQueue, obs: AppObservability, handlers: Record<string, JobHandler>) {
  const worker = new JobWorker(
    queue,
    Object.fromEntries(Object.entries(handlers).map(([type, h]) => [type, obs.instrumentJob(h)])),
    {
      concurrency: 1,
      jobTimeoutMs: 10_000,
      maxAttempts: 1,
      backoff: { baseMs: 5, maxMs: 5 },
      leaseMs: 5_000,
      pollMs: 10,
    },
  );
  cleanups.push(() => worker.stop({ graceMs: 0 }));
  await worker.start();
  await worker.idle();
  await obs.tracing.flush();
}

const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId);

describe('traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  let gh: GitHubMock | undefined;
  afterEach(() => {
    gh?.assertAllValid();
    gh = undefined;
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("a review job is one trace: the job's root span, with its GitHub writes and its model call as children", async () => {
    const { receiver, obs, dataDir, queue } = await setUp();
    gh = mockGitHub();
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
    const { job } = await queue.enqueue(reviewJobInput('delivery-77'));
    await runJobs(queue, obs, { review: observedReviewHandler(obs, dataDir) });

    expect(receiver.contentTypes[0]).toBe('application/json');
    const [root, ...otherRoots] = receiver.spans.filter((span) => !span.parentSpanId);
    expect(otherRoots).toEqual([]);
    expect(root).toMatchObject({
      name: 'job review',
      kind: SPAN_KIND_INTERNAL,
      attributes: {
        'pullwise.job.id': job.id,
        'pullwise.job.type': 'review',
        'pullwise.job.attempt': 1,
        'pullwise.delivery_id': 'delivery-77',
        'pullwise.repository': 'Codertocat/Hello-World',
        'pullwise.number': 2,
      },
      resource: { 'service.name': 'pullwise' },
    });
    expect(root!.status.code).not.toBe(STATUS_CODE_ERROR);
    const children = childrenOf(receiver.spans, root!);
    expect(children).toHaveLength(receiver.spans.length - 1); // everything else hangs off the job

    // The model call's span is the Anthropic SDK's own, made on the provider tracing registered; one per call.
    const modelCalls = receiver.spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(modelCalls).toEqual([
      expect.objectContaining({
        name: 'anthropic.messages.create',
        parentSpanId: root!.spanId,
        kind: SPAN_KIND_CLIENT,
        attributes: expect.objectContaining({
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-5-5',
          'gen_ai.response.model': 'claude-sonnet-5-5',
          // The mocked usage: 1200 uncached input tokens plus 900 written to the cache.
          'gen_ai.usage.input_tokens': 2100,
          'gen_ai.usage.output_tokens': 150,
          'http.response.status_code': 200,
        }),
      }),
    ]);
    expect(
      Object.keys(modelCalls[0]!.attributes).filter((key) => /content|messages|instructions/.test(key)),
    ).toEqual([]);

    const reviews = children.filter(
      (span) => span.name === 'github POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    );
    expect(reviews.map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'http.request.method': 'POST',
        'url.template': '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
        'http.response.status_code': 422,
        'error.type': '422',
      }),
      expect.objectContaining({ 'http.response.status_code': 200 }),
    ]);
    expect(reviews[0]!.status.code).toBe(STATUS_CODE_ERROR);
    expect(receiver.named('github POST /repos/{owner}/{repo}/check-runs')).toEqual([
      expect.objectContaining({
        parentSpanId: root!.spanId,
        attributes: expect.objectContaining({ 'http.response.status_code': 201 }),
      }),
    ]);
    expect(receiver.named('github PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toHaveLength(1);
    // Reads are not traced: only what changed on GitHub.
    expect(receiver.spans.filter((span) => span.attributes['http.request.method'] === 'GET')).toEqual([]);
  });

  test('withSpan nests a step in the job, and the GitHub writes inside the step under it', async () => {
    const { receiver, obs, queue } = await setUp();
    gh = mockGitHub().on('POST', '/repos/o/r/git/refs', {
      status: 201,
      body: { ref: 'refs/heads/pullwise/x' },
    });
    const octokit = new (Octokit.plugin(obs.octokitPlugin))();
    await queue.enqueue({
      deliveryId: 'd1',
      type: 'fix',
      key: 'o/r#5',
      payload: { owner: 'o', repo: 'r', issue_number: 5 },
    });
    await runJobs(queue, obs, {
      fix: () =>
        withSpan('checkout', { 'pullwise.repository': 'o/r' }, () =>
          octokit.request('POST /repos/{owner}/{repo}/git/refs', {
            owner: 'o',
            repo: 'r',
            ref: 'refs/heads/pullwise/x',
            sha: 'a'.repeat(40),
          }),
        ),
    });
    const [root] = receiver.named('job fix');
    const [checkout] = receiver.named('checkout');
    const [write] = receiver.named('github POST /repos/{owner}/{repo}/git/refs');
    expect(root!.attributes).toMatchObject({ 'pullwise.repository': 'o/r', 'pullwise.number': 5 });
    expect(checkout).toMatchObject({
      traceId: root!.traceId,
      parentSpanId: root!.spanId,
      attributes: { 'pullwise.repository': 'o/r' },
    });
    expect(write).toMatchObject({ traceId: root!.traceId, parentSpanId: checkout!.spanId });
  });

  test('each job run is a trace of its own, and a failed run ends its root span in error with secrets masked', async () => {
    const { receiver, obs, queue } = await setUp();
    await queue.enqueue({ deliveryId: 'd1', type: 'command', key: 'o/r#1', payload: {} });
    await queue.enqueue({ deliveryId: 'd2', type: 'command', key: 'o/r#2', payload: {} });
    let runs = 0;
    await runJobs(queue, obs, {
      command: async () => {
        runs += 1;
        if (runs === 2) throw new Error(`GitHub said no to ${SECRET}`);
        return 'ok';
      },
    });
    const roots = receiver.named('job command');
    expect(roots).toHaveLength(2);
    expect(roots[0]!.traceId).not.toBe(roots[1]!.traceId);
    const failed = roots.find((span) => span.attributes['pullwise.delivery_id'] === 'd2')!;
    expect(failed.status).toEqual({ code: STATUS_CODE_ERROR, message: 'GitHub said no to [redacted]' });
    expect(failed.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({ 'exception.message': 'GitHub said no to [redacted]' }),
      }),
    ]);
    expect(JSON.stringify(receiver.spans)).not.toContain(SECRET);
  });

  test('shutdown sends the spans still waiting for their batch', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const tracing = startTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
      { scheduledDelayMillis: 60_000 },
    );
    await traceJob(job(), async () => 'done');
    expect(receiver.spans).toEqual([]);
    await tracing.shutdown();
    expect(receiver.named('job review')).toHaveLength(1);
  });
});

describe('without an OTLP endpoint', () => {
  test('nothing is set up and the helpers only run what they wrap', async () => {
    const tracing = startTracing({});
    expect(tracing.enabled).toBe(false);
    expect(await traceJob(job(), async () => withSpan('checkout', {}, async () => 42))).toBe(42);
    await expect(traceJob(job(), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await tracing.shutdown();
  });

  test.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/' }, 'http://collector:4318/otlp/v1/traces'],
    [
      {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x',
      },
      'http://traces:4318/custom',
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, undefined],
  ])('the traces endpoint for %j is %s', (env, expected) => {
    expect(tracesEndpoint(env)).toBe(expected);
  });
});

function job(): Job {
  return {
    id: '1',
    deliveryId: 'd',
    type: 'review',
    key: 'o/r#1',
    payload: { owner: 'o', repo: 'r', pull_number: 1 },
    state: 'running',
    attempts: 1,
    runAt: 0,
    createdAt: 0,
    updatedAt: 0,
  };
}
