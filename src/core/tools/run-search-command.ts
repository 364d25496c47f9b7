import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ToolError } from './tool-error.js';

export interface SearchCommandOptions {
  cwd: string;
  timeoutMs: number;
  /** stdout kept; past it the command is stopped and `truncated` set (enough to count "more than N"). */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface SearchCommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  truncated: boolean;
}

const MAX_STDERR_CHARS = 2000;

// The checkout (its .git/config included) is writable by the agent's commands, while these run outside the
// sandbox: no user or system git config, no HOME inside the checkout, no pager. Options that run programs
// from repository config (core.fsmonitor) are switched off on the command line by the callers.
const SEARCH_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/nonexistent',
  LC_ALL: 'C.UTF-8',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_PAGER: 'cat',
  GIT_OPTIONAL_LOCKS: '0',
};

/**
 * Runs one of our own read-only commands (rg, git grep, git ls-files) directly, outside the agent's sandbox:
 * fixed arguments, no shell, a clean environment (no RIPGREP_CONFIG_PATH, no GIT_* from the host), a
 * time limit and an output cap. Rejects only when the command cannot start or times out.
 */
export function runSearchCommand(
  file: string,
  args: string[],
  options: SearchCommandOptions,
): Promise<SearchCommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: SEARCH_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let truncated = false;
    let timedOut = false;
    const stop = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = options.maxOutputBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        truncated = true;
        stop();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      if (options.signal?.aborted)
        return reject(new ToolError('the search was cancelled: the job is stopping'));
      if (timedOut) {
        return reject(
          new ToolError(`the search took longer than ${options.timeoutMs} ms; narrow it with path or glob`),
        );
      }
      resolve({
        stdout: Buffer.concat(chunks).toString('utf8'),
        stderr: stderr.slice(0, MAX_STDERR_CHARS).trim(),
        exitCode,
        truncated,
      });
    });
  });
}

/** The absolute path of an executable found on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
