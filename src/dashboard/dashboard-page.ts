import { createHash } from 'node:crypto';

// The page is one static document: no build step and no framework. Its script opens the live stream
// (`dashboard/events`, relative so a path prefix in front of Pullwise keeps working) and draws every
// snapshot with DOM APIs and textContent only: repository names and other payload fields are user-controlled.

const STYLE = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --ok: #15803d; --bad: #b91c1c; --run: #1d4ed8; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
header { display: flex; align-items: baseline; gap: 1rem; }
h1 { font-size: 1.3rem; margin: 0; }
h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
#status { color: var(--muted); margin: 0; }
#status.live { color: var(--ok); }
#counts { display: flex; gap: 1.5rem; margin: 1rem 0 0; }
#counts dt { color: var(--muted); }
#counts dd { margin: 0; font-size: 1.2rem; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
td.repo { white-space: normal; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.state-done td.state { color: var(--ok); }
tr.state-dead td.state { color: var(--bad); }
tr.state-running td.state { color: var(--run); }
tr.state-superseded td.state, tr.state-queued td.state, .note { color: var(--muted); }
`;

const SCRIPT = `
'use strict';
const DASH = '\\u2013';
const numberFormat = new Intl.NumberFormat('en-US');
const tokens = (n) => numberFormat.format(n);
const usd = (v) => '$' + v.toFixed(v === 0 || v >= 1 ? 2 : 4);
const time = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
function duration(ms) {
  if (ms === null) return DASH;
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return minutes + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}
function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}
function drawJob(tbody, job) {
  const row = tbody.insertRow();
  row.dataset.jobId = job.id;
  row.className = 'state-' + job.state;
  cell(row, time(job.createdAt));
  cell(row, job.repo === null ? DASH : job.repo, 'repo');
  const link = cell(row, DASH, 'link');
  if (job.url !== null && /^https?:\\/\\//.test(job.url)) {
    const a = document.createElement('a');
    a.href = job.url;
    a.rel = 'noreferrer';
    a.textContent = '#' + job.number;
    link.replaceChildren(a);
  }
  cell(row, job.type, 'type');
  cell(row, job.state, 'state');
  cell(row, duration(job.durationMs), 'num duration');
  const used = cell(row, job.usage === null ? DASH : tokens(job.usage.tokens), 'num tokens');
  if (job.usage !== null)
    used.title = 'input ' + tokens(job.usage.inputTokens) + ', output ' + tokens(job.usage.outputTokens) +
      ', cache read ' + tokens(job.usage.cacheReadTokens) + ', cache write ' + tokens(job.usage.cacheWriteTokens);
  cell(row, job.usage === null ? DASH : usd(job.usage.costUsd), 'num cost');
}
function drawTotal(tbody, total) {
  const row = tbody.insertRow();
  cell(row, total.day, 'day');
  cell(row, total.installationId === null ? DASH : String(total.installationId), 'installation');
  cell(row, tokens(total.jobs), 'num jobs');
  cell(row, tokens(total.tokens), 'num tokens');
  cell(row, usd(total.costUsd), 'num cost');
}
function draw(snapshot) {
  const counts = document.getElementById('counts');
  counts.replaceChildren(...Object.entries(snapshot.counts).flatMap(([state, n]) => {
    const dt = document.createElement('dt');
    dt.textContent = state;
    const dd = document.createElement('dd');
    dd.textContent = tokens(n);
    dd.dataset.state = state;
    const group = document.createElement('div');
    group.append(dt, dd);
    return [group];
  }));
  const jobs = document.createElement('tbody');
  snapshot.jobs.forEach((job) => drawJob(jobs, job));
  document.querySelector('#jobs tbody').replaceWith(jobs);
  const totals = document.createElement('tbody');
  snapshot.totals.rows.forEach((total) => drawTotal(totals, total));
  document.querySelector('#totals tbody').replaceWith(totals);
  document.getElementById('totals-note').textContent =
    'Today and the ' + (snapshot.totals.days - 1) + ' days before (UTC)' +
    (snapshot.totals.partial ? '; only the newest jobs of the window were counted.' : '.');
}
const status = document.getElementById('status');
const events = new EventSource('dashboard/events');
events.addEventListener('snapshot', (event) => {
  draw(JSON.parse(event.data));
  status.textContent = 'live';
  status.className = 'live';
});
events.addEventListener('error', () => {
  // EventSource retries by itself; CLOSED means it gave up (the token no longer opens the stream).
  status.textContent = events.readyState === EventSource.CLOSED ? 'disconnected: reload the page' : 'reconnecting\\u2026';
  status.className = '';
});
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Only this page's own style and script run (by hash: they never change, so no per-request nonce), it
 * talks to nothing but its own origin, and no other site may frame it.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  'img-src data:', // the empty icon below, which spares the browser a /favicon.ico request that would 404
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pullwise jobs</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1>Pullwise jobs</h1><p id="status" role="status">connecting\u2026</p></header>
<dl id="counts"></dl>
<h2>Recent jobs</h2>
<table id="jobs">
<thead><tr><th>Created (UTC)</th><th>Repository</th><th>PR / issue</th><th>Type</th><th>State</th>
<th class="num">Duration</th><th class="num">Tokens</th><th class="num">Cost</th></tr></thead>
<tbody></tbody>
</table>
<h2>Totals per installation and day</h2>
<p id="totals-note" class="note"></p>
<table id="totals">
<thead><tr><th>Day</th><th>Installation</th><th class="num">Jobs</th><th class="num">Tokens</th>
<th class="num">Cost</th></tr></thead>
<tbody></tbody>
</table>
<script>${SCRIPT}</script>
</body>
</html>
`;
