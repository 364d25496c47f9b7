import type { ReviewResult } from '../core/review/review-result.js';
import type { Severity } from '../core/findings/finding.js';
import type { CheckAnnotation, GitHub, RepoRef } from './github-port.js';

export const CHECK_NAME = 'Pullwise';

/**
 * GitHub: "The Checks API limits the number of annotations to a maximum of 50 per API request. To create more
 * than 50 annotations, you have to make multiple requests to the Update a check run endpoint. Each time you
 * update the check run, annotations are appended" (a 51st is refused: "No more than 50 items are allowed").
 */
export const ANNOTATIONS_PER_REQUEST = 50;

/** GitHub: an annotation's message "The maximum size is 64 KB." */
const ANNOTATION_MESSAGE_LIMIT = 60_000;

/** How a finding's severity shows as an annotation (check runs and the Action's workflow annotations). */
export const ANNOTATION_LEVEL: Record<Severity, 'failure' | 'warning' | 'notice'> = {
  critical: 'failure',
  major: 'warning',
  minor: 'notice',
  nit: 'notice',
};

/**
 * Reuses the in-progress Pullwise run for this head (a restarted job) or starts one. Undefined when the token
 * may not write checks (403: an Actions workflow without `checks: write`): the review goes on without one.
 */
export async function startCheckRun(
  github: GitHub,
  repo: RepoRef,
  headSha: string,
): Promise<number | undefined> {
  try {
    const running = (await github.checkRuns(repo, headSha, CHECK_NAME)).find((r) => r.status !== 'completed');
    if (running) return running.id;
    return await github.createCheckRun(repo, { name: CHECK_NAME, headSha });
  } catch (error) {
    if ((error as { status?: number }).status === 403) return undefined;
    throw error;
  }
}

export function conclusionFor(result: ReviewResult, failOn: Severity | 'none'): 'success' | 'failure' {
  if (failOn === 'none') return 'success';
  const rank = ['critical', 'major', 'minor', 'nit'];
  const gate = rank.indexOf(failOn);
  return [...result.comments, ...result.overflow, ...(result.quiet ?? []), ...result.unanchored].some(
    (f) => rank.indexOf(f.severity) <= gate,
  )
    ? 'failure'
    : 'success';
}

/**
 * Every finding of the review as an annotation: the inline comments, those over the inline-comment cap and
 * those outside the diff (and, as notices, those a learning withheld). The check run is where all of them are, whatever did not fit in the review body.
 */
function findingAnnotations(result: ReviewResult): CheckAnnotation[] {
  const anchored = [...result.comments, ...result.overflow, ...(result.quiet ?? [])].map((c) => ({
    path: c.path,
    start_line: c.side === 'RIGHT' ? (c.startLine ?? c.line) : c.line,
    end_line: c.line,
    annotation_level: ANNOTATION_LEVEL[c.severity],
    title: `${c.severity} · ${c.source}`,
    message: c.body.slice(0, ANNOTATION_MESSAGE_LIMIT),
  }));
  const unanchored = result.unanchored.map((u) => ({
    path: u.path,
    start_line: u.line,
    end_line: u.line,
    annotation_level: ANNOTATION_LEVEL[u.severity],
    title: `${u.severity} · ${u.source} · outside the diff`,
    message: `${u.body.slice(0, ANNOTATION_MESSAGE_LIMIT)}\n\n(${u.reason})`,
  }));
  // A finding a maintainer dismissed is not shown on the PR, but it is not lost either: a notice says by whom.
  const withheld = (result.withheld ?? []).map(({ finding: f, learning }) => ({
    path: f.path,
    start_line: f.side === 'LEFT' ? f.line : (f.startLine ?? f.line),
    end_line: f.line,
    annotation_level: 'notice' as const,
    title: `${f.severity} · ${f.source} · withheld by learning #${learning}`,
    message: f.body.slice(0, ANNOTATION_MESSAGE_LIMIT),
  }));
  return [...anchored, ...unanchored, ...withheld];
}

export async function completeCheckRun(
  github: GitHub,
  repo: RepoRef,
  checkRunId: number | undefined,
  outcome: {
    conclusion: 'success' | 'failure' | 'neutral' | 'cancelled';
    title: string;
    summary: string;
    result?: ReviewResult;
  },
): Promise<void> {
  if (checkRunId === undefined) return;
  const annotations = outcome.result ? findingAnnotations(outcome.result) : [];
  const batches: (typeof annotations)[] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const output = { title: outcome.title, summary: outcome.summary.slice(0, 65_000) };
  // Annotations first, while the run is still open; the last request completes it.
  for (const batch of batches.slice(0, -1)) {
    await github.updateCheckRun(repo, checkRunId, { output: { ...output, annotations: batch } });
  }
  await github.updateCheckRun(repo, checkRunId, {
    status: 'completed',
    conclusion: outcome.conclusion,
    output: { ...output, ...(batches.length > 0 ? { annotations: batches.at(-1) } : {}) },
  });
}
