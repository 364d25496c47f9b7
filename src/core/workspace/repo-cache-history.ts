import { gitFailure } from './git-credentials.js';
import { mirrorGit } from './repo-cache.js';

// How much history a mirror holds. Shallow by date rather than by depth: a mirror holds every fetched ref's
// history back to one cutoff date (kept in its config), so
//   - a later fetch at the same cutoff only brings what is new (the server subtracts what we have), whereas a
//     later `--depth` fetch would cut the history other refs already have, and a later unlimited fetch into a
//     depth-limited mirror would pull the whole history of any branch forked below the boundary;
//   - the base branch and a pull request head are cut at the same date, so their merge base is there
//     whenever it is younger than the cutoff;
//   - when it is not (an old fork point, a stale tip), the cutoff moves back — doubling the window — until the
//     merge base appears or the mirror holds the whole history. The cutoff never moves forward: a fetch with
//     a later cutoff would cut history that is already there.
// A mirror that is complete (no shallow boundary left) fetches without a cutoff.

const CUTOFF_KEY = 'pullwise.historySince';
const DAY_MS = 86_400_000;
/** Past this window a cutoff means nothing: fetch the whole history. */
const WHOLE_HISTORY_MS = 100 * 365 * DAY_MS;
/**
 * What the client sees when a wanted tip is older than the cutoff: the server's own words over ssh or file://,
 * only a broken shallow section over smart HTTP (upload-pack's stderr stays on the server).
 */
const NO_COMMITS_SINCE = /no commits selected for shallow requests|error processing shallow info/i;

export interface MirrorFetchOptions {
  url: string;
  historyDays: number;
  token?: string;
  signal?: AbortSignal;
  /** What the fetch is for, in error messages: "branch main", "pull request #7". */
  describe: string;
}

async function readCutoff(dir: string, signal?: AbortSignal): Promise<number | undefined> {
  const value = (
    await mirrorGit(dir, { signal })
      .raw(['config', '--get', CUTOFF_KEY])
      .catch(() => '')
  ).trim();
  const time = value ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? time : undefined;
}

async function isShallow(dir: string, signal?: AbortSignal): Promise<boolean> {
  return (await mirrorGit(dir, { signal }).raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/** The cutoff of a window twice as long. */
const widen = (cutoff: number, now: number) => now - 2 * Math.max(now - cutoff, DAY_MS);

/**
 * Fetches `refspecs` (refs or commit ids) from origin into the mirror: commits and trees, no blobs, history
 * back to the mirror's cutoff or `olderThan`, whichever is older.
 */
export async function fetchIntoMirror(
  dir: string,
  refspecs: string[],
  options: MirrorFetchOptions,
  olderThan?: number,
): Promise<void> {
  const { signal, token } = options;
  const now = Date.now();
  const stored = await readCutoff(dir, signal);
  let cutoff = Math.min(stored ?? now - options.historyDays * DAY_MS, olderThan ?? Infinity);
  for (;;) {
    const shallow = await isShallow(dir, signal);
    // No cutoff yet: the mirror's first fetch. Cutoff but not shallow: the mirror holds the whole history.
    const limited = shallow || stored === undefined;
    const wholeHistory = now - cutoff > WHOLE_HISTORY_MS;
    const historyArgs = !limited
      ? []
      : wholeHistory
        ? shallow
          ? ['--unshallow']
          : []
        : [`--shallow-since=${new Date(cutoff).toISOString()}`];
    try {
      await mirrorGit(dir, { token, signal }).raw([
        'fetch',
        '--verbose',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        '--filter=blob:none',
        ...historyArgs,
        'origin',
        ...refspecs,
      ]);
      break;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (historyArgs.length && !wholeHistory && NO_COMMITS_SINCE.test(message)) {
        cutoff = widen(cutoff, now);
        continue;
      }
      throw gitFailure(`fetching ${options.describe} from ${options.url}`, error, token);
    }
  }
  if (stored === undefined || cutoff < stored) {
    await mirrorGit(dir, { signal }).raw(['config', CUTOFF_KEY, new Date(cutoff).toISOString()]);
  }
}

/**
 * The merge base of two commits of the mirror, deepening the mirror's history (both commits fetched again
 * with an older cutoff) until there is one; null when the histories are unrelated.
 */
export async function mergeBaseInMirror(
  dir: string,
  baseSha: string,
  headSha: string,
  options: MirrorFetchOptions,
): Promise<string | null> {
  const { signal } = options;
  for (;;) {
    // Exit 1 without output when there is none: simple-git resolves, with an empty string.
    const found = (
      await mirrorGit(dir, { signal })
        .raw(['merge-base', baseSha, headSha])
        .catch(() => '')
    ).trim();
    if (found) return found;
    if (!(await isShallow(dir, signal))) return null;
    const now = Date.now();
    const cutoff = (await readCutoff(dir, signal)) ?? now - options.historyDays * DAY_MS;
    // Both histories are already whole (some other ref keeps the mirror shallow): they are unrelated.
    if (now - cutoff > WHOLE_HISTORY_MS) return null;
    // By commit id, not by ref: the branch may have moved since, and this job works on these two commits.
    await fetchIntoMirror(dir, [baseSha, headSha], options, widen(cutoff, now));
  }
}
