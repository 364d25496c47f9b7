// Real diffs, offline-friendly: two published versions of an npm package, fetched with `npm pack` (cached in
// bench/.cache/), turned into a throwaway git repository with one commit per version.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = path.join(BENCH_DIR, '.cache');

/** Git with a fixed identity and no user or system config that could change what gets committed. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

function git(dir, args) {
  return execFileSync('git', args, {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The tarball of name@version, from the cache or the npm registry. */
export function fetchTarball(name, version) {
  mkdirSync(CACHE_DIR, { recursive: true });
  // npm names a scoped package's tarball "scope-name-version.tgz".
  const file = path.join(CACHE_DIR, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (existsSync(file)) return file;
  try {
    const out = execFileSync(
      'npm',
      ['pack', `${name}@${version}`, '--pack-destination', CACHE_DIR, '--silent'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const reported = out.trim().split('\n').pop();
    const packed = reported ? path.join(CACHE_DIR, reported) : file;
    if (!existsSync(packed)) throw new Error(`npm pack did not write ${packed}`);
    return packed;
  } catch (error) {
    const detail = error.stderr ? String(error.stderr).trim() : error.message;
    throw new Error(`could not fetch ${name}@${version} from the npm registry: ${detail}`, { cause: error });
  }
}

/** Replaces everything but .git in `dir` with the contents of the tarball's top folder (`package/`). */
function checkOut(tarball, dir) {
  for (const entry of readdirSync(dir)) {
    if (entry !== '.git') rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function commitAll(dir, message) {
  // --force: the package's own .gitignore (rare in tarballs) must not hide shipped files.
  git(dir, ['add', '-A', '--force']);
  git(dir, ['commit', '--quiet', '--no-verify', '--allow-empty', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

/**
 * A temporary git repository: commit 1 is name@from, commit 2 is name@to (files added, changed, deleted as
 * the two tarballs differ). Returns the directory, both commits and a cleanup function.
 */
export function buildVersionRepo({ name, from, to }) {
  const before = fetchTarball(name, from);
  const after = fetchTarball(name, to);
  const dir = mkdtempSync(path.join(os.tmpdir(), `pullwise-bench-${name.replace(/\W/g, '_')}-`));
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'core.autocrlf', 'false']);
  checkOut(before, dir);
  const baseSha = commitAll(dir, `${name} ${from}`);
  checkOut(after, dir);
  const headSha = commitAll(dir, `${name} ${to}`);
  return {
    dir,
    baseSha,
    headSha,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
