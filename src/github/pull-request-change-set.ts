import { parseHunks } from '../core/diff/parse-hunks.js';
import type { DiffFile, FileStatus } from '../core/diff/types.js';
import type { AttributesFile, ChangeSet } from '../core/diff/change-set.js';
import type { ChangedFile, GitHub, RepoRef } from './github-port.js';

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
export function diffFileFromGitHub(file: ChangedFile): DiffFile {
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
  github: GitHub,
  pr: PullRequestInfo,
  options: { since?: string } = {},
): Promise<{ change: ChangeSet; incremental: boolean }> {
  const prFiles = (await github.pullRequestFiles(pr, pr.pull_number)).map(diffFileFromGitHub);
  let files = prFiles;
  let incremental = false;
  if (options.since && options.since !== pr.headSha) {
    const since = await compareSince(github, pr, options.since);
    if (since) {
      files = since;
      incremental = true;
    }
  }
  const readFilesAt = (ref: string) => async (paths: string[]) => {
    const out = new Map<string, string | null>();
    await forEachLimited(paths, 8, async (path) => out.set(path, await readFile(github, pr, path, ref)));
    return out;
  };
  const readHeadFiles = readFilesAt(pr.headSha);
  // The repository's instruction files: one read each (absent ones answer 404), as the base has them.
  const readBaseFiles = readFilesAt(pr.baseSha);
  const attributesFiles = async (): Promise<AttributesFile[]> => {
    // Only the root file: the API has no cheap way to list nested ones (the sandboxed checkout will).
    const text = await readFile(github, pr, '.gitattributes');
    return text === null ? [] : [{ dir: '', text }];
  };
  const change: ChangeSet = {
    files,
    baseSha: pr.baseSha,
    headSha: pr.headSha,
    description: `${pr.title}\n\n${pr.body}`.trim(),
    readHeadFiles,
    readBaseFiles,
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
  github: GitHub,
  pr: PullRequestInfo,
  since: string,
): Promise<DiffFile[] | undefined> {
  const compared = await github.compare(pr, since, pr.headSha);
  if (!compared || compared.status !== 'ahead' || compared.files.length >= 300) return undefined;
  return compared.files.map(diffFileFromGitHub);
}

async function readFile(
  github: GitHub,
  pr: PullRequestInfo,
  path: string,
  ref = pr.headSha,
): Promise<string | null> {
  const text = await github.fileText(pr, path, ref);
  return text === null || text.includes('\0') ? null : text;
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
