import { PullwiseError } from '../core/errors.js';
import { fixBranchName } from '../core/fix/fix-branch.js';
import {
  formatFixPullRequestBody,
  formatFixUsage,
  formatNoPullRequest,
  formatTests,
} from '../core/fix/fix-report.js';
import type { FixOutcome } from '../core/fix/run-fix.js';
import { commitAll } from '../core/workspace/push.js';
import { ensureDraftPullRequest } from '../github/draft-pull-request.js';
import { PermanentJobError } from '../queue/job-errors.js';
import type { FixContext, FixJobEnd } from './fix-context.js';
import { suggestFixOnFork } from './fix-on-fork.js';
import type { PreparedFix } from './fix-prepare.js';

/**
 * The last step: what the agent made, published — nothing to publish (no change, or failing tests: said so,
 * the branch pushed for a human when `fix.push_on_failure`), suggestions on a fork PR, a commit on a
 * same-repo PR, or a draft PR for an issue or a task. A failure here ends the job for good: the agent's work
 * (and its cost) is done, and a retry would pay for it again.
 */
export async function publishFix(
  context: FixContext,
  prepared: PreparedFix,
  outcome: FixOutcome,
): Promise<FixJobEnd> {
  try {
    return await publish(context, prepared, outcome);
  } catch (error) {
    if (context.deps.signal.aborted) throw error;
    // GitHub calls have had Octokit's retries already: the dead-letter comment says what failed.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PermanentJobError(`the change was made but could not be published: ${message}`, {
      cause: error,
    });
  }
}

async function publish(context: FixContext, prepared: PreparedFix, outcome: FixOutcome): Promise<FixJobEnd> {
  const { payload, deps, repository, pr, config, steps, answer, track } = context;
  const { workspace, push } = prepared;
  steps.done(outcome.tests ? 3 : 2);
  const seconds = (Date.now() - context.started) / 1000;
  const usage = context.model.ledger.usage;
  const testsConfigured = Boolean(config.fix.test_command);
  const commit = async (message: string) =>
    commitAll(workspace, {
      message,
      author: await deps.botIdentity(),
      paths: outcome.changes.map((c) => c.path),
    });

  if (outcome.changes.length === 0 || (outcome.tests && !outcome.tests.passed)) {
    let pushedBranch: { name: string; url?: string } | undefined;
    if (outcome.changes.length > 0 && config.fix.push_on_failure && !pr) {
      const branch = fixBranchName(payload.issue_number, payload.title);
      await commit(outcome.commitMessage);
      await push({ remoteBranch: branch, force: true });
      pushedBranch = { name: branch, url: `${repository.htmlUrl}/tree/${encodeURIComponent(branch)}` };
    }
    await answer(
      formatNoPullRequest({ outcome, usage, seconds, testCommandConfigured: testsConfigured, pushedBranch }),
    );
    await track(
      `**Pullwise** finished without ${pr ? 'a commit' : 'a pull request'} in ${seconds.toFixed(1)} s.`,
    );
    return {
      status: outcome.changes.length === 0 ? 'no-change' : 'tests-failed',
      branch: pushedBranch?.name,
    };
  }

  if (pr && pr.head.repoFullName !== repository.fullName) {
    const posted = await suggestFixOnFork(deps.github, context.repo, pr, workspace, outcome, context.redact);
    steps.done(4);
    await track(`**Pullwise** posted its change as suggestions in ${seconds.toFixed(1)} s (fork: no push).`);
    return { status: 'suggested', ...posted };
  }

  const sha = await commit(
    pr || payload.issue_number === undefined
      ? outcome.commitMessage
      : `${outcome.commitMessage}\n\nFixes #${payload.issue_number}`,
  );
  if (!sha) throw new Error('the agent changed files but nothing could be committed');

  if (pr) {
    let pushed;
    try {
      pushed = await push({ remoteBranch: pr.head.ref, expectedRemoteSha: pr.head.sha, signal: deps.signal });
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
    const url = `${repository.htmlUrl}/commit/${pushed.sha}`;
    steps.done(4);
    await answer(
      `**Pullwise** committed [\`${pushed.sha.slice(0, 7)}\`](${url}) to \`${pr.head.ref}\`: ${outcome.commitMessage}\n\n` +
        `${outcome.summary}\n\n${formatTests(outcome, testsConfigured)}\n\n<sub>${formatFixUsage(outcome, usage, seconds)}</sub>`,
    );
    await track(`**Pullwise** committed \`${pushed.sha.slice(0, 7)}\` in ${seconds.toFixed(1)} s.`);
    return { status: 'committed', sha: pushed.sha, branch: pr.head.ref };
  }

  const branch = fixBranchName(payload.issue_number, payload.title);
  await push({ remoteBranch: branch, force: true });
  const body = await context.redact(
    formatFixPullRequestBody({
      issueNumber: payload.issue_number,
      outcome,
      usage,
      seconds,
      testCommandConfigured: testsConfigured,
    }),
  );
  const opened = await ensureDraftPullRequest(deps.github, context.repo, {
    head: branch,
    base: repository.defaultBranch,
    title: outcome.commitMessage,
    body,
  });
  steps.done(4);
  await answer(`**Pullwise** opened a draft pull request: #${opened.number} (${opened.url}).`);
  await track(`**Pullwise** opened #${opened.number} in ${seconds.toFixed(1)} s.`);
  return { status: 'pull-request', number: opened.number, url: opened.url, branch };
}
