import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createDashboard } from '../../src/dashboard/dashboard-routes.js';
import { startTestApp } from '../helpers/app-harness.js';
import { until } from '../helpers/until.js';
import { DASHBOARD_TOKEN, GITHUB_URL, startDashboardApp, usage, type DashboardApp } from './dashboard-app.js';

const ROUTES = ['/dashboard', '/dashboard/events', '/dashboard/snapshot'];
const bearer = (token = DASHBOARD_TOKEN) => ({ authorization: `Bearer ${token}` });

/** Reads a streamed body until `done` holds for what arrived so far. */
async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (!done(text)) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the stream ended after: ${text}`);
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  } finally {
    reader.releaseLock();
  }
}

describe('dashboard without a token configured', () => {
  test('every dashboard route answers 404, as for a path the server does not know', async () => {
    const dashboard = createDashboard({
      token: undefined,
      source: {
        recentJobs: () => Promise.reject(new Error('an off dashboard reads nothing')),
        totals: () => Promise.reject(new Error('an off dashboard reads nothing')),
        counts: () => Promise.reject(new Error('an off dashboard reads nothing')),
      },
    });
    const app = await startTestApp({ routes: dashboard.routes });
    try {
      const unknown = await fetch(`${app.server.url}/no-such-path`);
      const notFound = [unknown.status, await unknown.text()];
      expect(notFound).toEqual([404, 'not found\n']);
      for (const route of ROUTES) {
        const response = await fetch(`${app.server.url}${route}?token=${DASHBOARD_TOKEN}`, {
          headers: bearer(),
        });
        expect([route, response.status, await response.text()]).toEqual([route, ...notFound]);
      }
    } finally {
      dashboard.close();
      await app.stop();
    }
  });
});

describe('dashboard with a token', () => {
  let dash: DashboardApp;

  beforeAll(async () => {
    dash = await startDashboardApp({ heartbeatMs: 20 });
    await dash.addJob(
      { installationId: 5, payload: { owner: 'octo', repo: 'widgets', pull_number: 12 } },
      { state: 'done', usage: usage(1_000, 200, 300, 0.0123) },
    );
  });
  afterAll(() => dash.stop());

  test.each([
    ['no credentials', {}, ''],
    ['a wrong bearer token', bearer('dashboard-test-token-0123456780'), ''],
    ['a bearer token with a suffix', bearer(`${DASHBOARD_TOKEN}x`), ''],
    ['a forged session cookie', { cookie: `pullwise_dashboard=${DASHBOARD_TOKEN}` }, ''],
    ['a wrong token in the URL', {}, '?token=nope'],
  ])('%s: every route answers 401 and shows nothing', async (_name, headers, query) => {
    for (const route of ROUTES) {
      const response = await fetch(`${dash.url}${route}${query}`, { headers, redirect: 'manual' });
      expect([route, response.status, await response.text()]).toEqual([route, 401, 'unauthorized\n']);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="pullwise-dashboard"');
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  test('a token in the URL opens only the page (never the data routes, whose URLs end up in logs)', async () => {
    for (const route of ['/dashboard/events', '/dashboard/snapshot']) {
      const response = await fetch(`${dash.url}${route}?token=${DASHBOARD_TOKEN}`);
      expect([route, response.status]).toEqual([route, 401]);
      await response.text();
    }
  });

  test('a bearer token reads the jobs and totals as JSON', async () => {
    const response = await fetch(`${dash.url}/dashboard/snapshot`, { headers: bearer() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const snapshot = (await response.json()) as any;
    expect(snapshot.counts).toEqual({ queued: 0, running: 0, done: 1, dead: 0, superseded: 0 });
    expect(snapshot.jobs).toMatchObject([
      {
        repo: 'octo/widgets',
        url: `${GITHUB_URL}/octo/widgets/pull/12`,
        state: 'done',
        usage: { tokens: 1_500 },
      },
    ]);
    expect(snapshot.totals.rows).toMatchObject([
      { installationId: 5, jobs: 1, tokens: 1_500, costUsd: 0.0123 },
    ]);
  });

  test('a first visit with ?token= sets an HttpOnly SameSite=Strict cookie and redirects to the URL without it', async () => {
    const login = await fetch(`${dash.url}/dashboard?token=${DASHBOARD_TOKEN}&view=all`, {
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('dashboard?view=all');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pullwise_dashboard=[\w-]+; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(DASHBOARD_TOKEN);

    const session = cookie.split(';')[0]!;
    const page = await fetch(`${dash.url}/dashboard?view=all`, {
      headers: { cookie: `other=1; ${session}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Pullwise jobs</title>');
    const snapshot = await fetch(`${dash.url}/dashboard/snapshot`, { headers: { cookie: session } });
    expect(snapshot.status).toBe(200);
    await snapshot.text();
  });

  test('behind a TLS proxy the cookie is Secure', async () => {
    const login = await fetch(`${dash.url}/dashboard?token=${DASHBOARD_TOKEN}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(login.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    expect(login.headers.get('location')).toBe('dashboard');
  });

  test('the page runs only its own script and style, loads nothing from elsewhere and may not be framed', async () => {
    const page = await fetch(`${dash.url}/dashboard`, { headers: bearer() });
    const csp = page.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
    expect(directives['style-src']).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(['data:']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    // Nothing to fetch but its own stream: no src, and the only href is the empty icon.
    expect(html).not.toMatch(/\ssrc=/);
    expect(html.match(/\shref="[^"]*"/g)).toEqual([' href="data:,"']);
  });

  test('the live stream sends a snapshot at once, then heartbeats; a client that leaves is let go', async () => {
    const controller = new AbortController();
    const response = await fetch(`${dash.url}/dashboard/events`, {
      headers: bearer(),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await readUntil(response.body!, (t) => t.includes('\n: keep-alive\n\n'));
    const event = /event: snapshot\ndata: (.*)\n\n/.exec(text);
    expect(JSON.parse(event![1]!).jobs[0].repo).toBe('octo/widgets');
    expect(dash.dashboard.streams()).toBe(1);

    controller.abort();
    await until(() => dash.dashboard.streams() === 0, 'the server to let the stream go');
  });
});

describe('stopping the dashboard', () => {
  test('ends open streams, so the server can close', async () => {
    const dash = await startDashboardApp();
    const response = await fetch(`${dash.url}/dashboard/events`, { headers: bearer() });
    await readUntil(response.body!, (t) => t.includes('event: snapshot'));
    await dash.stop(); // hangs (and the test times out) if the stream held the server open
    const rest = await response.body!.getReader().read();
    expect(rest.done).toBe(true);
  });
});
