// `npm run bench -- checkout` (or `node bench/checkout/run.js`): how long, and how many bytes from the server,
// until a job has a pull request checked out and ready — Pullwise's checkout (a partial, shallow mirror per
// repository plus a worktree per job, src/core/workspace/) against a plain full `git clone` followed by
// `git fetch origin refs/pull/N/head` and a checkout, in the same run, over the same loopback git server
// (real `git http-backend` behind GitHub's token auth, git-http-server.js). The repository is real published
// code with a long history (build-repo.js, cached in bench/.cache/checkout/). Two jobs per round: the first
// on a repository never seen before, the second after a release landed on main, on the same machine (for us,
// the mirror is warm). Prints a Markdown report on stdout (progress on stderr) and writes it to
// bench/results/checkout.md. Needs the built code: `npm run build` first.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DistMissingError } from '../dist.js';
import { buildCheckoutRepo } from './build-repo.js';
import { startGitHttpServer } from './git-http-server.js';

const CHECKOUT_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.resolve(CHECKOUT_DIR, '..', 'results');
const DIST_DIR = path.resolve(CHECKOUT_DIR, '..', '..', 'lib');
const ROUNDS = 5;
/** Our mirror's history window: this many days of the repository's history before the tip of main. */
const WINDOW_DAYS = 8 * 7;
const DAY_MS = 86_400_000;

const log = (message) => process.stderr.write(`[bench checkout] ${message}\n`);

async function loadOurCheckout() {
  const modules = ['core/workspace/checkout.js', 'core/workspace/repo-cache.js'];
  const missing = modules.find((m) => !existsSync(path.join(DIST_DIR, m)));
  if (missing) {
    throw new DistMissingError(
      `the built code is missing (lib/${missing} not found). Run \`npm run build\` first, then \`npm run bench -- checkout\`.`,
    );
  }
  const [checkout, cache] = await Promise.all(
    modules.map((m) => import(pathToFileURL(path.join(DIST_DIR, m)).href)),
  );
  return { checkoutWorkspace: checkout.checkoutWorkspace, RepoCache: cache.RepoCache };
}

/** The baseline's git: the same per-command token header, no user config; asynchronous (the server is here). */
async function baselineGit(cwd, args, token) {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    },
  });
  return stdout.trim();
}

/** Bytes under `dir` (files as stored, links not followed). */
function diskBytes(dir) {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(dir).reduce((sum, entry) => sum + diskBytes(path.join(dir, entry)), 0);
}

/** Every approach checked out `sha`, and the same tree. */
const sameCheckout = (outcomes, sha) =>
  outcomes.every((o) => o.headAndTree.startsWith(`${sha}\n`) && o.headAndTree === outcomes[0].headAndTree);

