/**
 * How the agent's commands run: in a bubblewrap sandbox (the default) or, when config says `sandbox: none`
 * (throwaway CI runners), as plain child processes. Both take the same options and give the same result, so
 * the tools and the fix job never know which one they have.
 */
export interface RunOptions {
  /** Working directory, relative to the workspace root (default: the root). Must stay inside it. */
  cwd?: string;
  /** Wall-clock limit: the whole process tree is killed when it passes. */
  timeoutMs: number;
  /** Output kept (stdout and stderr interleaved); the rest is dropped and `truncated` set. */
  maxOutputBytes: number;
  /** Aborts the command (the whole process tree is killed), e.g. when the job is superseded. */
  signal?: AbortSignal;
}

export interface CommandResult {
  /** null when the command was killed. */
  exitCode: number | null;
  /** The signal that ended the command, if any (e.g. SIGKILL after a timeout). */
  signal: string | null;
  /** stdout and stderr interleaved, as a terminal shows them, capped at maxOutputBytes. */
  output: string;
  truncated: boolean;
  /** Why the command was stopped by us, when it was. */
  killed?: 'timeout' | 'cancelled';
  durationMs: number;
}

export interface CommandRunner {
  readonly kind: 'bubblewrap' | 'none';
  /** The workspace (checkout) the commands may write to; everything else is read-only or absent. */
  readonly root: string;
  /** Runs `command` with /bin/sh -c in the workspace. Never rejects for a failing command: see the result. */
  run(command: string, options: RunOptions): Promise<CommandResult>;
}
