import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { PullwiseError } from '../errors.js';
import type { CommandResult, RunOptions } from './command-runner.js';
import { OutputCap } from './sandbox-output.js';

export interface ProcessLaunch {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** Pipes after stdin, stdout and stderr (fd 3, …), e.g. for bwrap's --info-fd. */
  extraPipes?: number;
}

/** How a runner takes down a command's whole process tree. */
export interface TreeControl {
  started?(child: ChildProcess): void;
  /** On timeout or abort: SIGKILL everything the command started, now. */
  kill(child: ChildProcess): void;
  /** Once the main process has exited: kill whatever it left behind and return when it is gone. */
  afterExit(child: ChildProcess): Promise<void>;
}

// A process that escaped the tree kill (possible only without sandbox and cgroups) may hold the output pipe
// open forever: after this long the rest of its output is dropped instead of waited for.
const STRAY_OUTPUT_GRACE_MS = 500;

/**
 * Spawns `launch` in a process group of its own, keeps its output (one pipe: the launcher sends stderr to
 * stdout) within the cap, and stops it on timeout or abort.
 */
export async function runProcess(
  launch: ProcessLaunch,
  options: RunOptions,
  control: TreeControl,
): Promise<CommandResult> {
  const startedAt = performance.now();
  if (options.signal?.aborted) {
    return { exitCode: null, signal: null, output: '', truncated: false, killed: 'cancelled', durationMs: 0 };
  }
  const cap = new OutputCap(options.maxOutputBytes);
  const child = spawn(launch.argv[0]!, launch.argv.slice(1), {
    cwd: launch.cwd,
    env: launch.env,
    // Its own process group, so the group can be killed without touching the server.
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore', ...Array<'pipe'>(launch.extraPipes ?? 0).fill('pipe')],
  });
  const stdout = child.stdout!;
  stdout.on('data', (chunk: Buffer) => cap.push(chunk));
  const outputClosed = new Promise<void>((resolve) => stdout.once('close', () => resolve()));
  control.started?.(child);

  let killed: 'timeout' | 'cancelled' | undefined;
  let exited = false;
  const stop = (reason: 'timeout' | 'cancelled') => {
    if (exited || killed) return;
    killed = reason;
    control.kill(child);
  };
  // setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days).
  const timer = setTimeout(() => stop('timeout'), Math.min(options.timeoutMs, 2 ** 31 - 1));
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', (error) =>
          reject(
            new PullwiseError(`Could not start the command: ${error.message}`, 'command-start', {
              cause: error,
            }),
          ),
        );
        child.once('exit', (code, sig) => resolve([code, sig]));
      },
    );
    exited = true;
    clearTimeout(timer);
    await control.afterExit(child);
    await Promise.race([outputClosed, delay(STRAY_OUTPUT_GRACE_MS, undefined, { ref: false })]);
    const result: CommandResult = {
      exitCode: killed ? null : exitCode,
      signal: killed ? 'SIGKILL' : signal,
      output: cap.text(),
      truncated: cap.truncated,
      durationMs: Math.round(performance.now() - startedAt),
    };
    if (killed) result.killed = killed;
    return result;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    for (const stream of child.stdio) stream?.destroy();
  }
}
