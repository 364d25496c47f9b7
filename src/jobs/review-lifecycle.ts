import type { DiffFile } from '../core/diff/types.js';
import { findingWords, wordSimilarity } from '../core/findings/finding-words.js';
import type { ReviewComment } from '../core/findings/finding.js';
import { mapLines } from '../core/lifecycle/map-lines.js';
import type { AddressedFinding, OpenFinding } from '../core/lifecycle/open-finding.js';
import type { GitHub, RepoRef, ReviewThread } from '../github/github-port.js';
import { diffFileFromGitHub } from '../github/pull-request-change-set.js';
import { ADDRESSED_MARKER, parseFindingComment } from '../github/review-marker.js';
import type { JobLogger } from '../queue/job-logger.js';

/** A new finding this share of words like an open one on the same lines is the same finding, reworded. */
const REWORDED = 0.35;

/** One of Pullwise's review threads still open and left to it (no person resolved or answered it). */
interface OpenThread {
  thread: ReviewThread;
  commentId: number;
  finding: OpenFinding | undefined;
}

/** What a review knows of the PR's earlier findings: the open threads, and which of them it must judge. */
export interface ThreadLifecycle {
  open: OpenThread[];
  /** The open findings whose lines the new head rewrote (or removed): the review decides them. */
  openFindings: OpenFinding[];
}

/**
 * Reads the PR's review threads and keeps Pullwise's own that are open and untouched by people. A thread
 * GitHub marks outdated is followed from the commit it was made on to the new head (one compare per such
 * commit) when this change touches its file; the others keep their lines and stay open as they are.
 */
export async function readThreadLifecycle(
  github: GitHub,
  repo: RepoRef,
  pull: { number: number; headSha: string },
  changed: DiffFile[],
): Promise<ThreadLifecycle> {
  const threads = await github.reviewThreads(repo, pull.number);
  const touched = new Set(changed.flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]));
  const compares = new Map<string, Promise<Map<string, DiffFile> | undefined>>();
  const compareFrom = (commit: string) => {
    let files = compares.get(commit);
    if (!files) {
      files = github.compare(repo, commit, pull.headSha).then((c) => {
        if (!c) return undefined;
        const byOldPath = new Map<string, DiffFile>();
        for (const f of c.files) byOldPath.set(f.previous_filename ?? f.filename, diffFileFromGitHub(f));
        return byOldPath;
      });
      compares.set(commit, files);
    }
    return files;
  };

  const open: OpenThread[] = [];
  for (const thread of threads) {
    const first = thread.comments[0];
    const marker = first?.author?.isBot ? parseFindingComment(first.body) : undefined;
    if (!first || !marker || thread.isResolved) continue;
    // A person's answer, or our own "addressed" reply: the thread is theirs, or settled.
    if (thread.comments.some((c) => !c.author?.isBot || c.body.includes(ADDRESSED_MARKER))) continue;
    const entry: OpenThread = { thread, commentId: first.id, finding: undefined };
    open.push(entry);
    const line = thread.originalLine;
    if (!thread.isOutdated || thread.diffSide !== 'RIGHT' || line === null || !first.originalCommit) continue;
    if (!touched.has(thread.path)) continue;
    const file = (await compareFrom(first.originalCommit))?.get(thread.path);
    if (!file) continue;
    const mapped = mapLines(file, thread.originalStartLine ?? line, line);
    if (mapped.kind === 'unchanged') continue;
    entry.finding = {
      id: `F${first.id}`,
      path: file.path,
      source: marker.source,
      severity: marker.severity,
      body: marker.text,
      now: mapped.kind === 'removed' ? 'removed' : { startLine: mapped.startLine, line: mapped.line },
    };
  }
  return { open, openFindings: open.flatMap((o) => (o.finding ? [o.finding] : [])) };
}

/**
 * New findings that repeat an open thread on the lines it is on now, in other words (the model rephrases):
 * not posted again. Repeats in the same words are already known by their fingerprint.
 */
export function dropOpenRepeats<T extends Pick<ReviewComment, 'path' | 'line' | 'body' | 'source'>>(
  findings: T[],
  lifecycle: ThreadLifecycle,
  addressed: AddressedFinding[],
): T[] {
  const settled = new Set(addressed.map((a) => a.id));
  const standing = lifecycle.open.flatMap(({ thread, finding }) => {
    const marker = parseFindingComment(thread.comments[0]!.body)!;
    const words = findingWords(marker.text);
    if (finding) {
      if (settled.has(finding.id) || finding.now === 'removed') return [];
      return [{ path: finding.path, from: finding.now.startLine, to: finding.now.line, marker, words }];
    }
    if (thread.line === null) return [];
    return [{ path: thread.path, from: thread.startLine ?? thread.line, to: thread.line, marker, words }];
  });
  return findings.filter(
    (f) =>
      !standing.some(
        (s) =>
          s.path === f.path &&
          s.marker.source === f.source &&
          f.line >= s.from - 1 &&
          f.line <= s.to + 1 &&
          wordSimilarity(s.words, findingWords(f.body)) >= REWORDED,
      ),
  );
}

export interface SettledThreads {
  addressed: number;
  /** Pullwise's threads left open (by this review's judgement, or because it could not resolve them). */
  open: number;
}

/**
 * Replies "Addressed in `abc1234`: …" on each thread the review found addressed and resolves it (unless
 * `review.resolve_addressed` is off). One thread GitHub refuses does not stop the others; it stays open.
 */
export async function settleAddressed(
  github: GitHub,
  repo: RepoRef,
  pull: { number: number; headSha: string },
  lifecycle: ThreadLifecycle,
  addressed: AddressedFinding[],
  options: { resolve: boolean; redact: (text: string) => Promise<string>; log: JobLogger },
): Promise<SettledThreads> {
  let settled = 0;
  for (const entry of lifecycle.open) {
    const verdict = entry.finding && addressed.find((a) => a.id === entry.finding!.id);
    if (!verdict) continue;
    try {
      const how = await options.redact(verdict.how);
      await github.replyToReviewComment(
        repo,
        pull.number,
        entry.commentId,
        `Addressed in \`${pull.headSha.slice(0, 7)}\`: ${how}\n\n${ADDRESSED_MARKER}`,
      );
      if (options.resolve) await github.resolveReviewThread(entry.thread.id);
      settled++;
    } catch (error) {
      options.log.warn(
        { err: error, thread: entry.thread.id },
        'could not settle an addressed review thread',
      );
    }
  }
  return { addressed: settled, open: lifecycle.open.length - settled };
}

/** "2 earlier findings addressed, 1 open." — for the summary, the check run and the tracking comment. */
export function describeThreads(settled: SettledThreads | undefined): string {
  if (!settled || settled.addressed + settled.open === 0) return '';
  return `${settled.addressed} addressed, ${settled.open} open`;
}
