import { afterAll, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appPrivateKey, sign, WEBHOOK_SECRET } from '../helpers/app-harness.js';
import { submitReviewReply } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { startGitHubStandIn, type GitHubStandIn, type StandInRequest } from '../helpers/github-stand-in.js';
import { quietGraphQL } from '../helpers/github-graphql.js';
import { CHANGED_FILE, FILE_AFTER, pullRequest } from '../helpers/pull-request-scenario.js';
import { until } from '../helpers/until.js';

// A real `pullwise serve` process, killed with SIGKILL in the middle of a job and started again on the same
// data dir: the job must complete after the restart, and exactly one review must exist.
const dataDir = mkdtempSync(path.join(tmpdir(), 'pullwise-crash-'));
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A GitHub that remembers what was posted, as the real one does across the server's restart. */
async function statefulGitHub(): Promise<GitHubStandIn & { reviews: unknown[] }> {
  const reviews: Array<{ id: number; body: string }> = [];
  const comments: Array<{ id: number; body: string }> = [];
  const checkRuns: Array<{ id: number; status: string; name: string }> = [];
  const text = (body: string) => ({
    status: 200,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  const notFound = { status: 404, body: { message: 'Not Found' } };
  const standIn = await startGitHubStandIn({
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ status: 200, body: pullRequest() }),
    'GET /repos/{owner}/{repo}/contents/{path}': (req: StandInRequest) =>
      decodeURIComponent(req.params.path ?? '') === 'src/values.ts' ? text(FILE_AFTER) : notFound,
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': () => ({ status: 200, body: reviews }),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (req) => {
      const review = { id: 900 + reviews.length, body: (req.body as { body: string }).body };
      reviews.push(review);
      return { status: 200, body: review };
    },
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': () => ({
      status: 200,
      body: { total_count: checkRuns.length, check_runs: checkRuns },
    }),
    'POST /repos/{owner}/{repo}/check-runs': () => {
      const run = { id: 70 + checkRuns.length, status: 'in_progress', name: 'Pullwise' };
      checkRuns.push(run);
      return { status: 201, body: run };
    },
    'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (req) => {
      const run = checkRuns.find((r) => String(r.id) === req.params.check_run_id)!;
      run.status = (req.body as { status?: string }).status ?? run.status;
      return { status: 200, body: run };
    },
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': () => ({ status: 200, body: comments }),
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (req) => {
      const comment = { id: 500 + comments.length, body: (req.body as { body: string }).body };
      comments.push(comment);
      return { status: 201, body: comment };
    },
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (req) => {
      const comment = comments.find((c) => String(c.id) === req.params.comment_id)!;
      comment.body = (req.body as { body: string }).body;
      return { status: 200, body: comment };
    },
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': () => ({
      status: 200,
      body: [CHANGED_FILE],
    }),
    'POST /graphql': quietGraphQL,
  });
  return Object.assign(standIn, { reviews });
}

/** Claude on loopback: the first call never answers (the server dies waiting), later ones answer at once. */
async function claudeStandIn(): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      if (calls === 1) return; // hang: the process is killed meanwhile
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(submitReviewReply({ summary: 'Reviewed after the restart.', comments: [] })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function serve(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [path.resolve('bin/pullwise.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.resume();
  return child;
}

async function healthy(url: string) {
  const started = Date.now();
  for (;;) {
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() - started > 20_000) throw new Error('the server did not become healthy');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a server killed with SIGKILL mid-job completes the job after a restart, with exactly one review', async () => {
  const github = await statefulGitHub();
  cleanups.push(() => github.close());
  const claude = await claudeStandIn();
  cleanups.push(() => claude.close());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    APP_ID: '1',
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: github.url.replace('http://', ''),
    GHE_PROTOCOL: 'http',
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: claude.url,
    PULLWISE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };

  const first = serve(env);
  cleanups.push(() => first.kill('SIGKILL'));
  await healthy(url);
  const body = JSON.stringify(payload('pull_request', 'opened'));
  const response = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': sign(body),
    },
    body,
  });
  expect(response.status).toBe(200);
  await until(() => claude.calls() === 1, 'the first model call');
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  expect(github.reviews).toHaveLength(0);

  const second = serve(env);
  cleanups.push(() => second.kill('SIGKILL'));
  await healthy(url);
  await until(() => github.reviews.length === 1, 'the review after the restart');
  second.kill('SIGTERM');
  const code = await new Promise((resolve) => second.once('exit', resolve));
  expect(code).toBe(0);

  expect(github.reviews).toHaveLength(1);
  expect(JSON.stringify(github.reviews[0])).toContain('Reviewed after the restart.');
  expect(claude.calls()).toBe(2);
  expect(github.errors).toEqual([]);
}, 60_000);