/** "typescript 4.0.8 … 5.9.3 (34)" for each package, in the order they first appear. */
function describeReleases(releases) {
  const byName = new Map();
  for (const release of releases) {
    const at = release.lastIndexOf('@');
    const name = release.slice(0, at);
    byName.set(name, [...(byName.get(name) ?? []), release.slice(at + 1)]);
  }
  return [...byName].map(
    ([name, versions]) => `${name} ${versions[0]} … ${versions.at(-1)} (${versions.length})`,
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
const seconds = (ms) => (ms / 1000).toFixed(2);

function renderReport({ repo, rows, served, env, windowDays, totalSeconds, checks }) {
  const columns = [
    ['job', (r) => r.job],
    ['approach', (r) => r.approach],
    [`time, s (median of ${ROUNDS})`, (r) => seconds(median(r.ms))],
    ['time, s (min–max)', (r) => `${seconds(Math.min(...r.ms))}–${seconds(Math.max(...r.ms))}`],
    ['MB from the server', (r) => mb(median(r.bytes))],
    ['HTTP requests', (r) => String(median(r.requests))],
    ['git data on disk, MB', (r) => mb(median(r.gitBytes))],
  ];
  const table = [
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `| ${columns.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`),
  ].join('\n');
  const find = (job, approach) => rows.find((r) => r.job === job && r.approach.startsWith(approach));
  const percent = (a, b) => `${Math.round((100 * a) / b)}%`;
  const compare = (job, ours, theirs) => {
    const a = find(job, ours);
    const b = find(job, theirs);
    return `ours takes ${percent(median(a.bytes), median(b.bytes))} of the bytes and ${percent(median(a.ms), median(b.ms))} of the time of "${theirs}"`;
  };
  return [
    '# Pullwise checkout benchmark',
    '',
    `A ready pull request checkout (files on disk at the PR's head commit), over loopback from a real ` +
      `\`git http-backend\` that requires the installation token (bench/checkout/git-http-server.js). ` +
      `The repository: a monorepo with one commit per published npm release — ` +
      `${describeReleases(repo.releases).join(', ')} — interleaved, ${repo.commits} commits a week apart; ` +
      `${mb(served.packBytes)} MB packed on the server (deltas, bitmaps), ${served.files} files at the tip.`,
    '',
    `**Ours**: \`checkoutWorkspace({ ref: { pullNumber }, baseBranch: 'main' })\` — a bare mirror per repository, ` +
      `partial (\`--filter=blob:none\`) and shallow (history since a cutoff date: here ${WINDOW_DAYS} days ` +
      `before main's tip, \`historyDays: ${windowDays}\` as the repository's dates are in the past), the PR head ` +
      `and main fetched by ref, the merge base checked, then ` +
      `\`git worktree add\` (missing blobs fetched in one batch). **Full clone**: \`git clone URL\`, ` +
      `\`git fetch origin refs/pull/N/head\`, \`git checkout --detach FETCH_HEAD\`. Job 1: the first job on the ` +
      `repository (empty cache). Between the jobs the next release (${repo.releases.at(-1)}) lands on main; job 2 checks ` +
      `out PR #2 on top of it: ours reuses the mirror; "full clone again" is what a stateless worker does; ` +
      `"full clone kept" fetches into job 1's full clone (a full mirror kept on disk). Rounds alternate which ` +
      `approach goes first. "git data on disk": the mirror (ours) or the clone's .git, after the job.`,
    '',
    table,
    '',
    `- job 1: ${compare('1 (cold)', 'ours', 'full clone')}`,
    `- job 2: ${compare('2 (warm)', 'ours', 'full clone again')}; ` +
      `${compare('2 (warm)', 'ours', 'full clone kept')}`,
    `- same commit and tree checked out by every approach in every round: ${checks.every(Boolean) ? '✅' : '❌'}`,
    '',
    `Node ${process.versions.node}, ${env.git}, ${env.cpus}, ${os.platform()} ${os.release()}. ` +
      `Wall time ${totalSeconds.toFixed(1)} s (repository ${env.buildSeconds.toFixed(1)} s: ` +
      `${env.buildSeconds > 10 ? 'built' : 'from the cache'}).`,
    '',
  ].join('\n');
}

/** Runs the checkout benchmark, prints the report on stdout and writes bench/results/checkout.md. */
export async function runCheckoutBench() {
  const started = performance.now();
  const { checkoutWorkspace, RepoCache } = await loadOurCheckout();
  const repo = buildCheckoutRepo(log);
  const buildSeconds = (performance.now() - started) / 1000;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pullwise-bench-checkout-'));
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  const servedDir = path.join(tmp, 'served', 'bench', 'monorepo.git');
  cpSync(repo.dir, servedDir, { recursive: true });
  const server = await startGitHttpServer({ root: path.join(tmp, 'served'), token });
  const cloneUrl = server.cloneUrl('bench/monorepo');
  const setMain = (sha) => baselineGit(servedDir, ['update-ref', 'refs/heads/main', sha], token);
  // The repository's dates are fixed; the window is counted back from its main, not from today.
  const windowDays = Math.ceil((Date.now() - Date.parse(repo.mainDate)) / DAY_MS) + WINDOW_DAYS;

  const rows = new Map();
  const checks = [];
  const record = async (job, approach, run) => {
    const before = server.requests.length;
    const t0 = performance.now();
    const outcome = await run();
    const ms = performance.now() - t0;
    const requests = server.requests.slice(before);
    const row = rows.get(`${job}/${approach}`) ?? {
      job,
      approach,
      ms: [],
      bytes: [],
      requests: [],
      gitBytes: [],
    };
    row.ms.push(ms);
    row.bytes.push(requests.reduce((sum, r) => sum + r.responseBytes, 0));
    row.requests.push(requests.length);
    row.gitBytes.push(diskBytes(outcome.gitDir));
    rows.set(`${job}/${approach}`, row);
    log(`  ${job}, ${approach}: ${seconds(ms)} s, ${mb(row.bytes.at(-1))} MB, ${requests.length} requests`);
    return outcome;
  };
  const headAndTree = (dir) => baselineGit(dir, ['rev-parse', 'HEAD', 'HEAD^{tree}'], token);

  try {
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      const dir = path.join(tmp, `round-${round}`);
      mkdirSync(dir);
      await setMain(repo.main);
      const cache = new RepoCache({ root: path.join(dir, 'repos'), historyDays: windowDays });
      const ours = (pullNumber) => async () => {
        const workspace = await checkoutWorkspace({
          cache,
          cloneUrl,
          token,
          ref: { pullNumber },
          baseBranch: 'main',
          workRoot: path.join(dir, 'work'),
        });
        const checkedOut = await headAndTree(workspace.dir);
        await workspace.remove();
        return { headAndTree: checkedOut, gitDir: workspace.mirrorDir };
      };
      const fullClone = (pullNumber, into) => async () => {
        await baselineGit(dir, ['clone', '--quiet', cloneUrl, into], token);
        await baselineGit(into, ['fetch', '--quiet', 'origin', `refs/pull/${pullNumber}/head`], token);
        await baselineGit(into, ['checkout', '--quiet', '--detach', 'FETCH_HEAD'], token);
        return { headAndTree: await headAndTree(into), gitDir: path.join(into, '.git') };
      };
      const kept = path.join(dir, 'full-1');
      const fullKept = (pullNumber) => async () => {
        await baselineGit(kept, ['fetch', '--quiet', 'origin', `refs/pull/${pullNumber}/head`], token);
        await baselineGit(kept, ['checkout', '--quiet', '--detach', 'FETCH_HEAD'], token);
        return { headAndTree: await headAndTree(kept), gitDir: path.join(kept, '.git') };
      };

      const firstJob = [
        () => record('1 (cold)', 'ours', ours(1)),
        () => record('1 (cold)', 'full clone', fullClone(1, kept)),
      ];
      const jobOne = [];
      for (const run of round % 2 === 1 ? firstJob : [...firstJob].reverse()) jobOne.push(await run());
      await setMain(repo.next);
      const secondJob = [
        () => record('2 (warm)', 'ours', ours(2)),
        () => record('2 (warm)', 'full clone again', fullClone(2, path.join(dir, 'full-2'))),
        () => record('2 (warm)', 'full clone kept', fullKept(2)),
      ];
      const jobTwo = [];
      for (const run of round % 2 === 1 ? secondJob : [...secondJob].reverse()) jobTwo.push(await run());
      checks.push(sameCheckout(jobOne, repo.pulls[1]), sameCheckout(jobTwo, repo.pulls[2]));
      rmSync(dir, { recursive: true, force: true });
    }

    const served = {
      packBytes: diskBytes(path.join(servedDir, 'objects')),
      files: (await baselineGit(servedDir, ['ls-tree', '-r', '--name-only', repo.next], token)).split('\n')
        .length,
    };
    const env = {
      git: (await baselineGit(tmp, ['--version'], token)).replace(/^git version /, 'git '),
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
      buildSeconds,
    };
    const order = ['1 (cold)/ours', '1 (cold)/full clone', '2 (warm)/ours', '2 (warm)/full clone again'];
    const sorted = [...order, '2 (warm)/full clone kept'].map((key) => rows.get(key));
    const totalSeconds = (performance.now() - started) / 1000;
    const report = renderReport({ repo, rows: sorted, served, env, windowDays, totalSeconds, checks });
    process.stdout.write(report);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'checkout.md'), report);
    log(`written to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'checkout.md'))}`);
    return report;
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runCheckoutBench().catch((error) => {
    console.error(`bench checkout: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.BENCH_VERBOSE && error instanceof Error) console.error(error.stack);
    process.exit(1);
  });
}
