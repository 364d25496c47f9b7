// `npm run bench -- load`: signed `pull_request` webhooks at a fixed rate for a fixed time into Pullwise scaled
// out — 2 web processes and 2 worker processes on a real Redis — and, for comparison, into one process on the
// embedded SQLite queue with the same total concurrency. GitHub and Claude are loopback stand-ins; every Claude
// call takes a fixed time (20 s by default, as a real review call can). Reports accepted webhooks per second,
// time to the 2xx, jobs lost and duplicate reviews (both must be 0), and what our pipeline adds to each job on
// top of the model's time (target: < 5% of a 20 s call). Loopback only, bounded: about 3 minutes in all.
// BENCH_LOAD_RATE, BENCH_LOAD_SECONDS, BENCH_LOAD_MODEL_MS change the shape; BENCH_LOAD_ONLY=redis|sqlite runs
// one setup. Needs `npm run build`.

import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DistMissingError } from '../dist.js';
import { HEAD, startClaude, startGitHub } from './stand-ins.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'load.md');
const SECRET = 'bench-load-webhook-secret';
const CONFIG = {
  rate: Number(process.env.BENCH_LOAD_RATE ?? 2),
  seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 10),
  modelMs: Number(process.env.BENCH_LOAD_MODEL_MS ?? 20_000),
  installations: Number(process.env.BENCH_LOAD_INSTALLATIONS ?? 10),
  workerConcurrency: 4,
  targetOverhead: 0.05,
};
const log = (message) => process.stderr.write(`[bench load] ${message}\n`);

