import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { gitCommand, gitFailure } from './git-credentials.js';
import { withRepoLock } from './repo-cache-lock.js';
import type { RemoteRepo } from './repo-cache-key.js';

export interface RepoCacheOptions {
  /** The folder holding the mirrors, e.g. `<PULLWISE_DATA_DIR>/repos`. */
  root: string;
  /**
   * How much history a new mirror fetches, in days before now (default 30): enough for the merge base of
   * nearly every pull request. The window only ever grows, when a merge base or an old tip needs more.
   */
  historyDays?: number;
}

/**
 * Local mirrors of the repositories jobs work on, one bare repository per clone URL (host/owner/repo),
 * reused by every job on that repository. Each mirror is a partial clone (`--filter=blob:none`: commits and
 * trees, file contents only when a checkout needs them) and shallow (history since a cutoff date, see
 * repo-cache-history.ts). Refs are fetched on demand, one job's wants at a time; nothing fetches every
 * branch and pull request of a big repository.
 */
export class RepoCache {
  readonly root: string;
  readonly historyDays: number;

  /** `options` may be just the root folder. */
  constructor(options: RepoCacheOptions | string) {
    if (typeof options === 'string') options = { root: options };
    this.root = path.resolve(options.root);
    this.historyDays = options.historyDays ?? 30;
  }

  mirrorDir(remote: RemoteRepo): string {
    return path.join(this.root, ...remote.segments);
  }

  /** Runs `task` while no other task of this process writes to the same mirror. */
  exclusive<T>(mirrorDir: string, task: () => Promise<T>): Promise<T> {
    return withRepoLock(mirrorDir, task);
  }

  /**
   * Creates the mirror on first use, and keeps its `origin` at the URL the caller gave (the same mirror serves
   * `…/repo` and `…/repo.git`, http and https; lazy fetches of missing blobs go to origin). Call it inside
   * exclusive().
   */
  async prepareMirror(remote: RemoteRepo, signal?: AbortSignal): Promise<string> {
    const dir = this.mirrorDir(remote);
    await mkdir(path.dirname(dir), { recursive: true });
    try {
      if (!existsSync(path.join(dir, 'config'))) {
        await createMirror(dir, remote, signal);
        return dir;
      }
      const configured = (
        await mirrorGit(dir, { signal })
          .raw(['config', '--get', 'remote.origin.url'])
          .catch(() => '')
      ).trim();
      if (configured !== remote.url) {
        await mirrorGit(dir, { signal }).raw(['config', 'remote.origin.url', remote.url]);
      }
    } catch (error) {
      throw gitFailure(`preparing the mirror of ${remote.url}`, error);
    }
    return dir;
  }
}

/**
 * Git on a mirror. GIT_DIR is explicit so that git never goes looking for a repository in parent folders
 * (the data folder may well sit inside some checkout) and never trusts a `.git` it finds on the way.
 */
export function mirrorGit(dir: string, options: { token?: string; signal?: AbortSignal | undefined } = {}) {
  return gitCommand({
    cwd: path.dirname(dir),
    env: { GIT_DIR: dir },
    ...(options.token ? { token: options.token } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** A git config value in double quotes, so that `#`, `;` and spaces in it stay part of it. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The mirror's settings, appended to the config `git init` wrote (git reads the last value of a key): one
 * write rather than one `git config` process per key.
 */
function mirrorSettings(remote: RemoteRepo): string {
  return [
    // A partial clone: objects the filter left out are "promised" by origin and fetched when needed.
    '[core]',
    '\trepositoryformatversion = 1',
    '[extensions]',
    '\tpartialClone = origin',
    '[remote "origin"]',
    `\turl = ${quoted(remote.url)}`,
    '\tpromisor = true',
    '\tpartialclonefilter = blob:none',
    // A detached gc would outlive the job's lock and race the next fetch.
    '[gc]',
    '\tautoDetach = false',
    // Every job writes a whole working copy: one writer per CPU halves that on a two-CPU machine.
    '[checkout]',
    '\tworkers = 0',
    '',
  ].join('\n');
}

/** Initialised in a temporary folder and renamed into place, so a crash never leaves half a mirror. */
async function createMirror(dir: string, remote: RemoteRepo, signal?: AbortSignal): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const staging = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.new-`));
  try {
    await mirrorGit(staging, { signal }).raw(['init', '--bare', staging]);
    await appendFile(path.join(staging, 'config'), mirrorSettings(remote));
    const configured = await mirrorGit(staging, { signal }).raw(['config', '--get', 'remote.origin.url']);
    if (configured.trim() !== remote.url)
      throw new Error(`the new mirror's origin is "${configured.trim()}"`);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process created it meanwhile: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
