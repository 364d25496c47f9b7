// `npm run bench -- intake` (or `node bench/intake/run.js`): webhook intake throughput and latency of the real
// Pullwise server (signature check, job decision, durable enqueue in SQLite before the answer), side by side
// with a bare Probot app whose handler does nothing, both on loopback, in the same run. Each server runs in its
// own child process (server.js); autocannon drives them from this process (load.js). Prints a Markdown report
// on stdout (progress on stderr) and writes it to bench/results/intake.md. Needs `npm run build` first.
//
// BENCH_INTAKE_DATA_PARENT=DIR puts our job database under DIR instead of the OS temp folder (to measure
// another disk); BENCH_INTAKE_LOG_LEVEL sets both servers' LOG_LEVEL (default info, what ships);
// BENCH_INTAKE_PROFILE=1 writes a V8 CPU profile of our server to bench/results/intake-profile/.

import { execFileSync, fork } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { DistMissingError } from '../dist.js';
import { fire } from './load.js';
import { signedPullRequestOpened, WEBHOOK_SECRET } from './payloads.js';

const INTAKE_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.resolve(INTAKE_DIR, '..', 'results');
const DIST_SERVER = path.resolve(INTAKE_DIR, '..', '..', 'lib/app/server.js');

const SETTINGS = {
  pullRequests: 200,
  connections: 10,
  warmupSeconds: 2,
  fixedRate: 200,
  seconds: 10,
  // Full speed is where the two servers are compared, and one 10 s run of each varies by ±20% on a shared
  // machine: several rounds, alternating which server goes first, and the median of the rounds' ratios.
  fullSpeedRounds: 3,
  targetP99Ms: 50,
  targetThroughputRatio: 0.8,
};
const SERVERS = [
  { kind: 'bare', label: 'bare Probot (no-op handler)' },
  { kind: 'ours', label: 'Pullwise (durable enqueue)' },
];

const log = (message) => process.stderr.write(`[bench intake] ${message}\n`);