async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  await new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`cannot start redis-server (apt-get install redis-server): ${error.message}`)),
    );
    setTimeout(resolve, 300);
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function serve(role, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pullwise.js'), 'serve', '--role', role], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`pullwise serve --role ${role} exited:\n${stderr}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() - started > 20_000)
      throw new Error(`pullwise serve --role ${role} did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    role,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * `count` signed pull_request.opened bodies, pull requests 1..count spread over INSTALLATIONS installations (an
 * App installed in several organisations). GitHub asks for one write per second per token, and Octokit's
 * throttling keeps to it per installation, so jobs of ONE installation queue behind each other's writes
 * whatever Pullwise does; the single-installation case is measured separately (BENCH_LOAD_INSTALLATIONS=1).
 */
function signedBodies(count) {
  const require = createRequire(import.meta.url);
  const example = require('@octokit/webhooks-examples')
    .find((w) => w.name === 'pull_request')
    .examples.find((e) => e.action === 'opened' && e.installation);
  return Array.from({ length: count }, (_, i) => {
    const payload = structuredClone(example);
    payload.number = i + 1;
    payload.pull_request.number = i + 1;
    payload.pull_request.head.sha = HEAD;
    payload.installation = { id: (i % CONFIG.installations) + 1 };
    const body = JSON.stringify(payload);
    return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The mean duration of finished review jobs over the processes' /metrics (pullwise_job_duration_seconds). */
async function meanJobSeconds(processes) {
  let sum = 0;
  let count = 0;
  for (const p of processes) {
    const text = await (await fetch(`${p.url}/metrics`)).text();
    for (const line of text.split('\n')) {
      const match =
        /^pullwise_job_duration_seconds_(sum|count)\{[^}]*type="review"[^}]*outcome="done"[^}]*\} (\S+)$/.exec(
          line,
        );
      if (match?.[1] === 'sum') sum += Number(match[2]);
      if (match?.[1] === 'count') count += Number(match[2]);
    }
  }
  return { mean: count ? sum / count : NaN, count };
}

async function scenario(name, backend) {
  const dir = mkdtempSync(path.join(tmpdir(), `pullwise-load-${backend}-`));
  const github = await startGitHub();
  const claude = await startClaude(CONFIG.modelMs);
  const redis = backend === 'redis' ? await startRedis(dir) : undefined;
  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const env = (dataDir, extra = {}) => ({
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    HOST: '127.0.0.1',
    GHE_HOST: github.url.replace('http://', ''),
    GHE_PROTOCOL: 'http',
    ANTHROPIC_API_KEY: 'sk-ant-bench-key',
    ANTHROPIC_BASE_URL: claude.url,
    PULLWISE_DATA_DIR: dataDir,
    PULLWISE_JOB_TIMEOUT_SECONDS: '600',
    LOG_LEVEL: 'warn',
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...extra,
  });
  const processes = [];
  try {
    if (redis) {
      for (let i = 0; i < 2; i++) processes.push(await serve('web', env(path.join(dir, `web${i}`))));
      for (let i = 0; i < 2; i++) {
        processes.push(
          await serve(
            'worker',
            env(path.join(dir, `worker${i}`), { PULLWISE_CONCURRENCY: String(CONFIG.workerConcurrency) }),
          ),
        );
      }
    } else {
      processes.push(
        await serve(
          'all',
          env(path.join(dir, 'all'), { PULLWISE_CONCURRENCY: String(2 * CONFIG.workerConcurrency) }),
        ),
      );
    }
    const webs = processes.filter((p) => p.role !== 'worker');
    const workers = processes.filter((p) => p.role !== 'web');
    const total = CONFIG.rate * CONFIG.seconds;
    const bodies = signedBodies(total);
    log(`${name}: ${total} webhooks at ${CONFIG.rate}/s into ${webs.length} web process(es)`);

    const latencies = [];
    let accepted = 0;
    let refused = 0;
    const started = performance.now();
    const sends = bodies.map(async ({ body, signature }, i) => {
      const due = started + (i * 1000) / CONFIG.rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const sentAt = performance.now();
      const response = await fetch(`${webs[i % webs.length].url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': signature,
        },
        body,
      }).catch(() => undefined);
      await response?.text();
      if (response?.ok) {
        accepted++;
        latencies.push(performance.now() - sentAt);
      } else refused++;
    });
    await Promise.all(sends);
    const sendSeconds = (performance.now() - started) / 1000;

    const deadline =
      Date.now() + (Math.ceil(total / (2 * CONFIG.workerConcurrency)) + 3) * CONFIG.modelMs + 60_000;
    const reviewed = () => new Set(github.reviews.map((r) => r.pull)).size;
    while (reviewed() < accepted && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const drainSeconds = (performance.now() - started) / 1000;
    // A moment more, so a duplicate review that was about to be posted is counted too.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { mean, count } = await meanJobSeconds(workers);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      name,
      sent: total,
      accepted,
      refused,
      acceptedPerSecond: accepted / sendSeconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      lost: accepted - reviewed(),
      duplicates: github.reviews.length - reviewed(),
      modelCalls: claude.calls(),
      jobsMeasured: count,
      meanJobSeconds: mean,
      overheadSeconds: mean - CONFIG.modelMs / 1000,
      drainSeconds,
    };
  } finally {
    for (const p of processes) await p.stop();
    redis?.stop();
    await github.close();
    await claude.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function render(results, wallSeconds) {
  const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.sent} | ${r.accepted} | ${r.acceptedPerSecond.toFixed(2)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.lost} | ${r.duplicates} | ${r.meanJobSeconds.toFixed(2)} | ${(r.overheadSeconds * 1000).toFixed(0)} ms (${((100 * r.overheadSeconds) / (CONFIG.modelMs / 1000)).toFixed(2)}%) | ${r.drainSeconds.toFixed(1)} |`,
  );
  const checks = results.map((r) => {
    const overhead = r.overheadSeconds / (CONFIG.modelMs / 1000);
    return `- ${r.name}: jobs lost ${r.lost} ${r.lost === 0 ? '✅' : '❌'}, duplicate reviews ${r.duplicates} ${r.duplicates === 0 ? '✅' : '❌'}, overhead ${(100 * overhead).toFixed(2)}% of the model's time, target < ${100 * CONFIG.targetOverhead}% ${overhead < CONFIG.targetOverhead ? '✅' : '❌'}`;
  });
  return [
    '# Pullwise load benchmark',
    '',
    `${CONFIG.rate} signed \`pull_request\` \`opened\` webhooks per second for ${CONFIG.seconds} s (each a different pull request, spread over ${CONFIG.installations} installations), ` +
      `alternately to the web processes. Scaled out: 2 \`pullwise serve --role web\` and 2 \`--role worker\` (${CONFIG.workerConcurrency} jobs each) on a real redis-server (appendonly). ` +
      `Embedded: one \`pullwise serve\` on SQLite running ${2 * CONFIG.workerConcurrency} jobs at once. GitHub and Claude are loopback stand-ins; every model call takes ${CONFIG.modelMs / 1000} s. ` +
      'A job is one review: config, diff, built-in checks, one model call, the review, the check run and the tracking comment. ' +
      "Overhead per job = the workers' mean review job duration (`pullwise_job_duration_seconds` from their /metrics) minus the model's time.",
    '',
    '| setup | sent | accepted | accepted/s | p50 ms to 2xx | p99 ms to 2xx | jobs lost | duplicate reviews | mean job s | overhead per job | s to drain |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '## Targets',
    '',
    ...checks,
    '',
    `Node ${process.versions.node}. Wall time ${wallSeconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

export async function runLoadBench() {
  if (!existsSync(path.join(ROOT, 'lib/app/server.js'))) {
    throw new DistMissingError('the built code is missing (lib/app/server.js). Run `npm run build` first.');
  }
  const started = performance.now();
  const results = [];
  const only = process.env.BENCH_LOAD_ONLY; // redis | sqlite
  if (only !== 'sqlite') results.push(await scenario('2 web + 2 workers on Redis', 'redis'));
  if (only !== 'redis') results.push(await scenario('1 process on SQLite', 'sqlite'));
  const report = render(results, (performance.now() - started) / 1000);
  process.stdout.write(report);
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, report);
  log(`written to ${path.relative(process.cwd(), RESULTS)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runLoadBench().catch((error) => {
    process.stderr.write(`${error instanceof DistMissingError ? error.message : error.stack}\n`);
    process.exit(1);
  });
}
