import type { PullwiseConfig } from '../core/config/schema.js';
import type { ChangeSet } from '../core/diff/change-set.js';
import { describeChangeSet } from '../core/describe/describe-change-set.js';
import { renderWalkthrough } from '../core/describe/render-walkthrough.js';
import type { Walkthrough } from '../core/describe/walkthrough.js';
import type { ModelClient } from '../core/model/client.js';
import { ensureComment } from '../github/ensure-comment.js';
import type { GitHub, RepoRef } from '../github/github-port.js';
import { spliceWalkthrough } from '../github/walkthrough-section.js';
import { MARKERS } from './job-comments.js';

/** The events that open a pull request for review, as the review job's `trigger` names them. */
const OPENING = new Set(['opened', 'reopened', 'ready_for_review']);

/** Whether this review's trigger also describes the PR (`triggers.describe`). */
export function describeWanted(config: PullwiseConfig, trigger: string): boolean {
  if (config.triggers.describe === 'off') return false;
  return OPENING.has(trigger) || (config.triggers.describe === 'on_push' && trigger === 'synchronize');
}

export interface DescribeOutcome {
  walkthrough: Walkthrough;
  /** `body`: the description's section was written; `unchanged`: it already said this; `edited`: a person
   * edited it, so the walkthrough went into a comment; `comment`: describe.mode is comment; `not-posted`. */
  written: 'body' | 'unchanged' | 'edited' | 'comment' | 'not-posted';
  labels: string[];
}

export interface DescribeContext {
  github: GitHub;
  repo: RepoRef;
  pull: { number: number; headSha: string };
  change: ChangeSet;
  config: PullwiseConfig;
  model: ModelClient | null;
  modelSkippedReason?: string;
  /** The notes the review's calls wrote on this head: the walkthrough then costs one merge call. */
  fileNotes?: Array<{ path: string; note: string }>;
  /** The review posted on this head, when it has findings: its risks link there. */
  reviewUrl?: string;
  canWrite: boolean;
  redact: (text: string) => Promise<string>;
  signal: AbortSignal;
  progress: (message: string) => void;
}

/**
 * Describes the PR's head and keeps the walkthrough current: in the description between its markers (the
 * author's text untouched; a section a person edited is left, and the walkthrough goes into a comment that
 * says so), or in one comment (`describe.mode: comment`). Labels only from `describe.labels`.
 */
export async function describePullRequest(context: DescribeContext): Promise<DescribeOutcome> {
  const { github, repo, pull, config } = context;
  const walkthrough = await describeChangeSet(context.change, {
    config,
    model: context.model,
    ...(context.modelSkippedReason ? { modelSkippedReason: context.modelSkippedReason } : {}),
    ...(context.fileNotes ? { fileNotes: context.fileNotes } : {}),
    signal: context.signal,
    progress: context.progress,
  });
  const allowed = new Set(config.describe.labels.map((l) => l.name));
  const labels = walkthrough.labels.filter((l) => allowed.has(l));
  if (!context.canWrite) return { walkthrough, written: 'not-posted', labels };

  const reviewUrl = context.reviewUrl;
  const rendered = await context.redact(
    renderWalkthrough(walkthrough, reviewUrl ? { findingsLink: () => reviewUrl } : {}),
  );
  const issue = { ...repo, issue_number: pull.number };
  const head = `\`${pull.headSha.slice(0, 7)}\``;
  let written: DescribeOutcome['written'] = 'comment';
  if (config.describe.mode === 'comment') {
    await ensureComment(
      github,
      issue,
      MARKERS.walkthrough,
      `### Pullwise walkthrough of ${head}\n\n${rendered}`,
    );
  } else {
    // The description as it is now: the author may have edited it while the change was described.
    const { body } = await github.pullRequest(repo, pull.number);
    const spliced = spliceWalkthrough(body, rendered);
    if (spliced.kind === 'write') {
      await github.updatePullRequestBody(repo, pull.number, spliced.body);
      written = 'body';
    } else if (spliced.kind === 'unchanged') {
      written = 'unchanged';
    } else {
      await ensureComment(
        github,
        issue,
        MARKERS.walkthrough,
        `The walkthrough in the description was edited by hand, so Pullwise left it as it is. The walkthrough of ${head}:\n\n${rendered}`,
      );
      written = 'edited';
    }
  }
  if (labels.length > 0) await github.addLabels(repo, pull.number, labels);
  return { walkthrough, written, labels };
}
