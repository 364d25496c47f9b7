import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CommandResult, CommandRunner, RunOptions } from '../../../src/core/workspace/command-runner.js';

/**
 * A real runner without a sandbox: `/bin/sh -c` in the root, in its own process group so a timeout kills the
 * whole tree. Enough to test the tools' handling of results; the bubblewrap runner has its own tests.
 */
export function shellRunner(root: string): CommandRunner {
  return {
    kind: 'none',
    root,
    run(command: string, options: RunOptions): Promise<CommandResult> {
      const started = Date.now();
      return new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', command], {
          cwd: path.resolve(root, options.cwd ?? '.'),
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = Buffer.alloc(0);
        let truncated = false;
        let killed: CommandResult['killed'];
        const keep = (chunk: Buffer) => {
          const room = options.maxOutputBytes - output.length;
          if (chunk.length > room) truncated = true;
          output = Buffer.concat([output, chunk.subarray(0, Math.max(0, room))]);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        const killTree = (reason: NonNullable<CommandResult['killed']>) => {
          killed = reason;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        };
        const timer = setTimeout(() => killTree('timeout'), options.timeoutMs);
        const onAbort = () => killTree('cancelled');
        options.signal?.addEventListener('abort', onAbort, { once: true });
        child.on('close', (exitCode, signal) => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve({
            exitCode,
            signal,
            output: output.toString('utf8'),
            truncated,
            ...(killed ? { killed } : {}),
            durationMs: Date.now() - started,
          });
        });
      });
    },
  };
}
