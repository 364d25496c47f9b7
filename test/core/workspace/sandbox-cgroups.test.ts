import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateCgroupHomes, removeStaleGroups } from '../../../src/core/workspace/sandbox-cgroups.js';

// Excerpts of real /proc/self/mountinfo and /proc/self/cgroup files.
const V1_MOUNTINFO = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;
const V1_CGROUP = `9:name=systemd:/
8:pids:/
4:memory:/process_api/c921ec63
1:cpu:/
0::/`;

const V2_MOUNTINFO = `24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot`;
const V2_CGROUP = '0::/system.slice/pullwise.service\n';

describe('locateCgroupHomes', () => {
  test('on cgroup v1 each controller lives in its own hierarchy, at our path in it', () => {
    expect(locateCgroupHomes(V1_MOUNTINFO, V1_CGROUP)).toEqual([
      { controller: 'memory', version: 1, dir: '/sys/fs/cgroup/memory/process_api/c921ec63' },
      { controller: 'pids', version: 1, dir: '/sys/fs/cgroup/pids' },
    ]);
  });

  test('on cgroup v2 both controllers share our one group in the unified hierarchy', () => {
    expect(locateCgroupHomes(V2_MOUNTINFO, V2_CGROUP)).toEqual([
      { controller: 'memory', version: 2, dir: '/sys/fs/cgroup/system.slice/pullwise.service' },
      { controller: 'pids', version: 2, dir: '/sys/fs/cgroup/system.slice/pullwise.service' },
    ]);
  });

  test('in a container the mount shows only our subtree: paths are taken relative to its root', () => {
    const mountinfo = '1021 1013 0:30 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw,nsdelegate';

    expect(locateCgroupHomes(mountinfo, '0::/docker/abc/job\n')).toEqual([
      { controller: 'memory', version: 2, dir: '/sys/fs/cgroup/job' },
      { controller: 'pids', version: 2, dir: '/sys/fs/cgroup/job' },
    ]);
  });

  test('a group outside every mounted part of the hierarchy, or no cgroup file system, gives nothing', () => {
    const mountinfo = '1021 1013 0:30 /docker/abc /sys/fs/cgroup ro - cgroup2 cgroup2 rw';

    expect(locateCgroupHomes(mountinfo, '0::/elsewhere\n')).toEqual([]);
    expect(locateCgroupHomes('', V1_CGROUP)).toEqual([]);
  });

  test('escaped characters in mount points are decoded', () => {
    const mountinfo = '35 24 0:30 / /mnt/cgroup\\040v2 rw - cgroup2 cgroup2 rw';

    expect(locateCgroupHomes(mountinfo, '0::/a\n')[0]?.dir).toBe('/mnt/cgroup v2/a');
  });
});

describe('removeStaleGroups', () => {
  test('removes the groups of servers that are gone, keeps ours and anything not ours', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pullwise-cgroup-home-'));
    const deadPid = spawnSync('true').pid!;
    const names = [
      `pullwise-run-${deadPid}-0a1b2c3d`,
      `pullwise-probe-${deadPid}-0a1b2c3d`,
      `pullwise-run-${process.pid}-0a1b2c3d`,
      'system.slice',
    ];
    for (const name of names) mkdirSync(join(home, name));
    try {
      await removeStaleGroups([{ controller: 'pids', version: 2, dir: home }]);

      expect(readdirSync(home).sort()).toEqual(
        [`pullwise-run-${process.pid}-0a1b2c3d`, 'system.slice'].sort(),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
