import path from 'node:path';
import { redactSecrets } from '../core/checks/redact-secrets.js';
import { formatConfigProblems } from '../core/config/load-config.js';
import type { PullwiseConfig } from '../core/config/schema.js';
import { PullwiseError } from '../core/errors.js';
import { PermanentJobError } from '../queue/job-errors.js';
import { fixBranchName } from '../core/fix/fix-branch.js';
import {
  formatFixPullRequestBody,
  formatFixUsage,
  formatNoPullRequest,
  formatTests,
} from '../core/fix/fix-report.js';
import { runFix, type FixStep } from '../core/fix/run-fix.js';
import { ToolBox } from '../core/tools/toolbox.js';
import { checkoutWorkspace } from '../core/workspace/checkout.js';
import { withSpan } from '../observability/tracing.js';
import { createCommandRunner } from '../core/workspace/create-command-runner.js';
import { RepoCache } from '../core/workspace/repo-cache.js';
import { commitAll, pushBranch, type PushOptions } from '../core/workspace/push.js';
import { ensureDraftPullRequest } from '../github/draft-pull-request.js';
import { Checklist, MARKERS, reportConfigProblems, trackJob } from './job-comments.js';
import { installationToken } from '../github/installation-token.js';
import { canTrigger } from '../github/permissions.js';
import { reply } from '../github/reply.js';
import { readsOf } from './job-reads.js';
import { suggestFixOnFork } from './fix-on-fork.js';
import { knownSecrets, modelForJob, type JobDeps } from './job-deps.js';
import type { FixJobPayload } from '../intake/job-payloads.js';

export type FixJobOutcome = FixJobEnd & {
  /** What the job said (as comments; for a task, only here): the caller's report. */
  said: string[];
};

type FixJobEnd =
  | { status: 'pull-request'; number: number; url: string; branch: string }
  | { status: 'committed'; sha: string; branch: string }
  | { status: 'suggested'; reviewId: number; comments: number }
  | { status: 'no-change' | 'tests-failed' | 'head-moved'; branch?: string }
  | { status: 'skipped'; reason: string };

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
 * `fix`: from an issue (label or command) a draft PR whose tests passed; on a same-repo PR a commit on its
 * branch; on a fork PR suggestions (never a push). The agent works in a sandboxed checkout; the job reports
 * progress in one tracking comment and ends with an honest answer whatever happened.
 */
export async function runFixJob(payload: FixJobPayload, deps: JobDeps): Promise<FixJobOutcome> {
  const said: string[] = [];
  const end = await fix(payload, deps, said);
  return { ...end, said };
}

