import { redactSecrets } from '../core/checks/redact-secrets.js';
import { formatConfigProblems } from '../core/config/load-config.js';
import type { PullwiseConfig } from '../core/config/schema.js';
import { canTrigger } from '../github/permissions.js';
import { reply } from '../github/reply.js';
import type { FixJobPayload } from '../intake/job-payloads.js';
import type { FixContext, FixJobEnd } from './fix-context.js';
import { Checklist, MARKERS, reportConfigProblems, trackJob } from './job-comments.js';
import { knownSecrets, modelForJob, type JobDeps } from './job-deps.js';
import { readsOf } from './job-reads.js';

/** The fix's own limits: an agent takes many more turns than a review, so `fix.*` replaces `budget.*`. */
function withFixBudget(config: PullwiseConfig): PullwiseConfig {
  return {
    ...config,
    budget: {
      ...config.budget,
      max_calls: config.fix.max_turns,
      max_usd: config.fix.max_usd,
      max_total_tokens: config.fix.max_total_tokens,
    },
  };
}

/**
 * The first step of a fix: the repository, the PR and the config (from the base side), then whether this may
 * run at all — the label is `fix.label`, the requester may write, no fork code next to secrets, a model — and
 * the tracking comment. Ends the job (`end`) when it may not, having said why where it was asked.
 */
export async function authoriseFix(
  payload: FixJobPayload,
  deps: JobDeps,
  said: string[],
): Promise<{ end: FixJobEnd } | { context: FixContext }> {
  const { github, log } = deps;
  const repo = { owner: payload.owner, repo: payload.repo };
  const repository = await github.repository(repo);
  const reads = readsOf(deps);
  const pr =
    payload.isPullRequest && payload.issue_number !== undefined
      ? await reads.pullRequest(repo, payload.issue_number)
      : undefined;
  const { config, problems, path: configPath } = await reads.repoConfig(repo, pr?.base.ref);
  deps.onConfig?.(payload.owner, payload.repo, config);

  if (payload.trigger === 'label') {
    if (payload.label !== config.fix.label) {
      return { end: skipped(`label ${payload.label} is not fix.label (${config.fix.label})`) };
    }
    const bot = payload.requester.type === 'Bot';
    if (bot && !config.triggers.allow_bots.includes(payload.requester.login)) {
      return { end: skipped(`bot ${payload.requester.login} is not in triggers.allow_bots`) };
    }
    if (!bot && !(await canTrigger(github, repo, payload.requester.login))) {
      return { end: skipped(`${payload.requester.login} has no write access`) };
    }
  }
  const secrets = knownSecrets(deps.env);
  const token = await github.gitToken();
  secrets.push(token);
  const redact = (text: string) => redactSecrets(text, secrets);
  const answer = async (body: string) => {
    const text = await redact(body);
    said.push(text);
    if (payload.replyTo) await reply(github, repo, payload.replyTo, text);
  };
  // A task has no issue: nothing to comment on; its caller reports what `said` holds.
  const issue =
    payload.issue_number !== undefined ? { ...repo, issue_number: payload.issue_number } : undefined;
  if (problems.length > 0) {
    const text = formatConfigProblems(problems, configPath);
    if (issue) await reportConfigProblems(github, issue, text);
    else said.push(text);
  }
  if (pr && pr.head.repoFullName !== repository.fullName && deps.runForkCode === false) {
    await answer(
      '**Pullwise** does not run `fix` on a pull request from a fork here: the agent would run the fork’s code ' +
        'on a runner that holds this repository’s secrets. Ask on an issue, or let the fork’s author apply the change.',
    );
    return { end: skipped('fix on a fork pull request, where secrets are present') };
  }

  const { model, reason } = modelForJob(withFixBudget(config), deps);
  if (!model) {
    await answer(`**Pullwise** cannot work on this: ${reason}.`);
    return { end: skipped(reason ?? 'no model') };
  }

  const steps = new Checklist([
    'Read the configuration',
    'Check out the repository',
    'Work on the change',
    config.fix.test_command
      ? `Run the tests (\`${config.fix.test_command}\`)`
      : 'Run the tests (none configured)',
    payload.isPullRequest ? 'Commit to the pull request' : 'Open a draft pull request',
  ]);
  const track = async (headline: string) => {
    if (issue) await trackJob(github, issue, MARKERS.fixTracking, headline, steps);
    else log.info({ steps: steps.render() }, headline);
  };
  steps.done(0);
  const context: FixContext = {
    payload,
    deps,
    repo,
    repository,
    ...(pr ? { pr } : {}),
    ...(issue ? { issue } : {}),
    config,
    model,
    token,
    redact,
    answer,
    steps,
    track,
    started: Date.now(),
  };
  await track(workingHeadline(context));
  return { context };
}

/** The tracking comment's headline while the job works. */
export function workingHeadline(context: Pick<FixContext, 'pr' | 'issue'>): string {
  return `**Pullwise** is working on ${context.pr ? 'this pull request' : context.issue ? 'this issue' : 'the task'}…`;
}

function skipped(reason: string): FixJobEnd {
  return { status: 'skipped', reason };
}