/** A forked server.js, driven over IPC; `request` sends a message and resolves with the next reply. */
function startChild(kind, config, profileDir) {
  const child = fork(fileURLToPath(new URL('./server.js', import.meta.url)), [kind], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const request = (message, expected) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        child.off('exit', onExit);
        if (reply.type === expected) resolve(reply);
        else reject(new Error(`the ${kind} server: ${reply.message ?? JSON.stringify(reply)}`));
      };
      const onExit = (code) => {
        child.off('message', onMessage);
        reject(new Error(`the ${kind} server exited with code ${code}`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });
  return {
    kind,
    start: () => request({ type: 'start', ...config }, 'ready'),
    counts: () => request({ type: 'count' }, 'count'),
    async stop() {
      if (child.exitCode === null) await request({ type: 'stop' }, 'stopped').catch(() => child.kill());
      await exited;
    },
    kill: () => child.exitCode === null && child.kill(),
  };
}

const FILESYSTEMS = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs', 0x58465342: 'xfs' };
function filesystemOf(dir) {
  try {
    const type = statfsSync(dir).type;
    return FILESYSTEMS[type] ?? `type 0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

/** The machine's CPU time so far (Linux /proc/stat, in ticks): all of it, and what the hypervisor stole. */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((sum, n) => sum + n, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}
const stealBetween = (before, after) =>
  before && after && after.total > before.total
    ? (100 * (after.steal - before.steal)) / (after.total - before.total)
    : NaN;

/** Jobs in the database file, read after our server closed it (read-only, independent of the server). */
function jobsInDatabase(dataDir) {
  const db = new Database(path.join(dataDir, 'pullwise.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT delivery_id) AS deliveries FROM jobs').get();
  } finally {
    db.close();
  }
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const int = (value) => (value === null || value === undefined ? '–' : value.toLocaleString('en-US'));
const check = (ok) => (ok ? '✅' : '❌');

function table(rows) {
  const columns = [
    ['server', (r) => r.label],
    ['mode', (r) => r.mode],
    ['requests/s', (r) => r.requestsPerSecond.toFixed(0)],
    ['p50 ms', (r) => ms(r.p50)],
    ['p99 ms', (r) => ms(r.p99)],
    ['p99.9 ms', (r) => ms(r.p999)],
    ['max ms', (r) => ms(r.max)],
    ['2xx', (r) => int(r.ok)],
    ['non-2xx', (r) => int(r.non2xx)],
    ['errors', (r) => int(r.errors)],
    ['jobs stored', (r) => int(r.stored)],
    ['s', (r) => r.seconds.toFixed(1)],
    ['CPU steal', (r) => (Number.isFinite(r.steal) ? `${r.steal.toFixed(0)}%` : '–')],
  ];
  return [
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `| ${columns.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`),
  ].join('\n');
}

function renderReport({ rows, warmups, env, database, totalSeconds }) {
  const find = (kind, mode) => rows.find((r) => r.kind === kind && r.mode === mode);
  const ourRuns = [...warmups, ...rows].filter((r) => r.kind === 'ours');
  const lines = [
    '# Pullwise webhook intake benchmark',
    '',
    `Real \`pull_request\` \`opened\` payloads from @octokit/webhooks-examples (${env.examples} examples, ` +
      `${SETTINGS.pullRequests} pull request numbers, ${env.bytes.toLocaleString('en-US')} bytes on average), ` +
      `each pre-signed (\`x-hub-signature-256\`) and sent with a fresh \`x-github-delivery\`, so every request ` +
      `is a new delivery. autocannon on 127.0.0.1, ${SETTINGS.connections} keep-alive connections, one request ` +
      `in flight per connection; each server in its own process. **fixed**: ${SETTINGS.fixedRate} req/s ` +
      `paced evenly; **full speed**: the next request as soon as the answer arrives, in ${SETTINGS.fullSpeedRounds} rounds that alternate which server goes first. ${SETTINGS.seconds} s ` +
      `each, after a ${SETTINGS.warmupSeconds} s full-speed warm-up per server; every run stops by letting the ` +
      `requests in flight finish, so every request sent is answered. Times: from writing the request to the ` +
      `end of its 2xx answer. CPU steal: the share of the machine's CPU time the hypervisor took during the ` +
      `run (high values mean a noisy neighbour and unreliable figures).`,
    '',
    `**Pullwise**: \`startServer(…, { runWorker: false })\` from lib/ — the signature is verified, intake ` +
      `decides the job, SQLite stores it (WAL; one fdatasync per group commit and the checkpoints off the event loop) before the answer. **bare Probot**: ` +
      `\`createNodeMiddleware\` + \`Probot\` on node:http, handler \`app.onAny(async () => {})\`, same secret ` +
      `and payloads. LOG_LEVEL ${env.logLevel} for both (output discarded).`,
    '',
    table(rows),
    '',
    '## Targets',
    '',
  ];
  const fixedOurs = find('ours', 'fixed');
  const fixedBare = find('bare', 'fixed');
  lines.push(
    `- fixed: p99 ${ms(fixedOurs.p99)} ms (bare ${ms(fixedBare.p99)} ms), target < ${SETTINGS.targetP99Ms} ms ` +
      `${check(fixedOurs.p99 < SETTINGS.targetP99Ms)}; throughput ours/bare ` +
      `${(fixedOurs.requestsPerSecond / fixedBare.requestsPerSecond).toFixed(2)} (both paced)`,
  );
  const rounds = [];
  for (let round = 1; round <= SETTINGS.fullSpeedRounds; round++) {
    const mode = `full speed ${round}`;
    const ours = find('ours', mode);
    const bare = find('bare', mode);
    rounds.push({ ours, bare, ratio: ours.requestsPerSecond / bare.requestsPerSecond });
  }
  const medianRatio = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)].ratio;
  const worstP99 = Math.max(...rounds.map((r) => r.ours.p99));
  lines.push(
    `- full speed: p99 at most ${ms(worstP99)} ms over the rounds (bare at most ` +
      `${ms(Math.max(...rounds.map((r) => r.bare.p99)))} ms), target < ${SETTINGS.targetP99Ms} ms ` +
      `${check(worstP99 < SETTINGS.targetP99Ms)}; throughput ours/bare per round ` +
      `${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}, median ${medianRatio.toFixed(2)}, ` +
      `target ≥ ${SETTINGS.targetThroughputRatio} ${check(medianRatio >= SETTINGS.targetThroughputRatio)}`,
  );
  const answered = ourRuns.reduce((sum, r) => sum + r.ok, 0);
  lines.push(
    `- no job lost: ${ourRuns.map((r) => `${r.mode} ${int(r.stored)} stored / ${int(r.ok)} answered 2xx`).join(', ')} ` +
      check(ourRuns.every((r) => r.stored === r.ok)),
    `- the database file, read after our server closed it: ${int(database.rows)} jobs, ${int(database.deliveries)} ` +
      `distinct deliveries, for ${int(answered)} 2xx answers in all runs ` +
      check(database.rows === answered && database.deliveries === answered),
    '',
    `Warm-up (${SETTINGS.warmupSeconds} s, full speed): ` +
      warmups.map((w) => `${w.label} ${w.requestsPerSecond.toFixed(0)} req/s`).join(', ') +
      '.',
    '',
    `Node ${process.versions.node}, ${env.cpus}, ${os.platform()} ${os.release()}, load average ` +
      `${env.loadBefore} before, ${os.loadavg()[0].toFixed(2)} after. Job database on ${env.filesystem} ` +
      `(${env.dataParent}). Built code: ${env.build}. Wall time ${totalSeconds.toFixed(1)} s.`,
    '',
  );
  return lines.join('\n');
}

