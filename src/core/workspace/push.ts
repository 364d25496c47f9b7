import { maskSecretsIn } from '../checks/secrets/mask-secrets.js';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { PullwiseError } from '../errors.js';
import { checkBranchName } from './checkout-refs.js';
import { workspaceGit, type Workspace } from './checkout.js';
import { gitFailure } from './git-credentials.js';

// Committing and pushing a job's work. Both run git on the workspace with its git folder named explicitly
// (Workspace.gitDir), never through the `.git` file in the working copy.

export interface CommitOptions {
  message: string;
  /** Author and committer of the commit (for an App: `<name>[bot]` and its noreply address). */
  author: { name: string; email: string };
  /**
   * Commit only these paths (relative to the workspace root; new, changed or deleted), e.g. the files the
   * agent edited; everything else the job left behind (build output, caches) stays out. Default: all changes.
   */
  paths?: string[];
}

/** GitHub runs these with the repository's secrets; the bot never edits them (see DESIGN.md, safety rules). */
const WORKFLOWS_DIR = '.github/workflows/';

/** `:(literal)` so that a file named `*.ts` or `:(glob)x` means itself. */
const literal = (file: string) => `:(literal)${file}`;

/** The given paths that git can stage: present in the working copy, or tracked (a deletion). */
async function stageablePaths(workspace: Workspace, paths: string[]): Promise<string[]> {
  const tracked = new Set(
    (await workspaceGit(workspace).raw(['ls-files', '-z', '--', ...paths.map(literal)]))
      .split('\0')
      .filter(Boolean),
  );
  const present = await Promise.all(
    paths.map((file) =>
      lstat(path.join(workspace.dir, file)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return paths.filter((file, i) => present[i] || tracked.has(path.posix.normalize(file)));
}

/**
 * Commits the working copy's changes (`git add --all`, or only `paths`) on top of the workspace's HEAD.
 * Returns the new commit's id, or null when there was nothing to commit. Needs no token: the working copy
 * holds every blob the commit can need.
 */
export async function commitAll(workspace: Workspace, options: CommitOptions): Promise<string | null> {
  const { name, email } = options.author;
  const git = (env: Record<string, string> = {}) => workspaceGit(workspace, { env });
  try {
    if (options.paths) {
      const paths = await stageablePaths(workspace, options.paths);
      if (paths.length) await git().raw(['add', '--all', '--verbose', '--', ...paths.map(literal)]);
    } else {
      await git().raw(['add', '--all', '--verbose']);
    }
    const staged = (await git().raw(['diff', '--cached', '--name-only', '-z', '--no-renames', 'HEAD']))
      .split('\0')
      .filter(Boolean);
    if (staged.length === 0) return null;
    const workflows = staged.filter((file) => file.startsWith(WORKFLOWS_DIR));
    if (workflows.length) {
      throw new PullwiseError(
        `refusing to commit changes to workflow files (${workflows.join(', ')}): Pullwise never edits ` +
          `${WORKFLOWS_DIR}`,
        'workflow-edit',
      );
    }
    await git({
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
    }).raw([
      'commit',
      // Hooks would run outside the sandbox, on code the agent wrote.
      '--no-verify',
      '--no-gpg-sign',
      // Keep lines such as "#12 …" in the message: the default would drop them as comments.
      '--cleanup=whitespace',
      '--message',
      // A commit message is published with the branch: no credential in it, whatever the agent wrote.
      maskSecretsIn(options.message),
    ]);
    return (await git().raw(['rev-parse', '--verify', 'HEAD'])).trim();
  } catch (error) {
    if (error instanceof PullwiseError) throw error;
    throw gitFailure(`committing in ${workspace.dir}`, error);
  }
}

export interface PushOptions {
  /** The branch to create or update in the workspace's repository, e.g. `pullwise/issue-12-fix-typo`. */
  remoteBranch: string;
  token: string;
  /** The repository's default branch, from the payload or the API: never pushed to. */
  defaultBranch: string;
  /** Overwrite the remote branch even when the push is not a fast-forward. */
  force?: boolean;
  /**
   * Overwrite only if the remote branch is still at this commit (`--force-with-lease=<branch>:<sha>`): a push
   * to a pull request branch must not throw away what its author pushed meanwhile.
   */
  expectedRemoteSha?: string;
  signal?: AbortSignal;
}

/** The branch is not where the push expects it (git's words, with --porcelain on stdout). */
const MOVED = /\(stale info\)|\(fetch first\)|\(non-fast-forward\)|\[rejected\]/i;
/** The server said no: a protected branch, a pre-receive hook, a missing permission. */
const REFUSED = /\[remote rejected\]/i;

/**
 * Pushes the workspace's HEAD to `remoteBranch` of the repository it was checked out from (never anywhere
 * else: a fork pull request's branch lives in another repository and is never pushed to). Returns the commit
 * pushed.
 */
export async function pushBranch(
  workspace: Workspace,
  options: PushOptions,
): Promise<{ sha: string; branch: string }> {
  const branch = await checkBranchName(options.remoteBranch);
  const defaultBranch = options.defaultBranch.replace(/^refs\/heads\//, '');
  if (branch === defaultBranch) {
    throw new PullwiseError(
      `refusing to push to ${branch}: it is the default branch of ${workspace.cloneUrl}; Pullwise pushes ` +
        `only to its own branches and to pull request branches`,
      'push-default-branch',
    );
  }
  const lease = options.expectedRemoteSha?.toLowerCase();
  if (lease !== undefined && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(lease)) {
    throw new PullwiseError(`"${options.expectedRemoteSha}" is not a full commit id`, 'bad-ref');
  }
  const what = `pushing to ${branch} of ${workspace.cloneUrl}`;
  const signal = options.signal;
  try {
    const sha = (
      await workspaceGit(workspace, { ...(signal ? { signal } : {}) }).raw(['rev-parse', '--verify', 'HEAD'])
    ).trim();
    await workspaceGit(workspace, { token: options.token, ...(signal ? { signal } : {}) }).raw([
      'push',
      '--porcelain',
      '--no-verify',
      ...(lease ? [`--force-with-lease=refs/heads/${branch}:${lease}`] : options.force ? ['--force'] : []),
      // The URL, not a remote name: nothing in the (agent-reachable) git folder decides where this goes.
      workspace.cloneUrl,
      `${sha}:refs/heads/${branch}`,
    ]);
    return { sha, branch };
  } catch (error) {
    const failure = gitFailure(what, error, options.token);
    if (failure.code !== 'git-failed') throw failure;
    if (REFUSED.test(failure.message)) {
      throw new PullwiseError(`${what}: the server refused it — ${failure.message}`, 'push-refused');
    }
    if (MOVED.test(failure.message)) {
      const expected = lease ? ` (expected at ${lease.slice(0, 12)})` : ' (not a fast-forward)';
      throw new PullwiseError(
        `${what}: rejected, the remote branch has moved${expected} — ${failure.message}`,
        'push-rejected',
      );
    }
    throw failure;
  }
}
