import { redactSecrets } from '../core/checks/redact-secrets.js';
import type { PullwiseConfig } from '../core/config/schema.js';
import type { ChangeSet } from '../core/diff/change-set.js';
import { pullRequestChangeSet } from '../github/pull-request-change-set.js';
import { authorText } from '../github/walkthrough-section.js';
import type { PullRequest, RepoRef } from '../github/github-port.js';
import { describePullRequest, type DescribeOutcome } from './describe-step.js';
import { knownSecrets, modelForJob, type JobDeps } from './job-deps.js';

/** What a review of the same head hands the walkthrough: the change it read, its notes, where its findings are. */
export interface FromReview {
  change: ChangeSet;
  fileNotes: Array<{ path: string; note: string }>;
  reviewUrl?: string;
}

/**
 * Describes a pull request: after a full review of its head, from the review's notes (one merge call); else on
 * its own (`@pullwise describe`, a push the review skips or reviews incrementally), from the whole PR's diff.
 * Then the description (or comment) and the labels.
 */
export async function describeOnly(
  repo: RepoRef,
  pr: PullRequest,
  config: PullwiseConfig,
  deps: JobDeps,
  fromReview?: FromReview,
): Promise<DescribeOutcome> {
  const change = fromReview?.change ?? (await wholeChange(repo, pr, deps));
  const { model, reason } = modelForJob(config, deps);
  const secrets = knownSecrets(deps.env);
  return describePullRequest({
    github: deps.github,
    repo,
    pull: { number: pr.number, headSha: pr.head.sha },
    change,
    config,
    model,
    ...(reason ? { modelSkippedReason: reason } : {}),
    ...(fromReview ? { fileNotes: fromReview.fileNotes } : {}),
    ...(fromReview?.reviewUrl ? { reviewUrl: fromReview.reviewUrl } : {}),
    canWrite: deps.canWrite !== false,
    redact: (text) => redactSecrets(text, secrets),
    signal: deps.signal,
    progress: (message) => deps.log.info({ pr: `${repo.owner}/${repo.repo}#${pr.number}` }, message),
  });
}

async function wholeChange(repo: RepoRef, pr: PullRequest, deps: JobDeps): Promise<ChangeSet> {
  const { change } = await pullRequestChangeSet(deps.github, {
    ...repo,
    pull_number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    title: pr.title,
    // The author's words only: the walkthrough Pullwise wrote into the description is not theirs.
    body: authorText(pr.body),
  });
  return change;
}
