import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** SIGKILLs a process, or a process group for a negative id, that may be gone already. */
export function killQuietly(pidOrGroup: number | undefined): void {
  if (pidOrGroup === undefined) return;
  try {
    process.kill(pidOrGroup, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Returns once `pid` has exited, or after `limitMs`. A zombie counts as exited: nobody may reap it soon (an
 * orphan goes to the host's init), and a pid namespace's init only becomes one once its namespace is empty.
 */
export async function waitUntilExited(pid: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && (await isRunning(pid))) await delay(5);
}

async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  // The state follows the command name, which is in parentheses and may itself contain ") ".
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}
