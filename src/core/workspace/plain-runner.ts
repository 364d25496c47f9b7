import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { runProcess, type TreeControl } from './run-process.js';
import { commandCwd } from './sandbox-cwd.js';
import { sandboxEnv } from './sandbox-env.js';
import { killQuietly } from './sandbox-kill.js';
import { launcherArgv } from './sandbox-launcher.js';
import { type EnforcedLimits, type LimitEnforcer, type RunLimits, shellQuote } from './sandbox-limits.js';

export interface PlainSetup {
  root: string;
  limits: LimitEnforcer;
  lifeline: string[];
  env: Readonly<Record<string, string>>;
}

const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * `sandbox: none`: plain child processes, for throwaway CI runners. The file system and the network are the
 * host's; the environment, the limits, the timeout, the tree kill and the output cap are the sandbox's.
 */
export class PlainRunner implements CommandRunner {
  readonly kind = 'none' as const;

  constructor(private readonly setup: PlainSetup) {}

  get root(): string {
    return this.setup.root;
  }

  get limits(): EnforcedLimits {
    return this.setup.limits.enforced;
  }

  async run(command: string, options: RunOptions): Promise<CommandResult> {
    const cwd = await commandCwd(this.root, options.cwd);
    // A HOME and TMPDIR of the command's own, so the server's (~/.npmrc, ~/.gitconfig, keys) are not read.
    const scratch = await mkdtemp(join(tmpdir(), 'pullwise-run-'));
    const home = join(scratch, 'home');
    const tmp = join(scratch, 'tmp');
    await Promise.all([mkdir(home), mkdir(tmp)]);
    const limits = await this.setup.limits.prepareRun();
    try {
      const env = sandboxEnv({ path: process.env.PATH || FALLBACK_PATH, home, tmp }, this.setup.env);
      const argv = launcherArgv(
        [...limits.shellLines, `cd -- ${shellQuote(cwd)} || exit 1`, 'unset OLDPWD'],
        [...this.setup.lifeline, ...limits.commandPrefix, '/bin/sh', '-c', command],
      );
      return await runProcess({ argv, env, cwd: this.root }, options, processGroupControl(limits));
    } finally {
      await limits.release();
      await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/**
 * The command's process group goes on timeout or abort and, like a sandbox's pid namespace, when the command
 * ends. Processes that leave the group (setsid) are found only through the cgroup, when there is one.
 */
function processGroupControl(limits: RunLimits): TreeControl {
  return {
    kill(child: ChildProcess) {
      if (child.pid !== undefined) killQuietly(-child.pid);
      void limits.killAll();
    },
    async afterExit(child: ChildProcess) {
      if (child.pid !== undefined) killQuietly(-child.pid);
      await limits.killAll();
    },
  };
}
