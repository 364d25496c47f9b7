import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { killQuietly } from './sandbox-kill.js';

export type CgroupController = 'memory' | 'pids';

/** The cgroup this process lives in for one controller: per-run groups are made inside it. */
export interface CgroupHome {
  controller: CgroupController;
  version: 1 | 2;
  dir: string;
}

export interface CgroupLimits {
  memoryBytes: number;
  maxProcesses: number;
}

const CONTROLLERS: CgroupController[] = ['memory', 'pids'];

/**
 * Where our own cgroup is, per controller, read from /proc/self/mountinfo and /proc/self/cgroup. A controller
 * is bound to a v1 hierarchy or else, if a cgroup2 file system is mounted, to the unified one.
 */
export function locateCgroupHomes(mountinfo: string, selfCgroup: string): CgroupHome[] {
  const mounts = mountinfo.split('\n').flatMap((line) => parseMount(line) ?? []);
  const memberships = selfCgroup.split('\n').flatMap((line) => {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    return match ? [{ controllers: match[2]!.split(','), path: match[3]! }] : [];
  });
  const homes: CgroupHome[] = [];
  for (const controller of CONTROLLERS) {
    const v1Mounts = mounts.filter((m) => m.type === 'cgroup' && m.superOptions.includes(controller));
    const v1Path = memberships.find((m) => m.controllers.includes(controller))?.path;
    if (v1Mounts.length > 0) {
      const dir = v1Path === undefined ? undefined : visibleDir(v1Mounts, v1Path);
      if (dir) homes.push({ controller, version: 1, dir });
      continue;
    }
    const v2Path = memberships.find((m) => m.controllers.length === 1 && m.controllers[0] === '')?.path;
    const dir =
      v2Path === undefined
        ? undefined
        : visibleDir(
            mounts.filter((m) => m.type === 'cgroup2'),
            v2Path,
          );
    if (dir) homes.push({ controller, version: 2, dir });
  }
  return homes;
}

interface Mount {
  root: string;
  mountPoint: string;
  type: string;
  superOptions: string[];
}

function parseMount(line: string): Mount | undefined {
  const [left, right] = line.split(' - ');
  if (!left || !right) return undefined;
  const fields = left.split(' ');
  const [type, , superOptions] = right.split(' ');
  if (fields.length < 5 || !type) return undefined;
  return {
    root: unescapeMountField(fields[3]!),
    mountPoint: unescapeMountField(fields[4]!),
    type,
    superOptions: (superOptions ?? '').split(','),
  };
}

// mountinfo writes space, tab, newline and backslash as octal escapes.
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function visibleDir(mounts: Mount[], cgroupPath: string): string | undefined {
  for (const mount of mounts) {
    const rel = posix.relative(mount.root, cgroupPath);
    if (rel === '' || (rel !== '..' && !rel.startsWith('../') && !posix.isAbsolute(rel)))
      return posix.join(mount.mountPoint, rel);
  }
  return undefined;
}

/**
 * The homes where we may make groups and set limits: each is tried by making a throwaway group, setting its
 * limit and removing it. Cgroup v2 is used only where the controller is already delegated to our group
 * (enabling it would mean moving this process around, which is the service manager's business).
 */
export async function usableCgroupHomes(homes: CgroupHome[], limits: CgroupLimits): Promise<CgroupHome[]> {
  const usable: CgroupHome[] = [];
  for (const home of homes) {
    const probe = join(home.dir, groupName('probe'));
    try {
      await mkdir(probe);
    } catch {
      continue;
    }
    try {
      if (home.version === 2) {
        const enabled = (await readFile(join(probe, 'cgroup.controllers'), 'utf8')).split(/\s+/);
        if (!enabled.includes(home.controller)) continue;
      }
      await writeLimit(probe, home, limits);
      usable.push(home);
    } catch {
      // Not ours to configure: the caller falls back to rlimits.
    } finally {
      await rmdir(probe).catch(() => undefined);
    }
  }
  return usable;
}

async function writeLimit(dir: string, home: CgroupHome, limits: CgroupLimits): Promise<void> {
  if (home.controller === 'pids') {
    await writeFile(join(dir, 'pids.max'), String(limits.maxProcesses));
    return;
  }
  const bytes = String(limits.memoryBytes);
  if (home.version === 1) {
    await writeFile(join(dir, 'memory.limit_in_bytes'), bytes);
    // With swap accounting on, the same cap must hold for memory plus swap, or a hog just swaps.
    if (await exists(join(dir, 'memory.memsw.limit_in_bytes'))) {
      await writeFile(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
    }
  } else {
    await writeFile(join(dir, 'memory.max'), bytes);
    if (await exists(join(dir, 'memory.swap.max'))) await writeFile(join(dir, 'memory.swap.max'), '0');
  }
}

/**
 * Removes the empty groups left by a server that died mid-run (named after its pid, which is gone). Only
 * empty groups can be removed, so nothing still running is touched.
 */
export async function removeStaleGroups(homes: CgroupHome[]): Promise<void> {
  for (const dir of new Set(homes.map((home) => home.dir))) {
    const names = await readdir(dir).catch(() => []);
    for (const name of names) {
      const owner = /^pullwise-(?:run|probe)-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
      if (owner !== undefined && !isAlive(Number(owner))) await rmdir(join(dir, name)).catch(() => undefined);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The groups of one command: every process it starts is in them, however it forks or detaches. */
export class RunCgroup {
  private constructor(private readonly groups: { dir: string; version: 1 | 2 }[]) {}

  static async create(homes: CgroupHome[], limits: CgroupLimits): Promise<RunCgroup> {
    const name = groupName('run');
    const groups: { dir: string; version: 1 | 2 }[] = [];
    const made = new RunCgroup(groups);
    try {
      for (const home of homes) {
        const dir = join(home.dir, name);
        // On cgroup v2 one group carries every controller.
        if (!groups.some((g) => g.dir === dir)) {
          await mkdir(dir);
          groups.push({ dir, version: home.version });
        }
        await writeLimit(dir, home, limits);
      }
    } catch (error) {
      await made.remove();
      throw error;
    }
    return made;
  }

  /** Files a process writes its pid to in order to join (before it starts the command). */
  get procsFiles(): string[] {
    return this.groups.map((g) => join(g.dir, 'cgroup.procs'));
  }

  /** SIGKILLs every process in the groups and returns once they are empty (or after ~2 s of trying). */
  async killAll(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      let remaining = 0;
      for (const group of this.groups) {
        const pids = await this.pids(group.dir);
        remaining += pids.length;
        if (pids.length === 0) continue;
        if (group.version === 2 && (await exists(join(group.dir, 'cgroup.kill')))) {
          await writeFile(join(group.dir, 'cgroup.kill'), '1').catch(() => undefined);
        } else {
          for (const pid of pids) killQuietly(pid);
        }
      }
      if (remaining === 0) return;
      await delay(10);
    }
  }

  async remove(): Promise<void> {
    await this.killAll();
    for (const group of this.groups) {
      // A group stays busy for a moment while its last processes are reaped.
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          await rmdir(group.dir);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
          await delay(20);
        }
      }
    }
  }

  private async pids(dir: string): Promise<number[]> {
    const text = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  }
}

function groupName(purpose: string): string {
  return `pullwise-${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
