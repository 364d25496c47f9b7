import { redactSecrets } from '../core/checks/redact-secrets.js';
import type { PullwiseConfig } from '../core/config/schema.js';
import { pullRequestChangeSet } from '../github/pull-request-change-set.js';
import { authorText } from '../github/walkthrough-section.js';
import type { PullRequest, RepoRef } from '../github/github-port.js';
import { describePullRequest, type DescribeOutcome } from './describe-step.js';
import { knownSecrets, modelForJob, type JobDeps } from './job-deps.js';

/**
 * Describes a pull request on its own (`@pullwise describe`, or a push the review skips): the whole PR's
 * diff, the walkthrough's own calls under the job's budget, then the description (or comment) and labels.
 */
export async function describeOnly(
  repo: RepoRef,
  pr: PullRequest,
  config: PullwiseConfig,
  deps: JobDeps,
): Promise<DescribeOutcome> {
  const { change } = await pullRequestChangeSet(deps.github, {
    ...repo,
    pull_number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    title: pr.title,
    // The author's words only: the walkthrough Pullwise wrote into the description is not theirs.
    body: authorText(pr.body),
  });
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
    canWrite: deps.canWrite !== false,
    redact: (text) => redactSecrets(text, secrets),
    signal: deps.signal,
    progress: (message) => deps.log.info({ pr: `${repo.owner}/${repo.repo}#${pr.number}` }, message),
  });
}
