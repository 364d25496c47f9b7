import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { PullwiseError } from '../errors.js';
import { branchRef, checkBranchName, wantedRef, type WorkspaceRef } from './checkout-refs.js';
import { gitCommand, gitFailure } from './git-credentials.js';
import { mirrorGit, type RepoCache } from './repo-cache.js';
import { fetchIntoMirror, mergeBaseInMirror, type MirrorFetchOptions } from './repo-cache-history.js';
import { parseCloneUrl } from './repo-cache-key.js';

export type { WorkspaceRef } from './checkout-refs.js';

export interface CheckoutOptions {
  cache: RepoCache;
  /** From the webhook payload or the API (`repository.clone_url`); GitHub Enterprise Server URLs work as is. */
  cloneUrl: string;
  /** The installation token; omitted for public repositories. Used per command, never stored. */
  token?: string;
  ref: WorkspaceRef;
  /** Also fetch this branch and make sure the merge base with it is in the mirror (for diffs and rebases). */
  baseBranch?: string;
  /** The folder under which each job gets its own working copy. */
  workRoot: string;
  signal?: AbortSignal;
}

/** A job's own working copy: a git worktree of the repository's mirror, detached at the wanted commit. */
export interface Workspace {
  readonly dir: string;
  /** The commit checked out. */
  readonly headSha: string;
  /** The branch checked out, when the ref was a branch. */
  readonly branch?: string;
  /** The tip of `baseBranch`, when one was asked for. */
  readonly baseSha?: string;
  /** The merge base of baseSha and headSha; null when the histories are unrelated. */
  readonly mergeBaseSha?: string | null;
  readonly cloneUrl: string;
  /**
   * The worktree's git folder (HEAD, index), inside the mirror and outside `dir`. Our own git commands on the
   * workspace name it explicitly rather than trusting the `.git` file in `dir`, which the agent could rewrite.
   */
  readonly gitDir: string;
  readonly mirrorDir: string;
  /** Deletes the working copy and its worktree registration. Safe to call twice; call it in `finally`. */
  remove(): Promise<void>;
}

/** Git on a workspace, with its git folder and work tree named explicitly (see Workspace.gitDir). */
export function workspaceGit(
  workspace: Pick<Workspace, 'dir' | 'gitDir'>,
  options: { token?: string; signal?: AbortSignal; env?: Record<string, string> } = {},
) {
  return gitCommand({
    cwd: workspace.dir,
    ...options,
    env: { ...options.env, GIT_DIR: workspace.gitDir, GIT_WORK_TREE: workspace.dir },
  });
}

function throwIfCancelled(signal: AbortSignal | undefined, what: string) {
  if (signal?.aborted) throw new PullwiseError(`${what}: cancelled`, 'cancelled');
}

/**
 * Fetches what the job needs into the repository's mirror (only what the mirror lacks) and checks it out
 * in a fresh folder under `workRoot`. File contents missing from the partial mirror are fetched in one batch
 * by the checkout itself, with the same per-command credentials.
 */
export async function checkoutWorkspace(options: CheckoutOptions): Promise<Workspace> {
  const { cache, token, signal } = options;
  const remote = parseCloneUrl(options.cloneUrl);
  const head = await wantedRef(options.ref);
  const base = options.baseBranch ? branchRef(await checkBranchName(options.baseBranch)) : undefined;
  const what = `checking out ${head.describe} of ${remote.url}`;
  const mirrorDir = cache.mirrorDir(remote);
  await mkdir(options.workRoot, { recursive: true });

  return cache.exclusive(mirrorDir, async () => {
    throwIfCancelled(signal, what);
    await cache.prepareMirror(remote, signal);
    const fetchOptions: MirrorFetchOptions = {
      url: remote.url,
      historyDays: cache.historyDays,
      describe: base ? `${head.describe} and ${base.describe}` : head.describe,
      ...(token ? { token } : {}),
      ...(signal ? { signal } : {}),
    };
    const wanted = base ? [head, base] : [head];
    await fetchIntoMirror(
      mirrorDir,
      wanted.map((w) => w.refspec),
      fetchOptions,
    );
    const resolve = async (local: string) => {
      const sha = (
        await mirrorGit(mirrorDir, { signal })
          .raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${local}^{commit}`])
          .catch(() => '')
      ).trim();
      if (!sha) throw new PullwiseError(`${what}: ${local} is not a commit`, 'unknown-ref');
      return sha;
    };
    const headSha = await resolve(head.local);
    const baseSha = base ? await resolve(base.local) : undefined;
    const mergeBaseSha = baseSha
      ? await mergeBaseInMirror(mirrorDir, baseSha, headSha, fetchOptions)
      : undefined;

    throwIfCancelled(signal, what);
    const dir = await mkdtemp(path.join(path.resolve(options.workRoot), `${remote.name}-`));
    // The registration goes once the folder is gone: prune drops worktrees whose folder is missing.
    const prune = () => mirrorGit(mirrorDir).raw(['worktree', 'prune', '--verbose']);
    let gitDir: string;
    try {
      await mirrorGit(mirrorDir, { token, signal }).raw(['worktree', 'add', '--detach', dir, headSha]);
      // Read once, right after git wrote it, and never again from the (agent-writable) working copy.
      gitDir = (await gitCommand({ cwd: dir }).raw(['rev-parse', '--absolute-git-dir'])).trim();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      await prune().catch(() => undefined);
      throw gitFailure(what, error, token);
    }

    let removed = false;
    return {
      dir,
      headSha,
      ...('branch' in options.ref ? { branch: options.ref.branch.replace(/^refs\/heads\//, '') } : {}),
      ...(baseSha ? { baseSha, mergeBaseSha } : {}),
      cloneUrl: remote.url,
      gitDir,
      mirrorDir,
      async remove() {
        if (removed) return;
        removed = true;
        await rm(dir, { recursive: true, force: true });
        await cache.exclusive(mirrorDir, prune);
      },
    };
  });
}