async function fix(payload: FixJobPayload, deps: JobDeps, said: string[]): Promise<FixJobEnd> {
  const { octokit, signal, log } = deps;
  const repo = { owner: payload.owner, repo: payload.repo };
  const { data: repository } = await octokit.rest.repos.get(repo);
  const reads = readsOf(deps);
  const pr =
    payload.isPullRequest && payload.issue_number !== undefined
      ? await reads.pullRequest(repo, payload.issue_number)
      : undefined;
  const { config, problems, path: configPath } = await reads.repoConfig(repo, pr?.base.ref);
  deps.onConfig?.(payload.owner, payload.repo, config);

  if (payload.trigger === 'label') {
    if (payload.label !== config.fix.label) {
      return { status: 'skipped', reason: `label ${payload.label} is not fix.label (${config.fix.label})` };
    }
    const bot = payload.requester.type === 'Bot';
    if (bot && !config.triggers.allow_bots.includes(payload.requester.login)) {
      return { status: 'skipped', reason: `bot ${payload.requester.login} is not in triggers.allow_bots` };
    }
    if (!bot && !(await canTrigger(octokit, repo, payload.requester.login))) {
      return { status: 'skipped', reason: `${payload.requester.login} has no write access` };
    }
  }
  const secrets = knownSecrets(deps.env);
  const token = await installationToken(octokit);
  secrets.push(token);
  const redact = (text: string) => redactSecrets(text, secrets);
  const answer = async (body: string) => {
    const text = await redact(body);
    said.push(text);
    if (payload.replyTo) await reply(octokit, repo, payload.replyTo, text);
  };
  // A task has no issue: nothing to comment on; its caller reports what `said` holds.
  const issue =
    payload.issue_number !== undefined ? { ...repo, issue_number: payload.issue_number } : undefined;
  if (problems.length > 0) {
    const text = formatConfigProblems(problems, configPath);
    if (issue) await reportConfigProblems(octokit, issue, text);
    else said.push(text);
  }
  if (pr && pr.head.repo?.full_name !== repository.full_name && deps.runForkCode === false) {
    await answer(
      '**Pullwise** does not run `fix` on a pull request from a fork here: the agent would run the fork’s code ' +
        'on a runner that holds this repository’s secrets. Ask on an issue, or let the fork’s author apply the change.',
    );
    return { status: 'skipped', reason: 'fix on a fork pull request, where secrets are present' };
  }

  const { model, reason } = modelForJob(withFixBudget(config), deps);
  if (!model) {
    await answer(`**Pullwise** cannot work on this: ${reason}.`);
    return { status: 'skipped', reason: reason ?? 'no model' };
  }

  const started = Date.now();
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
    if (issue) await trackJob(octokit, issue, MARKERS.fixTracking, headline, steps);
    else log.info({ steps: steps.render() }, headline);
  };
  const headline = `**Pullwise** is working on ${pr ? 'this pull request' : issue ? 'this issue' : 'the task'}…`;
  steps.done(0);
  await track(headline);

  const cache = new RepoCache(path.join(deps.dataDir, 'repos'));
  const workspace = await withSpan('checkout', { 'pullwise.repository': repository.clone_url }, () =>
    checkoutWorkspace({
      cache,
      cloneUrl: repository.clone_url,
      token,
      ref: pr ? { pullNumber: pr.number } : { branch: repository.default_branch },
      workRoot: path.join(deps.dataDir, 'work'),
      signal,
    }),
  );
  // Pushes are writes too: none from a run that has lost its job (see JobDeps.confirmLease).
  const push = async (options: Omit<PushOptions, 'token' | 'defaultBranch'>) => {
    await deps.confirmLease?.();
    return pushBranch(workspace, { ...options, token, defaultBranch: repository.default_branch });
  };
  try {
    steps.done(1);
    await track(headline);
    let runner;
    try {
      runner = await createCommandRunner({
        mode: config.sandbox,
        root: workspace.dir,
        // `git diff` and `git log` in the sandbox read the worktree's git folder, in the repository's mirror.
        readOnly: [workspace.mirrorDir],
        memoryBytes: config.fix.memory_mb * 1024 * 1024,
      });
    } catch (error) {
      if (!(error instanceof PullwiseError)) throw error;
      await answer(`**Pullwise** cannot run the fix: ${error.message}`);
      return { status: 'skipped', reason: error.message };
    }
    const tools = new ToolBox({
      root: workspace.dir,
      runner,
      limits: { commandTimeoutMs: config.fix.command_timeout_seconds * 1000 },
    });
    const onStep = async (step: FixStep) => {
      steps.done(step === 'agent' ? 1 : 2);
      await track(headline);
    };
    const outcome = await runFix({
      workspace,
      runner,
      tools,
      model,
      config,
      task: {
        kind: pr ? 'pull-request' : issue ? 'issue' : 'task',
        number: payload.issue_number,
        title: payload.title,
        body: payload.body,
        instruction: payload.instruction,
        thread: payload.thread,
        testCommand: config.fix.test_command,
      },
      signal,
      onStep,
    });
    try {
      steps.done(outcome.tests ? 3 : 2);
      const seconds = (Date.now() - started) / 1000;
      const usage = model.ledger.usage;
      log.info(
        { stop: outcome.agent.stopReason, changes: outcome.changes.length, tests: outcome.tests?.passed },
        'fix done',
      );

      const testsOk = !outcome.tests || outcome.tests.passed;
      if (outcome.changes.length === 0 || !testsOk) {
        let pushedBranch: { name: string; url?: string } | undefined;
        if (outcome.changes.length > 0 && config.fix.push_on_failure && !pr) {
          const branch = fixBranchName(payload.issue_number, payload.title);
          const identity = await deps.botIdentity();
          await commitAll(workspace, {
            message: outcome.commitMessage,
            author: identity,
            paths: outcome.changes.map((c) => c.path),
          });
          await push({ remoteBranch: branch, force: true });
          pushedBranch = { name: branch, url: `${repository.html_url}/tree/${encodeURIComponent(branch)}` };
        }
        await answer(
          formatNoPullRequest({
            outcome,
            usage,
            seconds,
            testCommandConfigured: Boolean(config.fix.test_command),
            pushedBranch,
          }),
        );
        await track(
          `**Pullwise** finished without ${pr ? 'a commit' : 'a pull request'} in ${seconds.toFixed(1)} s.`,
        );
        return {
          status: outcome.changes.length === 0 ? 'no-change' : 'tests-failed',
          branch: pushedBranch?.name,
        };
      }

      if (pr && pr.head.repo?.full_name !== repository.full_name) {
        const posted = await suggestFixOnFork(octokit, repo, pr, workspace, outcome, redact);
        steps.done(4);
        await track(
          `**Pullwise** posted its change as suggestions in ${seconds.toFixed(1)} s (fork: no push).`,
        );
        return { status: 'suggested', ...posted };
      }

      const identity = await deps.botIdentity();
      const sha = await commitAll(workspace, {
        message:
          pr || payload.issue_number === undefined
            ? outcome.commitMessage
            : `${outcome.commitMessage}\n\nFixes #${payload.issue_number}`,
        author: identity,
        paths: outcome.changes.map((c) => c.path),
      });
      if (!sha) throw new Error('the agent changed files but nothing could be committed');

      if (pr) {
        let pushed;
        try {
          pushed = await push({ remoteBranch: pr.head.ref, expectedRemoteSha: pr.head.sha, signal });
        } catch (error) {
          if (!(error instanceof PullwiseError && error.code === 'push-rejected')) throw error;
          // Someone pushed while the agent worked: never overwrite their commits; say so and let them rerun.
          await answer(
            `**Pullwise** did not push: \`${pr.head.ref}\` moved on from \`${pr.head.sha.slice(0, 7)}\` while it worked. ` +
              `Ask again with \`${config.triggers.phrase} fix …\` to redo the change on the new head.`,
          );
          await track(`**Pullwise** stopped: the branch moved while it worked.`);
          return { status: 'head-moved', branch: pr.head.ref };
        }
        const url = `${repository.html_url}/commit/${pushed.sha}`;
        steps.done(4);
        await answer(
          `**Pullwise** committed [\`${pushed.sha.slice(0, 7)}\`](${url}) to \`${pr.head.ref}\`: ${outcome.commitMessage}\n\n` +
            `${outcome.summary}\n\n${formatTests(outcome, Boolean(config.fix.test_command))}\n\n<sub>${formatFixUsage(outcome, usage, seconds)}</sub>`,
        );
        await track(`**Pullwise** committed \`${pushed.sha.slice(0, 7)}\` in ${seconds.toFixed(1)} s.`);
        return { status: 'committed', sha: pushed.sha, branch: pr.head.ref };
      }

      const branch = fixBranchName(payload.issue_number, payload.title);
      await push({ remoteBranch: branch, force: true });
      const body = await redact(
        formatFixPullRequestBody({
          issueNumber: payload.issue_number,
          outcome,
          usage,
          seconds,
          testCommandConfigured: Boolean(config.fix.test_command),
        }),
      );
      const opened = await ensureDraftPullRequest(octokit, repo, {
        head: branch,
        base: repository.default_branch,
        title: outcome.commitMessage,
        body,
      });
      steps.done(4);
      await answer(`**Pullwise** opened a draft pull request: #${opened.number} (${opened.url}).`);
      await track(`**Pullwise** opened #${opened.number} in ${seconds.toFixed(1)} s.`);
      return { status: 'pull-request', number: opened.number, url: opened.url, branch };
    } catch (error) {
      if (signal.aborted) throw error;
      // The agent's work (and its cost) is done: a retry would pay for it again. GitHub calls have had
      // Octokit's retries already, so the job ends here and the dead-letter comment says what failed.
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new PermanentJobError(`the change was made but could not be published: ${message}`, {
        cause: error,
      });
    }
  } finally {
    await workspace.remove();
  }
}
