import { tmpdir } from 'node:os';
import { PullwiseError } from '../errors.js';
import { gitCommand } from './git-credentials.js';

/** What a job checks out: a branch tip, a pull request's head (forks included) or one commit. */
export type WorkspaceRef = { branch: string } | { pullNumber: number } | { sha: string };

/** How one wanted ref is fetched into a mirror and found there afterwards. */
export interface WantedRef {
  refspec: string;
  /** The ref (or commit id) to resolve in the mirror after the fetch. */
  local: string;
  /** For messages: "branch main", "pull request #7", "commit 1a2b3c4". */
  describe: string;
}

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A branch name git accepts as it is (no normalisation), without `refs/heads/`. Throws otherwise. */
export async function checkBranchName(name: string): Promise<string> {
  const short = name.replace(/^refs\/heads\//, '');
  const normalized = short
    ? await gitCommand({ cwd: tmpdir() })
        .raw(['check-ref-format', '--normalize', `refs/heads/${short}`])
        .catch(() => '')
    : '';
  // `-x` is a valid ref name but would read as an option wherever it stands alone.
  if (normalized.trim() !== `refs/heads/${short}` || short.startsWith('-')) {
    throw new PullwiseError(`"${name}" is not a valid branch name`, 'bad-ref');
  }
  return short;
}

export async function wantedRef(ref: WorkspaceRef): Promise<WantedRef> {
  if ('branch' in ref) {
    const branch = await checkBranchName(ref.branch);
    return branchRef(branch);
  }
  if ('pullNumber' in ref) {
    if (!Number.isSafeInteger(ref.pullNumber) || ref.pullNumber <= 0) {
      throw new PullwiseError(`${ref.pullNumber} is not a pull request number`, 'bad-ref');
    }
    // GitHub keeps every pull request's head under refs/pull/<n>/head in the base repository, forks included.
    const name = `refs/pull/${ref.pullNumber}/head`;
    return { refspec: `+${name}:${name}`, local: name, describe: `pull request #${ref.pullNumber}` };
  }
  const sha = ref.sha.toLowerCase();
  if (!COMMIT_ID.test(sha)) throw new PullwiseError(`"${ref.sha}" is not a full commit id`, 'bad-ref');
  return { refspec: sha, local: sha, describe: `commit ${sha.slice(0, 12)}` };
}

/**
 * `branch` must have passed checkBranchName. The mirror keeps the server's names (refs/heads/*, refs/pull/*),
 * which cannot collide with each other; the refs also tell the next fetch what the mirror already has.
 */
export function branchRef(branch: string): WantedRef {
  const name = `refs/heads/${branch}`;
  return { refspec: `+${name}:${name}`, local: name, describe: `branch ${branch}` };
}
