// The loopback git server over smart HTTP (real `git http-backend`, GitHub's Basic auth with the
// installation token, request log with byte counts). It lives in bench/checkout/ as plain JS because the
// checkout benchmark serves its repository with it too; this is the tests' typed entry point, plus a way to
// put repositories on it: commits at chosen dates, branches, and pull request heads (refs/pull/<n>/head).

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import path from 'node:path';
import type { GitHttpServer } from '../../bench/checkout/git-http-server.js';

export {
  startGitHttpServer,
  type GitHttpRequest,
  type GitHttpServer,
} from '../../bench/checkout/git-http-server.js';

/** A repository served by the server, and a working clone to make its commits in. */
export interface ServedRepo {
  /** e.g. `acme/app` */
  name: string;
  cloneUrl: string;
  /** The bare repository the server reads. */
  bareDir: string;
  /** Writes (string) or deletes (null) files in the working clone. */
  write(files: Record<string, string | Buffer | null>): void;
  /** Commits everything on the working clone's current commit, at `date` (default now); returns the id. */
  commit(message: string, date?: Date): string;
  /** Starts a branch at `from` in the working clone (and checks it out). */
  branch(name: string, from: string): void;
  checkout(ref: string): void;
  /** Pushes a commit of the working clone to a ref of the served repository (branch or refs/pull/<n>/head). */
  publish(sha: string, ref: string): void;
  /** What a ref of the served repository points at. */
  refSha(ref: string): string;
  /** Git in the bare repository, e.g. to count its objects. */
  bareGit(...args: string[]): string;
}

const ISOLATED_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function runGit(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ISOLATED_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Creates `name` (e.g. `acme/app`) on the server, default branch main; it goes with the server's root. */
export function createServedRepo(server: GitHttpServer, name: string): ServedRepo {
  const bareDir = path.join(server.root, `${name}.git`);
  mkdirSync(bareDir, { recursive: true });
  runGit(bareDir, ['init', '--quiet', '--bare', '--initial-branch=main']);
  // Next to the served repositories, so that removing the server's root removes it too.
  const work = path.join(server.root, '.work', name);
  mkdirSync(work, { recursive: true });
  runGit(work, ['init', '--quiet', '--initial-branch=main']);
  runGit(work, ['config', 'core.autocrlf', 'false']);
  return {
    name,
    cloneUrl: server.cloneUrl(name),
    bareDir,
    write(files) {
      for (const [file, content] of Object.entries(files)) {
        const full = path.join(work, file);
        if (content === null) {
          rmSync(full, { force: true });
        } else {
          mkdirSync(path.dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
      }
    },
    commit(message, date = new Date()) {
      const when = date.toISOString();
      runGit(work, ['add', '--all']);
      runGit(work, ['commit', '--quiet', '--allow-empty', '-m', message], {
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
      });
      return runGit(work, ['rev-parse', 'HEAD']).trim();
    },
    branch(branchName, from) {
      runGit(work, ['checkout', '--quiet', '-B', branchName, from]);
    },
    checkout(ref) {
      runGit(work, ['checkout', '--quiet', ref]);
    },
    publish(sha, ref) {
      const target = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
      runGit(work, ['push', '--quiet', '--force', bareDir, `${sha}:${target}`]);
    },
    refSha(ref) {
      return runGit(bareDir, ['rev-parse', '--verify', ref]).trim();
    },
    bareGit(...args) {
      return runGit(bareDir, args);
    },
  };
}

/** Days before now, for commit dates. */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
