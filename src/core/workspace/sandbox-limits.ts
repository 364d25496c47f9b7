import { readFile } from 'node:fs/promises';
import {
  type CgroupHome,
  locateCgroupHomes,
  removeStaleGroups,
  RunCgroup,
  usableCgroupHomes,
} from './sandbox-cgroups.js';
import { findExecutable } from './sandbox-executables.js';

export interface LimitOptions {
  memoryBytes: number;
  maxProcesses: number;
  /** Put each command in its own cgroups when this process may make them (default). */
  useCgroups: boolean;
}

/** How the limits are enforced on this machine, for logs and for tests that depend on it. */
export interface EnforcedLimits {
  memoryBytes: number;
  maxProcesses: number;
  /** cgroup: the whole process tree shares the budget. rlimit: RLIMIT_DATA, each process on its own. */
  memory: 'cgroup-v1' | 'cgroup-v2' | 'rlimit-data';
  /** rlimit-nproc counts every process of the server's user; none: only the timeout stops a fork bomb. */
  processes: 'cgroup-v1' | 'cgroup-v2' | 'rlimit-nproc' | 'none';
}

/** What one command needs from the limits: shell lines run before it starts, and the clean-up after. */
export interface RunLimits {
  /** Lines of the launcher shell script, run in the process that then execs the command. */
  shellLines: string[];
  /** Put in front of the command's argv (programs that set a limit and exec the rest). */
  commandPrefix: string[];
  /** Kills whatever of the command is still running (only cgroups can find detached processes). */
  killAll(): Promise<void>;
  /** Kills what is left and frees what the run held. */
  release(): Promise<void>;
}

/*
 * Memory and process limits, chosen once per runner:
 *
 * - Where we may make cgroups (root on cgroup v1, as on this project's machines, or a delegated v2 subtree),
 *   every command gets its own group with memory (and swap) capped at memoryBytes for the whole tree, and
 *   pids.max capping tasks (threads count too). The group also finds every process at kill time, even ones
 *   that left the process group or the sandbox's session.
 * - Elsewhere memory falls back to RLIMIT_DATA (`ulimit -d`), per process. Not RLIMIT_AS: V8 reserves far
 *   more address space than it uses (node aborts at start under a 256 MiB RLIMIT_AS, "Failed to reserve
 *   virtual memory for CodeRange"), while RLIMIT_DATA counts only writable private memory actually mapped,
 *   so node starts under 256 MiB and a 4 GiB allocation fails. The private /tmp is a size-capped tmpfs.
 * - Processes fall back to RLIMIT_NPROC (prlimit), but only when the server is not root: the kernel counts
 *   it per real uid, all of that user's processes together, and never enforces it for uid 0, which the
 *   sandbox's user still is outside its user namespace (the inner uid maps onto ours). Without either, a
 *   fork bomb is stopped by the timeout alone: killing the sandbox's pid namespace takes every process in it
 *   down at once.
 */
export class LimitEnforcer {
  private constructor(
    readonly enforced: EnforcedLimits,
    private readonly homes: CgroupHome[],
    private readonly prlimitPath: string | undefined,
  ) {}

  static async probe(options: LimitOptions): Promise<LimitEnforcer> {
    const limits = { memoryBytes: options.memoryBytes, maxProcesses: options.maxProcesses };
    const homes = options.useCgroups ? await findUsableHomes(limits) : [];
    const memoryHome = homes.find((h) => h.controller === 'memory');
    const pidsHome = homes.find((h) => h.controller === 'pids');
    const prlimitPath = pidsHome || process.getuid?.() === 0 ? undefined : await findExecutable('prlimit');
    return new LimitEnforcer(
      {
        ...limits,
        memory: memoryHome ? `cgroup-v${memoryHome.version}` : 'rlimit-data',
        processes: pidsHome ? `cgroup-v${pidsHome.version}` : prlimitPath ? 'rlimit-nproc' : 'none',
      },
      homes,
      prlimitPath,
    );
  }

  async prepareRun(): Promise<RunLimits> {
    const cgroup = this.homes.length > 0 ? await RunCgroup.create(this.homes, this.enforced) : undefined;
    const shellLines = (cgroup?.procsFiles ?? []).map(
      (file) =>
        `echo $$ > ${shellQuote(file)} || { echo 'pullwise: cannot enter the command cgroup'; exit 125; }`,
    );
    if (this.enforced.memory === 'rlimit-data') {
      const kib = Math.max(1, Math.floor(this.enforced.memoryBytes / 1024));
      shellLines.push(`ulimit -d ${kib} || { echo 'pullwise: cannot set the memory limit'; exit 125; }`);
    }
    const commandPrefix = this.prlimitPath
      ? [this.prlimitPath, `--nproc=${this.enforced.maxProcesses}`, '--']
      : [];
    return {
      shellLines,
      commandPrefix,
      killAll: async () => cgroup?.killAll(),
      release: async () => cgroup?.remove(),
    };
  }
}

async function findUsableHomes(limits: { memoryBytes: number; maxProcesses: number }): Promise<CgroupHome[]> {
  try {
    const [mountinfo, selfCgroup] = await Promise.all([
      readFile('/proc/self/mountinfo', 'utf8'),
      readFile('/proc/self/cgroup', 'utf8'),
    ]);
    const usable = await usableCgroupHomes(locateCgroupHomes(mountinfo, selfCgroup), limits);
    await removeStaleGroups(usable);
    return usable;
  } catch {
    return [];
  }
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
