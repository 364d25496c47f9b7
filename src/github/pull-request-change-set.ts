import { parseHunks } from '../core/diff/parse-hunks.js';
import type { DiffFile, FileStatus } from '../core/diff/types.js';
import type { AttributesFile, ChangeSet } from '../core/diff/change-set.js';
import type { GitHubClient, RepoRef } from './client.js';
import { responseText } from './response-text.js';

/** A file as GitHub's "list pull request files" and "compare commits" APIs return it. */
interface GitHubFile {
  filename: string;
  previous_filename?: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  sha?: string | null;
}

const STATUS: Record<string, FileStatus> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'modified',
  unchanged: 'modified',
};

/** git's id of the empty blob (`git hash-object /dev/null`), in SHA-1 and SHA-256 repositories. */
const EMPTY_BLOB = new Set([
  'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
  '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813',
]);

/**
 * GitHub omits `patch` for binary files, for diffs too large to show, and for empty files (an added empty
 * file comes as `sha: "e69de29…"`, 0 changes, no `patch`). A file with counted changes but no patch is too
 * large; one without either is binary, unless its blob is the empty one.
 */
export function diffFileFromGitHub(file: GitHubFile): DiffFile {
  const hunks = file.patch ? parseHunks(file.patch) : [];
  const noPatch = file.patch === undefined;
  const renamedOnly = (file.status === 'renamed' || file.status === 'copied') && file.changes === 0;
  const empty = (file.status === 'added' || file.status === 'removed') && EMPTY_BLOB.has(file.sha ?? '');
  const diffFile: DiffFile = {
    path: file.filename,
    status: STATUS[file.status] ?? 'modified',
    modeChanged: file.status === 'changed',
    binary: noPatch && file.changes === 0 && !renamedOnly && !empty && file.status !== 'changed',
    submodule: false,
    additions: file.additions,
    deletions: file.deletions,
    hunks,
  };
  if (noPatch && file.changes > 0) diffFile.patchOmitted = true;
  if (empty && file.status === 'added') diffFile.newSize = 0;
  if (file.previous_filename) diffFile.oldPath = file.previous_filename;
  if (file.sha) diffFile.newBlob = file.sha;
  return diffFile;
}

export interface PullRequestInfo extends RepoRef {
  pull_number: number;
  headSha: string;
  baseSha: string;
  title: string;
  body: string;
}

/** The PR's diff from the API; with `since`, only what changed after that commit (when head descends from it). */
export async function pullRequestChangeSet(
  octokit: GitHubClient,
  pr: PullRequestInfo,
  options: { since?: string } = {},
): Promise<{ change: ChangeSet; incremental: boolean }> {
  const { owner, repo, pull_number } = pr;
  const prFiles = (
    await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number, per_page: 100 })
  ).map((f) => diffFileFromGitHub(f as GitHubFile));
  let files = prFiles;
  let incremental = false;
  if (options.since && options.since !== pr.headSha) {
    const since = await compareSince(octokit, pr, options.since);
    if (since) {
      files = since;
      incremental = true;
    }
  }
  const readHeadFiles = async (paths: string[]) => {
    const out = new Map<string, string | null>();
    await forEachLimited(paths, 8, async (path) => out.set(path, await readFile(octokit, pr, path)));
    return out;
  };
  const attributesFiles = async (): Promise<AttributesFile[]> => {
    // Only the root file: the API has no cheap way to list nested ones (the sandboxed checkout will).
    const text = await readFile(octokit, pr, '.gitattributes');
    return text === null ? [] : [{ dir: '', text }];
  };
  const change: ChangeSet = {
    files,
    baseSha: pr.baseSha,
    headSha: pr.headSha,
    description: `${pr.title}\n\n${pr.body}`.trim(),
    readHeadFiles,
    attributesFiles,
    ...(incremental ? { commentableFiles: prFiles, rightSideOnly: true } : {}),
  };
  return { change, incremental };
}

/**
 * Files changed between `since` and the head, or undefined when that is not a plain continuation: a
 * force-push (head no longer descends from `since`, or `since` is gone) or a compare too big for the API's
 * 300-file page falls back to a full review.
 */
async function compareSince(
  octokit: GitHubClient,
  pr: PullRequestInfo,
  since: string,
): Promise<DiffFile[] | undefined> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: pr.owner,
      repo: pr.repo,
      basehead: `${since}...${pr.headSha}`,
      per_page: 100,
    });
    if (data.status !== 'ahead' || (data.files?.length ?? 0) >= 300) return undefined;
    return (data.files ?? []).map((f) => diffFileFromGitHub(f as GitHubFile));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

async function readFile(octokit: GitHubClient, pr: PullRequestInfo, path: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner: pr.owner,
      repo: pr.repo,
      path,
      ref: pr.headSha,
      mediaType: { format: 'raw' },
    });
    const text = responseText(data);
    return text.includes('\0') ? null : text;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

async function forEachLimited<T>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(lanes);
}
