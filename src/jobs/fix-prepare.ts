import path from 'node:path';
import { PullwiseError } from '../core/errors.js';
import { ToolBox } from '../core/tools/toolbox.js';
import { checkoutWorkspace, type Workspace } from '../core/workspace/checkout.js';
import { createCommandRunner } from '../core/workspace/create-command-runner.js';
import type { CommandRunner } from '../core/workspace/command-runner.js';
import { pushBranch, type PushOptions } from '../core/workspace/push.js';
import { RepoCache } from '../core/workspace/repo-cache.js';
import { withSpan } from '../observability/tracing.js';
import { workingHeadline } from './fix-authorise.js';
import type { FixContext, FixJobEnd } from './fix-context.js';

/** The agent's working copy and what it works with. */
export interface PreparedFix {
  workspace: Workspace;
  runner: CommandRunner;
  tools: ToolBox;
  /** Pushes the workspace's commit (never from a run that has lost its job: see JobDeps.confirmLease). */
  push(options: Omit<PushOptions, 'token' | 'defaultBranch'>): ReturnType<typeof pushBranch>;
}

/**
 * The second step: a checkout of the default branch (an issue, a task) or of the PR head, from the
 * repository's mirror, and a sandbox in it for the agent's commands. Ends the job when there is no sandbox.
 * The caller removes `workspace` in `finally`, whatever happens after.
 */
export async function prepareFix(
  context: FixContext,
): Promise<{ workspace: Workspace } & ({ end: FixJobEnd } | { prepared: PreparedFix })> {
  const { deps, repository, pr, token } = context;
  const workspace = await withSpan('checkout', { 'pullwise.repository': repository.cloneUrl }, () =>
    checkoutWorkspace({
      cache: new RepoCache(path.join(deps.dataDir, 'repos')),
      cloneUrl: repository.cloneUrl,
      token,
      ref: pr ? { pullNumber: pr.number } : { branch: repository.defaultBranch },
      workRoot: path.join(deps.dataDir, 'work'),
      signal: deps.signal,
    }),
  );
  try {
    return { workspace, ...(await ready(context, workspace)) };
  } catch (error) {
    await workspace.remove();
    throw error;
  }
}

async function ready(
  context: FixContext,
  workspace: Workspace,
): Promise<{ end: FixJobEnd } | { prepared: PreparedFix }> {
  const { deps, repository, config, token, steps } = context;
  steps.done(1);
  await context.track(workingHeadline(context));
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
    await context.answer(`**Pullwise** cannot run the fix: ${error.message}`);
    return { end: { status: 'skipped', reason: error.message } };
  }
  const tools = new ToolBox({
    root: workspace.dir,
    runner,
    limits: { commandTimeoutMs: config.fix.command_timeout_seconds * 1000 },
  });
  const push: PreparedFix['push'] = async (options) => {
    await deps.confirmLease?.();
    return pushBranch(workspace, { ...options, token, defaultBranch: repository.defaultBranch });
  };
  return { prepared: { workspace, runner, tools, push } };
}
