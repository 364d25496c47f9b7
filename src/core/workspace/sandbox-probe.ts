import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BubblewrapFeatures } from './bubblewrap-args.js';
import type { CommandRunner } from './command-runner.js';
import { findExecutable } from './sandbox-executables.js';
import { SandboxUnavailableError } from './sandbox-unavailable-error.js';

const run = promisify(execFile);
const QUIET_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

export async function bubblewrapFeatures(bwrapPath: string): Promise<BubblewrapFeatures> {
  const help = await run(bwrapPath, ['--help'], { env: QUIET_ENV, timeout: 10_000 }).then(
    ({ stdout, stderr }) => stdout + stderr,
    () => '',
  );
  return { tmpfsSize: help.includes('--size'), disableUserns: help.includes('--disable-userns') };
}

/**
 * Runs `true` in a real sandbox, with every option a command gets: bwrap may be installed and still fail to
 * make its namespaces (unprivileged user namespaces disabled, a container without the privileges).
 */
export async function checkSandbox(runner: CommandRunner, bwrapPath: string): Promise<void> {
  let result;
  try {
    result = await runner.run('true', { timeoutMs: 10_000, maxOutputBytes: 4096 });
  } catch (error) {
    throw new SandboxUnavailableError(`bwrap could not be started (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (result.exitCode === 0) return;
  const said = result.output.trim().split('\n')[0];
  const ending = result.killed
    ? 'it did not finish within 10 s'
    : `exit code ${result.exitCode ?? result.signal}`;
  throw new SandboxUnavailableError(`bwrap (${bwrapPath}) failed to create its sandbox: ${said || ending}`);
}

/**
 * `setpriv --pdeathsig KILL`, when util-linux has it: the launcher, then bwrap, then (through
 * --die-with-parent) the sandbox die when this server dies, instead of running on without a timeout.
 */
export async function lifelinePrefix(): Promise<string[]> {
  const setpriv = await findExecutable('setpriv', QUIET_ENV.PATH);
  if (!setpriv) return [];
  const prefix = [setpriv, '--pdeathsig', 'KILL', '--'];
  return run(prefix[0]!, [...prefix.slice(1), '/bin/true'], { env: QUIET_ENV, timeout: 10_000 }).then(
    () => prefix,
    () => [],
  );
}
