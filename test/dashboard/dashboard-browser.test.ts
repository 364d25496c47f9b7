import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DASHBOARD_TOKEN, GITHUB_URL, startDashboardApp, usage, type DashboardApp } from './dashboard-app.js';

// Kept with the test run's output, never in the repository (.gitignore: test-output/).
const SCREENSHOT = fileURLToPath(new URL('../../test-output/dashboard.png', import.meta.url));
const DURATION = /^(\d+ ms|\d+\.\d s|\d+ min \d+ s|\d+ h \d+ min)$/;
const HOSTILE_REPO = '<img src=x onerror="window.__xss = 1">';

let dash: DashboardApp;
let browser: Browser;

beforeAll(async () => {
  dash = await startDashboardApp();
  // Debian's chromium; as root it needs --no-sandbox.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await dash?.stop();
});

/** Each row's cell texts, and the href of its link (null without one). */
async function tableRows(page: Page, table: string) {
  const rows = [];
  for (const row of await page.locator(`${table} tbody tr`).all()) {
    const link = row.locator('a');
    rows.push({
      cells: await row.locator('td').allTextContents(),
      href: (await link.count()) > 0 ? await link.getAttribute('href') : null,
    });
  }
  return rows;
}

/** The job rows without the creation time, and a duration (the real clock's) as `<duration>`. */
async function jobRows(page: Page) {
  return (await tableRows(page, '#jobs')).map(({ cells: [created, ...cells], href }) => {
    expect(created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    return { cells: cells.map((cell, i) => (i === 4 && DURATION.test(cell) ? '<duration>' : cell)), href };
  });
}

async function dayOf(id: string): Promise<string> {
  const job = await dash.app.server.queue.get(id);
  return new Date(job!.createdAt).toISOString().slice(0, 10);
}

test('the page lists recent jobs and totals, shows changes live without a reload, and draws payload text as text', async () => {
  const first = await dash.addJob(
    { type: 'review', installationId: 101, payload: { owner: 'octo', repo: 'widgets', pull_number: 12 } },
    { state: 'done', usage: usage(1_200, 300, 5_000, 0.0123) },
  );
  await dash.addJob(
    {
      type: 'fix',
      installationId: 101,
      payload: { owner: 'octo', repo: 'widgets', issue_number: 7, isPullRequest: false },
    },
    { state: 'dead' },
  );
  await dash.addJob(
    {
      type: 'command',
      installationId: 202,
      payload: { owner: 'acme', repo: 'api', issue_number: 3, isPullRequest: true },
    },
    { state: 'done', usage: usage(40_000, 2_000, 0, 1.5) },
  );
  const hostile = await dash.addJob(
    { type: 'review', installationId: 303, payload: { owner: 'evil', repo: HOSTILE_REPO, pull_number: 1 } },
    { state: 'running' },
  );
  await dash.addJob({
    type: 'review',
    installationId: 202,
    payload: { owner: 'acme', repo: 'api', pull_number: 4 },
  });

  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (e) => window.__violations = [...(window.__violations || []), e.violatedDirective + ' ' + e.blockedURI]);`,
  );

  await page.goto(`${dash.url}/dashboard?token=${DASHBOARD_TOKEN}`);
  expect(new URL(page.url()).search).toBe(''); // the token left the address bar (and the history)
  await page.locator('#status', { hasText: 'live' }).waitFor();

  const dash_ = '\u2013';
  const pull = (path: string) => `${GITHUB_URL}/${path}`;
  expect(await jobRows(page)).toEqual([
    { cells: ['acme/api', '#4', 'review', 'queued', dash_, dash_, dash_], href: pull('acme/api/pull/4') },
    {
      cells: ['evil/' + HOSTILE_REPO, '#1', 'review', 'running', dash_, dash_, dash_],
      href: pull(`evil/${encodeURIComponent(HOSTILE_REPO)}/pull/1`),
    },
    {
      cells: ['acme/api', '#3', 'command', 'done', '<duration>', '42,000', '$1.50'],
      href: pull('acme/api/pull/3'),
    },
    {
      cells: ['octo/widgets', '#7', 'fix', 'dead', '<duration>', dash_, dash_],
      href: pull('octo/widgets/issues/7'),
    },
    {
      cells: ['octo/widgets', '#12', 'review', 'done', '<duration>', '6,500', '$0.0123'],
      href: pull('octo/widgets/pull/12'),
    },
  ]);
  expect(await page.locator('#jobs tbody tr').nth(4).locator('td.tokens').getAttribute('title')).toBe(
    'input 1,200, output 300, cache read 5,000, cache write 0',
  );
  expect(await page.locator('#counts dd').allTextContents()).toEqual(['1', '1', '2', '1', '0']);
  expect(await page.locator('#counts dt').allTextContents()).toEqual([
    'queued',
    'running',
    'done',
    'dead',
    'superseded',
  ]);
  const day = await dayOf(first);
  expect((await tableRows(page, '#totals')).map((row) => row.cells)).toEqual([
    [day, '101', '2', '6,500', '$0.0123'],
    [day, '202', '2', '42,000', '$1.50'],
    [day, '303', '1', '0', '$0.00'],
  ]);

  // The repository name is text: no element came out of it, and its handler never ran.
  expect(await page.locator('#jobs img, #jobs [onerror]').count()).toBe(0);
  expect(await page.evaluate('window.__xss')).toBeUndefined();

  // Live: the job list changes under the open page, which must follow without loading again.
  await page.evaluate('window.__sameDocument = true');
  await dash.finish(hostile, usage(100, 50, 0, 0.002));
  const late = await dash.addJob({
    type: 'fix',
    installationId: 101,
    payload: { owner: 'octo', repo: 'live-update', issue_number: 99, isPullRequest: false },
  });
  await page.locator('#jobs tbody tr', { hasText: 'octo/live-update' }).waitFor();
  await page
    .locator('#jobs tbody tr', { hasText: 'evil/' })
    .locator('td.state', { hasText: 'done' })
    .waitFor();
  expect((await jobRows(page)).slice(0, 3)).toEqual([
    {
      cells: ['octo/live-update', '#99', 'fix', 'queued', dash_, dash_, dash_],
      href: pull('octo/live-update/issues/99'),
    },
    { cells: ['acme/api', '#4', 'review', 'queued', dash_, dash_, dash_], href: pull('acme/api/pull/4') },
    {
      cells: ['evil/' + HOSTILE_REPO, '#1', 'review', 'done', '<duration>', '150', '$0.0020'],
      href: pull(`evil/${encodeURIComponent(HOSTILE_REPO)}/pull/1`),
    },
  ]);
  const lateDay = await dayOf(late);
  await page.locator('#totals tbody tr', { hasText: '$0.0020' }).waitFor();
  expect((await tableRows(page, '#totals')).map((row) => row.cells)).toEqual(
    lateDay === day
      ? [
          [day, '101', '3', '6,500', '$0.0123'],
          [day, '202', '2', '42,000', '$1.50'],
          [day, '303', '1', '150', '$0.0020'],
        ]
      : // the clock passed midnight (UTC) between the jobs
        [
          [lateDay, '101', '1', '0', '$0.00'],
          [day, '101', '2', '6,500', '$0.0123'],
          [day, '202', '2', '42,000', '$1.50'],
          [day, '303', '1', '150', '$0.0020'],
        ],
  );
  expect(await page.locator('#counts dd').allTextContents()).toEqual(['2', '0', '3', '1', '0']);
  expect(await page.evaluate('window.__sameDocument')).toBe(true);

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  expect(readFileSync(SCREENSHOT).subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));

  expect(await page.evaluate('window.__violations')).toBeUndefined(); // the CSP hashes match the page
  expect(problems).toEqual([]);
  await page.close();
});

test('a browser without the token gets 401 and no page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${dash.url}/dashboard`);
  expect(response?.status()).toBe(401);
  expect(await page.locator('body').textContent()).toBe('unauthorized\n');
  await context.close();
});
