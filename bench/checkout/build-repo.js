// The repository the checkout benchmark serves: a monorepo whose history is real published code — releases
// of typescript (4.x and 5.x), rxjs 7.x and @types/node 20.x from the npm registry, one commit per release,
// the packages' releases interleaved, one week apart. Built once (tarballs through bench/fetch-packages.js, then git) and
// kept in bench/.cache/checkout/, so reruns are quick and work offline.
//
// What the benchmark needs besides the history (see manifest below):
//   main            every release but the last: what the first job sees
//   refs/bench/next the last release (typescript 5.9.3) on top of main: main moves there between the jobs
//   refs/pull/1/head, refs/pull/2/head  a small change on top of main, and on top of next (fork PRs: on no branch)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CACHE_DIR, fetchTarball } from '../fetch-packages.js';

const RELEASES = {
  // The last patch of each 4.x minor, then every 5.x release.
  typescript: (
    '4.0.8 4.1.6 4.2.4 4.3.5 4.4.4 4.5.5 4.6.4 4.7.4 4.8.4 4.9.5 ' +
    '5.0.2 5.0.3 5.0.4 5.1.3 5.1.5 5.1.6 5.2.2 5.3.2 5.3.3 5.4.2 5.4.3 5.4.4 5.4.5 5.5.2 5.5.3 5.5.4 5.6.2 ' +
    '5.6.3 5.7.2 5.7.3 5.8.2 5.8.3 5.9.2 5.9.3'
  ).split(' '),
  rxjs: (
    '7.0.0 7.0.1 7.1.0 7.2.0 7.3.0 7.3.1 7.4.0 7.5.0 7.5.1 7.5.2 7.5.3 7.5.4 7.5.5 7.5.6 7.5.7 7.6.0 7.7.0 ' +
    '7.8.0 7.8.1 7.8.2'
  ).split(' '),
  // Every fifth 20.x release (and the last): many small commits.
  '@types/node': (
    '20.0.0 20.1.4 20.2.1 20.2.6 20.4.0 20.4.5 20.4.10 20.5.4 20.5.9 20.6.4 20.8.0 20.8.5 20.8.10 20.9.4 ' +
    '20.10.3 20.10.8 20.11.4 20.11.9 20.11.14 20.11.19 20.11.24 20.11.29 20.12.3 20.12.8 20.12.13 20.14.2 ' +
    '20.14.7 20.14.12 20.16.0 20.16.5 20.16.10 20.16.15 20.17.4 20.17.9 20.17.14 20.17.19 20.17.24 20.17.29 ' +
    '20.17.34 20.17.39 20.17.44 20.17.49 20.17.54 20.19.0 20.19.5 20.19.10 20.19.15 20.19.20 20.19.25 ' +
    '20.19.30 20.19.35 20.19.40 20.19.43'
  ).split(' '),
};
const FIRST_COMMIT = Date.parse('2024-01-01T12:00:00Z');
const WEEK_MS = 7 * 86_400_000;
const BUILD_DIR = path.join(CACHE_DIR, 'checkout');

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

function git(dir, args, env = {}) {
  return execFileSync('git', args, {
    cwd: dir,
    env: { ...GIT_ENV, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Both packages' releases in one timeline: each at its relative place in its own series. */
function timeline() {
  const entries = Object.entries(RELEASES).flatMap(([name, versions]) =>
    versions.map((version, i) => ({ name, version, at: i / (versions.length - 1) })),
  );
  // Ties (the last of each) put typescript last: the big release that lands between the two jobs.
  return entries.sort((a, b) => a.at - b.at || (a.name === 'typescript') - (b.name === 'typescript'));
}

/** Changes the build whenever the releases or the layout change, so that a stale cache is rebuilt. */
const BUILD_KEY = createHash('sha256')
  .update(JSON.stringify({ RELEASES, FIRST_COMMIT, layout: 3 }))
  .digest('hex')
  .slice(0, 16);

function commit(dir, message, index) {
  const date = new Date(FIRST_COMMIT + index * WEEK_MS).toISOString();
  git(dir, ['add', '--all', '--force']);
  git(dir, ['commit', '--quiet', '--no-verify', '--allow-empty', '-m', message], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

/** A pull request's small change: a note in the package's README and a new file. */
function pullRequestCommit(dir, from, number, index) {
  git(dir, ['checkout', '--quiet', '--detach', from]);
  appendFileSync(path.join(dir, 'packages/typescript/README.md'), `\nBenchmark pull request #${number}.\n`);
  writeFileSync(path.join(dir, `packages/typescript/PR-${number}.md`), `Pull request ${number}\n`);
  return commit(dir, `Pull request #${number}`, index);
}

/**
 * The bare repository (built now or reused) and its manifest: { dir, key, commits, main, next, pulls,
 * firstCommitDate, mainDate }.
 */
export function buildCheckoutRepo(log) {
  const dir = path.join(BUILD_DIR, 'monorepo.git');
  const manifestFile = path.join(BUILD_DIR, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.key === BUILD_KEY && existsSync(dir)) return { dir, ...manifest };
  }

  const releases = timeline();
  log(`building the benchmark repository: ${releases.length} releases, tarballs from the cache or npm`);
  const tarballs = releases.map((r) => fetchTarball(r.name, r.version));
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'pullwise-bench-checkout-'));
  try {
    git(work, ['init', '--quiet', '--initial-branch=main']);
    git(work, ['config', 'core.autocrlf', 'false']);
    const shas = releases.map((release, i) => {
      const target = path.join(work, 'packages', release.name);
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['-xzf', tarballs[i], '-C', target, '--strip-components=1'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (i % 20 === 0) log(`  commit ${i + 1}/${releases.length}: ${release.name} ${release.version}`);
      return commit(work, `${release.name} ${release.version}`, i);
    });
    const main = shas[shas.length - 2];
    const next = shas[shas.length - 1];
    const pull1 = pullRequestCommit(work, main, 1, releases.length - 1.5);
    const pull2 = pullRequestCommit(work, next, 2, releases.length - 0.5);

    git(BUILD_DIR, ['init', '--quiet', '--bare', '--initial-branch=main', dir]);
    git(work, [
      'push',
      '--quiet',
      dir,
      `${main}:refs/heads/main`,
      `${next}:refs/bench/next`,
      `${pull1}:refs/pull/1/head`,
      `${pull2}:refs/pull/2/head`,
    ]);
    log('  packing it as a server would (deltas, bitmaps)');
    git(dir, ['repack', '-a', '-d', '-b', '--quiet']);
    const manifest = {
      key: BUILD_KEY,
      commits: releases.length,
      releases: releases.map((r) => `${r.name}@${r.version}`),
      main,
      next,
      pulls: { 1: pull1, 2: pull2 },
      firstCommitDate: new Date(FIRST_COMMIT).toISOString(),
      mainDate: new Date(FIRST_COMMIT + (releases.length - 2) * WEEK_MS).toISOString(),
    };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    return { dir, ...manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
