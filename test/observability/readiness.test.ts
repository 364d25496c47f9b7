import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { SqliteJobQueue } from '../../src/queue/sqlite-queue.js';
import { readinessRoute, type ReadinessCheck } from '../../src/observability/readiness-route.js';
import { serveRoutes } from './scrape.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

async function readyz(
  checks: Record<string, ReadinessCheck>,
  options: Parameters<typeof readinessRoute>[1] = {},
) {
  const server = await serveRoutes({ 'GET /readyz': readinessRoute(checks, options) });
  cleanups.push(() => server.close());
  const response = await server.get('/readyz');
  return { status: response.status, body: JSON.parse(response.text) as unknown, type: response.contentType };
}

function openQueue() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-readyz-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return SqliteJobQueue.open(dir);
}

describe('GET /readyz', () => {
  test('is 200 when the job store answers', async () => {
    const queue = openQueue();
    cleanups.push(() => queue.close());
    expect(await readyz({ queue: () => queue.counts() })).toEqual({
      status: 200,
      body: { status: 'ready' },
      type: 'application/json',
    });
  });

  test('is 503 naming the check that failed, and tells why to whoever logs it', async () => {
    const queue = openQueue();
    await queue.close(); // the store is gone: counts() throws
    const told: string[] = [];
    const response = await readyz(
      { queue: () => queue.counts(), budgets: async () => 'fine' },
      { onFailure: (check, error) => told.push(`${check}: ${error.message}`) },
    );
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'not ready', failed: ['queue'] });
    expect(told).toEqual([expect.stringMatching(/^queue: .+/)]);
  });

  test('a check that never answers fails after the timeout', async () => {
    const response = await readyz(
      { redis: () => new Promise(() => {}), queue: async () => ({}) },
      { timeoutMs: 20 },
    );
    expect(response).toMatchObject({ status: 503, body: { status: 'not ready', failed: ['redis'] } });
  });

  test('a check that throws at once counts as failed, not as a broken route', async () => {
    const response = await readyz({
      store: () => {
        throw new Error('no database handle');
      },
    });
    expect(response).toMatchObject({ status: 503, body: { failed: ['store'] } });
  });
});
