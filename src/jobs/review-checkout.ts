import path from 'node:path';
import type { PullwiseConfig } from '../core/config/schema.js';
import type { ReviewTools } from '../core/review/reading-tools.js';
import type { VerifySetup } from '../core/review/review-options.js';
import { ToolBox } from '../core/tools/toolbox.js';
import { checkoutWorkspace } from '../core/workspace/checkout.js';
import { withSpan } from '../observability/tracing.js';
import { createCommandRunner } from '../core/workspace/create-command-runner.js';
import { RepoCache } from '../core/workspace/repo-cache.js';
import { SandboxUnavailableError } from '../core/workspace/sandbox-unavailable-error.js';
import type { JobDeps } from './job-deps.js';

interface PullRequestHead {
  number: number;
  base: { cloneUrl: string };
}

export interface ReviewCheckout {
  tools?: ReviewTools;
  verify?: VerifySetup;
  /** Deletes the working copy; call it in `finally`. */
  remove(): Promise<void>;
}

/**
 * What a review needs beyond the API diff, only when the config asks for it: a checkout of the PR head (through
 * `refs/pull/<n>/head`, so forks work) with read-only tools for the model (`review.tools`), and a sandbox in
 * that throwaway copy for `review.verify_command` (with `fix.test_timeout_seconds` as its time limit).
 */
export async function reviewCheckout(
  github: JobDeps['github'],
  pr: PullRequestHead,
  config: PullwiseConfig,
  deps: Pick<JobDeps, 'dataDir' | 'signal' | 'log'>,
): Promise<ReviewCheckout> {
  const verifyCommand = config.review.verify_command.trim();
  if (!config.review.tools && !verifyCommand) return { remove: async () => {} };
  const token = await github.gitToken();
  const workspace = await withSpan('checkout', { 'pullwise.repository': pr.base.cloneUrl }, () =>
    checkoutWorkspace({
      cache: new RepoCache(path.join(deps.dataDir, 'repos')),
      cloneUrl: pr.base.cloneUrl,
      token,
      ref: { pullNumber: pr.number },
      workRoot: path.join(deps.dataDir, 'work'),
      signal: deps.signal,
    }),
  );
  try {
    const checkout: ReviewCheckout = { remove: () => workspace.remove() };
    if (config.review.tools) {
      checkout.tools = {
        box: new ToolBox({ root: workspace.dir, readOnly: true }),
        maxTurns: config.review.max_tool_turns,
      };
    }
    if (verifyCommand) {
      try {
        const runner = await createCommandRunner({
          mode: config.sandbox,
          root: workspace.dir,
          readOnly: [workspace.mirrorDir],
          memoryBytes: config.fix.memory_mb * 1024 * 1024,
        });
        checkout.verify = { root: workspace.dir, runner, timeoutMs: config.fix.test_timeout_seconds * 1000 };
      } catch (error) {
        // Without a sandbox the suggestions are posted unverified (as without verify_command), never run bare.
        if (!(error instanceof SandboxUnavailableError)) throw error;
        deps.log.warn({ err: error }, 'suggestions not verified: no sandbox');
      }
    }
    return checkout;
  } catch (error) {
    await workspace.remove();
    throw error;
  }
}
