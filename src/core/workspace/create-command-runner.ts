import { realpath, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { PullwiseError } from '../errors.js';
import { systemLayout } from './bubblewrap-layout.js';
import { BubblewrapRunner } from './bubblewrap-runner.js';
import { PlainRunner } from './plain-runner.js';
import { findExecutable } from './sandbox-executables.js';
import { LimitEnforcer } from './sandbox-limits.js';
import { bubblewrapFeatures, checkSandbox, lifelinePrefix } from './sandbox-probe.js';
import { SandboxUnavailableError } from './sandbox-unavailable-error.js';

export interface CommandRunnerOptions {
  /** `bubblewrap` (default in config) or `none`: plain processes, for throwaway CI runners only. */
  mode: 'bubblewrap' | 'none';
  /** The checkout, an absolute path: the only place commands may write (besides a private /tmp). */
  root: string;
  /** Memory of one command (its whole tree where cgroups are available). Default 2 GiB. */
  memoryBytes?: number;
  /** Processes and threads of one command, where cgroups (or a non-root server's RLIMIT_NPROC) allow. */
  maxProcesses?: number;
  /** Set in every command's environment, on top of the short allow-list. Never put secrets here. */
  env?: Readonly<Record<string, string>>;
  /**
   * Host folders the commands may read (never write), at the same path: a worktree checkout's git folder
   * lives outside the checkout, and `git diff` or `git log` in the sandbox need it. Never a folder with secrets.
   */
  readOnly?: string[];
  /** bwrap's path, or a name looked up on PATH (default `bwrap`). */
  bwrapPath?: string;
  /** Use per-command cgroups for the limits when this process may make them (default true). */
  useCgroups?: boolean;
}

export const DEFAULT_MEMORY_BYTES = 2 * 1024 ** 3;
export const DEFAULT_MAX_PROCESSES = 1024;

/**
 * The runner for one workspace. `bubblewrap` is checked by running a real sandbox once: when this machine
 * cannot make one, it throws SandboxUnavailableError instead of running commands unconfined.
 */
export async function createCommandRunner(
  options: CommandRunnerOptions,
): Promise<BubblewrapRunner | PlainRunner> {
  const root = await checkRoot(options.root);
  const memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  const maxProcesses = options.maxProcesses ?? DEFAULT_MAX_PROCESSES;
  if (!Number.isSafeInteger(memoryBytes) || memoryBytes < 16 * 1024 ** 2) {
    throw new PullwiseError(`The sandbox memory limit must be at least 16 MiB, got ${memoryBytes} bytes`);
  }
  if (!Number.isSafeInteger(maxProcesses) || maxProcesses < 8) {
    throw new PullwiseError(`The sandbox process limit must be at least 8, got ${maxProcesses}`);
  }
  const env = options.env ?? {};
  const [limits, lifeline] = await Promise.all([
    LimitEnforcer.probe({ memoryBytes, maxProcesses, useCgroups: options.useCgroups ?? true }),
    lifelinePrefix(),
  ]);
  if (options.mode === 'none') return new PlainRunner({ root, limits, lifeline, env });

  const wanted = options.bwrapPath ?? 'bwrap';
  const bwrapPath = await findExecutable(wanted);
  if (!bwrapPath) {
    throw new SandboxUnavailableError(
      isAbsolute(wanted)
        ? `bwrap (bubblewrap) was not found at ${wanted}`
        : `${wanted} (bubblewrap) is not on the PATH`,
    );
  }
  const [features, layout, realRoot, readOnly] = await Promise.all([
    bubblewrapFeatures(bwrapPath),
    systemLayout(),
    realpath(root),
    Promise.all((options.readOnly ?? []).map(async (dir) => realpath(await checkRoot(dir)))),
  ]);
  const runner = new BubblewrapRunner({
    bwrapPath,
    plan: { layout, features, root, realRoot, readOnly, tmpBytes: memoryBytes },
    limits,
    lifeline,
    env,
  });
  await checkSandbox(runner, bwrapPath);
  return runner;
}

async function checkRoot(root: string): Promise<string> {
  const stats = isAbsolute(root) ? await stat(root).catch(() => undefined) : undefined;
  if (!stats?.isDirectory() || (await realpath(root)) === '/') {
    throw new PullwiseError(
      `The workspace root must be an absolute path to a checkout directory, got "${root}"`,
    );
  }
  return root;
}
