import type { ChildProcess } from 'node:child_process';
import {
  type BubblewrapPlan,
  bubblewrapArgs,
  SANDBOX_HOME,
  SANDBOX_TMP,
  sandboxPath,
} from './bubblewrap-args.js';
import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { runProcess, type TreeControl } from './run-process.js';
import { commandCwd } from './sandbox-cwd.js';
import { sandboxEnv } from './sandbox-env.js';
import { killQuietly, waitUntilExited } from './sandbox-kill.js';
import { launcherArgv } from './sandbox-launcher.js';
import type { EnforcedLimits, LimitEnforcer, RunLimits } from './sandbox-limits.js';

export interface BubblewrapSetup {
  bwrapPath: string;
  plan: BubblewrapPlan;
  limits: LimitEnforcer;
  /** Put in front of the launched argv so the sandbox dies with this server (setpriv --pdeathsig). */
  lifeline: string[];
  env: Readonly<Record<string, string>>;
}

/** Runs each command in a fresh bubblewrap sandbox (see bubblewrap-args.ts for what it sees and can do). */
export class BubblewrapRunner implements CommandRunner {
  readonly kind = 'bubblewrap' as const;

  constructor(private readonly setup: BubblewrapSetup) {}

  get root(): string {
    return this.setup.plan.root;
  }

  get limits(): EnforcedLimits {
    return this.setup.limits.enforced;
  }

  /** The bwrap argv of `command` (without the launcher around it), as `run` would use it. */
  bwrapArgv(command: string, cwd: string = this.root): string[] {
    const { plan, env } = this.setup;
    const sandboxed = sandboxEnv(
      { path: sandboxPath(plan.layout), home: SANDBOX_HOME, tmp: SANDBOX_TMP },
      env,
    );
    return [this.setup.bwrapPath, ...bubblewrapArgs(plan, { cwd, env: sandboxed }, command)];
  }

  async run(command: string, options: RunOptions): Promise<CommandResult> {
    const cwd = await commandCwd(this.root, options.cwd);
    const bwrap = this.bwrapArgv(command, cwd);
    const limits = await this.setup.limits.prepareRun();
    try {
      const argv = launcherArgv(limits.shellLines, [
        ...this.setup.lifeline,
        ...limits.commandPrefix,
        ...bwrap,
      ]);
      // Not even bwrap sees the server's environment.
      const env = { PATH: sandboxPath(this.setup.plan.layout), LANG: 'C.UTF-8' };
      return await runProcess({ argv, env, cwd: '/', extraPipes: 1 }, options, sandboxTreeControl(limits));
    } finally {
      await limits.release();
    }
  }
}

/**
 * The sandbox's init (pid 1 of its pid namespace) ends when the command ends or when we SIGKILL it, and the
 * kernel then kills every process in the namespace before the init itself is done (a zombie). Waiting for
 * that means whatever the command forked, detached or daemonised is dead when the run returns. The cgroup,
 * when there is one, is a second net.
 */
function sandboxTreeControl(limits: RunLimits): TreeControl {
  let sandboxPid: number | undefined;
  let info = '';
  return {
    started(child: ChildProcess) {
      child.stdio[3]?.on('data', (chunk: Buffer) => {
        info += chunk.toString('utf8');
        const match = /"child-pid"\s*:\s*(\d+)/.exec(info);
        if (match) sandboxPid = Number(match[1]);
      });
    },
    kill(child: ChildProcess) {
      // Before bwrap has reported its init, kill the launcher's group: bwrap's init has --die-with-parent.
      if (sandboxPid !== undefined) killQuietly(sandboxPid);
      else if (child.pid !== undefined) killQuietly(-child.pid);
      void limits.killAll();
    },
    async afterExit() {
      if (sandboxPid !== undefined) await waitUntilExited(sandboxPid, 2000);
      await limits.killAll();
    },
  };
}