/** Which code lib/ holds, as far as git can tell: the commit, and whether src/ had uncommitted changes. */
function describeBuild() {
  const root = path.resolve(INTAKE_DIR, '..', '..');
  const built = statSync(DIST_SERVER)
    .mtime.toISOString()
    .replace(/\.\d+Z$/, 'Z');
  try {
    const git = (...args) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return `lib/ built ${built}, commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return `lib/ built ${built}`;
  }
}

/** Runs the intake benchmark, prints the report on stdout and writes bench/results/intake.md. */
export async function runIntakeBench() {
  if (!existsSync(DIST_SERVER)) {
    throw new DistMissingError(
      'the built code is missing (lib/app/server.js not found). Run `npm run build` first, then `npm run bench`.',
    );
  }
  const started = performance.now();
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const { bodies, examples, bytes } = signedPullRequestOpened(SETTINGS.pullRequests);
  const dataParent = process.env.BENCH_INTAKE_DATA_PARENT || os.tmpdir();
  const dataDir = mkdtempSync(path.join(dataParent, 'pullwise-intake-'));
  const logLevel = process.env.BENCH_INTAKE_LOG_LEVEL || 'info';
  const profileDir = process.env.BENCH_INTAKE_PROFILE ? path.join(RESULTS_DIR, 'intake-profile') : undefined;
  const cpuList = os.cpus();
  const env = {
    examples,
    bytes,
    logLevel,
    dataParent,
    filesystem: filesystemOf(dataParent),
    cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
    loadBefore: os.loadavg()[0].toFixed(2),
    build: describeBuild(),
  };

  const config = { privateKey, secret: WEBHOOK_SECRET, dataDir, logLevel };
  const servers = SERVERS.map((spec) => ({
    ...spec,
    child: startChild(spec.kind, config, spec.kind === 'ours' ? profileDir : undefined),
  }));
  try {
    for (const server of servers) server.url = (await server.child.start()).url;
    log(`servers up: ${servers.map((s) => `${s.kind} ${s.url}`).join(', ')}; job database ${dataDir}`);

    /** One run against one server: the load, and what the server counted meanwhile (jobs or handler calls). */
    const run = async (server, mode, seconds, rate) => {
      const counted = async () => {
        const counts = await server.child.counts();
        return server.kind === 'ours' ? counts.stored : counts.handled;
      };
      const before = await counted();
      log(`${server.kind}, ${mode}: ${seconds} s${rate ? ` at ${rate} req/s` : ''}`);
      const cpuBefore = cpuTimes();
      const result = await fire({
        url: server.url,
        bodies,
        connections: SETTINGS.connections,
        seconds,
        rate,
      });
      const steal = stealBetween(cpuBefore, cpuTimes());
      const delta = (await counted()) - before;
      const row = {
        kind: server.kind,
        label: server.label,
        mode,
        ...result,
        steal,
        stored: server.kind === 'ours' ? delta : null,
        handled: server.kind === 'bare' ? delta : null,
      };
      log(
        `  ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(row.p50)} ms, p99 ${ms(row.p99)} ms, ` +
          `2xx ${row.ok}, non-2xx ${row.non2xx}, errors ${row.errors}, ` +
          (row.stored !== null ? `jobs stored ${row.stored}` : `handler calls ${row.handled}`),
      );
      return row;
    };

    // Interleaved (warm-ups, then each mode on both servers) so that a drift of the machine hits both.
    const warmups = [];
    for (const server of servers) warmups.push(await run(server, 'warm-up', SETTINGS.warmupSeconds));
    const rows = [];
    for (const server of servers) rows.push(await run(server, 'fixed', SETTINGS.seconds, SETTINGS.fixedRate));
    for (let round = 1; round <= SETTINGS.fullSpeedRounds; round++) {
      const order = round % 2 === 1 ? servers : [...servers].reverse();
      for (const server of order) rows.push(await run(server, `full speed ${round}`, SETTINGS.seconds));
    }

    for (const server of servers) await server.child.stop();
    const database = jobsInDatabase(dataDir);
    const totalSeconds = (performance.now() - started) / 1000;
    const report = renderReport({ rows, warmups, env, database, totalSeconds });
    process.stdout.write(report);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'intake.md'), report);
    log(`written to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'intake.md'))}`);
    if (profileDir) log(`CPU profile of our server in ${path.relative(process.cwd(), profileDir)}`);
    return report;
  } finally {
    for (const server of servers) server.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runIntakeBench().catch((error) => {
    console.error(`bench intake: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.BENCH_VERBOSE && error instanceof Error) console.error(error.stack);
    process.exit(1);
  });
}
