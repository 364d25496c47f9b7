import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';
import { until } from '../../helpers/until.js';
import type { BubblewrapRunner } from '../../../src/core/workspace/bubblewrap-runner.js';
import { createCommandRunner } from '../../../src/core/workspace/create-command-runner.js';
import { locateCgroupHomes } from '../../../src/core/workspace/sandbox-cgroups.js';
import { SandboxUnavailableError } from '../../../src/core/workspace/sandbox-unavailable-error.js';
import {
  connectCommand,
  loopbackServer,
  processesWith,
  runWith,
  secretDir,
  uniqueSleep,
} from './sandbox-fixtures.js';

const MiB = 1024 ** 2;
const SECRETS = {
  GITHUB_TOKEN: 'ghs_sandboxtestinstallationtoken',
  ANTHROPIC_API_KEY: 'sk-ant-sandbox-test-key',
  PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY----- sandbox-test',
  WEBHOOK_SECRET: 'sandbox-test-webhook-secret',
};

let repo: TestRepo;
let runner: BubblewrapRunner;
let run: ReturnType<typeof runWith>;
// One private key outside any bound path, one under the host's /tmp (which the sandbox replaces).
let elsewhere: ReturnType<typeof secretDir>;
let inHostTmp: ReturnType<typeof secretDir>;

beforeAll(async () => {
  repo = makeRepo('pullwise-sandbox-');
  repo.write('README.md', 'checked out\n');
  repo.commit('initial');
  elsewhere = secretDir(mkdtempSync('/var/tmp/pullwise-'));
  inHostTmp = secretDir(tmpdir());
  runner = (await createCommandRunner({
    mode: 'bubblewrap',
    root: repo.dir,
    env: { PULLWISE_JOB: 'fix-42' },
  })) as BubblewrapRunner;
  run = runWith(runner);
});

afterAll(() => {
  repo.cleanup();
  rmSync(join(elsewhere.dir, '..'), { recursive: true, force: true });
  rmSync(inHostTmp.dir, { recursive: true, force: true });
});

describe('bubblewrap sandbox: escapes fail', () => {
  test('files outside the checkout cannot be read: a private key elsewhere, one under the host /tmp, /root', async () => {
    const result = await run(
      `cat ${elsewhere.keyPath}; cat ${inHostTmp.keyPath}; ls -A /root; ls ${join(elsewhere.dir, '..')}`,
    );

    expect(result.output).not.toContain(elsewhere.secret);
    expect(result.output).not.toContain(inHostTmp.secret);
    expect(result.output).toMatch(/cannot access '\/root': No such file or directory/);
    expect(result.exitCode).not.toBe(0);
  });

  test('nothing outside the checkout and /tmp can be written: another directory, /etc, /usr, /', async () => {
    const targets = [
      join(elsewhere.dir, 'dropped'),
      '/etc/pullwise-dropped',
      '/usr/pullwise-dropped',
      '/dropped',
    ];

    const result = await run(
      targets.map((path) => `if echo x > ${path}; then echo "WROTE ${path}"; fi`).join('\n'),
    );

    expect(result.output).not.toContain('WROTE');
    for (const path of targets) expect(existsSync(path)).toBe(false);
  });

  test('files that only root may read in /etc are blanked out (the sandbox user is root outside it)', async () => {
    const result = await run('cat /etc/shadow');

    const hostShadow = process.getuid!() === 0 ? readFileSync('/etc/shadow', 'utf8') : undefined;
    if (hostShadow !== undefined) expect(result.output).not.toContain(hostShadow.split('\n')[0]!);
    expect(result.output).not.toMatch(/^root:/m);
  });

  test('no network: a TCP connection to a server listening on the host loopback fails', async () => {
    const server = await loopbackServer();
    try {
      const result = await run(connectCommand(server.port));

      expect(result.output).toMatch(/^ERROR E[A-Z]+/);
      expect(result.exitCode).toBe(3);
      expect(server.connections()).toBe(0);
    } finally {
      server.close();
    }
  });

  test("the server's environment does not leak: secrets set in process.env are absent", async () => {
    Object.assign(process.env, SECRETS);
    try {
      const result = await run('env');

      for (const [name, value] of Object.entries(SECRETS)) {
        expect(result.output).not.toContain(name);
        expect(result.output).not.toContain(value);
      }
      const names = result.output
        .trim()
        .split('\n')
        .map((line) => line.split('=')[0]);
      expect(names.filter((name) => name !== 'PWD').sort()).toEqual(
        ['CI', 'HOME', 'LANG', 'LC_ALL', 'PATH', 'PULLWISE_JOB', 'TERM', 'TMPDIR'].sort(),
      );
      expect(result.output).toContain('PULLWISE_JOB=fix-42');
      expect(result.output).toContain('TERM=dumb');
      expect(result.output).toContain('CI=true');
    } finally {
      for (const name of Object.keys(SECRETS)) delete process.env[name];
    }
  });

  test('a symlink in the checkout does not lead out: the outside file is absent, /etc stays read-only', async () => {
    symlinkSync(elsewhere.keyPath, join(repo.dir, 'key-link'));
    symlinkSync(inHostTmp.dir, join(repo.dir, 'tmp-link'));
    symlinkSync('/etc', join(repo.dir, 'etc-link'));

    const result = await run(
      'cat key-link; cat tmp-link/*.pem; echo x > etc-link/pullwise-dropped && echo WROTE; cat etc-link/hostname',
    );

    expect(result.output).not.toContain(elsewhere.secret);
    expect(result.output).not.toContain(inHostTmp.secret);
    expect(result.output).not.toContain('WROTE');
    expect(result.output).toContain('Read-only file system');
    expect(existsSync('/etc/pullwise-dropped')).toBe(false);
  });

  test('the command runs as an unprivileged user with no capabilities', async () => {
    const result = await run('id -u; grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status');

    expect(result.output).toBe(
      '1000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n',
    );
  });

  test('a fork bomb is contained, killed at the timeout, and leaves no process behind', async () => {
    const sleep = uniqueSleep();
    // Bounded (2^12 shells, each with a sleep), so a machine without a process limit survives it too. The
    // main shell execs instead of forking, so it is still there when the timeout comes.
    const bomb =
      `bomb() { if [ "$1" -lt 12 ]; then bomb $(($1 + 1)) & bomb $(($1 + 1)); fi; sleep ${sleep}; }; ` +
      `bomb 0 & exec sleep ${sleep}`;

    const result = await run(bomb, { timeoutMs: 1500 });

    expect(result).toMatchObject({ killed: 'timeout', exitCode: null });
    expect(result.durationMs).toBeLessThan(5000);
    expect(processesWith(sleep)).toEqual([]);
    if (runner.limits.processes !== 'none') {
      expect(result.output).toMatch(/Cannot fork|Resource temporarily unavailable/);
    }
  });

  test('a command running past its timeout is killed with everything it started in the background', async () => {
    const sleep = uniqueSleep();

    const result = await run(`sleep ${sleep} & setsid sleep ${sleep} & echo started; sleep ${sleep}`, {
      timeoutMs: 1000,
    });

    expect(result).toMatchObject({
      killed: 'timeout',
      exitCode: null,
      signal: 'SIGKILL',
      output: 'started\n',
    });
    expect(result.durationMs).toBeLessThan(4000);
    expect(processesWith(sleep)).toEqual([]);
  });

  test('aborting the signal kills the whole tree and reports the run as cancelled', async () => {
    const sleep = uniqueSleep();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);

    const result = await run(`sleep ${sleep} & sleep ${sleep}`, { signal: controller.signal });

    expect(result).toMatchObject({ killed: 'cancelled', exitCode: null });
    expect(result.durationMs).toBeLessThan(4000);
    expect(processesWith(sleep)).toEqual([]);
  });

  test('a command whose signal is already aborted does not run', async () => {
    const controller = new AbortController();
    controller.abort();

    const result = await run('echo ran > ran.txt', { signal: controller.signal });

    expect(result.killed).toBe('cancelled');
    expect(existsSync(join(repo.dir, 'ran.txt'))).toBe(false);
  });

  test('processes left in the background do not outlive the command', async () => {
    const sleep = uniqueSleep();

    const result = await run(`sleep ${sleep} > /dev/null 2>&1 & echo done`);

    expect(result).toMatchObject({ exitCode: 0, output: 'done\n' });
    expect(processesWith(sleep)).toEqual([]);
  });

  test('huge output is capped to its first and last part without being held in memory', async () => {
    const body = 200 * MiB;

    const result = await run(`echo BEGIN; head -c ${body} /dev/zero | tr '\\0' x; echo; echo END`, {
      maxOutputBytes: 1000,
    });

    const total = 'BEGIN\n'.length + body + '\nEND\n'.length;
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe(
      `BEGIN\n${'x'.repeat(494)}\n… ${total - 1000} bytes omitted …\n${'x'.repeat(495)}\nEND\n`,
    );
  });
});

describe('bubblewrap sandbox: memory limit', () => {
  const hog =
    "node -e \"console.log('started'); const kept = []; " +
    "for (let i = 0; i < 64; i++) kept.push(Buffer.alloc(64 << 20, 1)); console.log('allocated 4 GiB')\"";

  test('allocating far beyond the limit fails (4 GiB under 256 MiB)', async () => {
    const small = await createCommandRunner({ mode: 'bubblewrap', root: repo.dir, memoryBytes: 256 * MiB });

    const result = await runWith(small)(hog);

    expect(result.output).toMatch(/^started\n/);
    expect(result.output).not.toContain('allocated');
    expect(result.exitCode).not.toBe(0);
  });

  test('without cgroups the limit falls back to RLIMIT_DATA: node still starts, a 4 GiB allocation fails', async () => {
    const small = (await createCommandRunner({
      mode: 'bubblewrap',
      root: repo.dir,
      memoryBytes: 256 * MiB,
      useCgroups: false,
    })) as BubblewrapRunner;

    const result = await runWith(small)(hog);

    expect(small.limits.memory).toBe('rlimit-data');
    expect(result.output).toMatch(/^started\n/);
    expect(result.output).not.toContain('allocated');
    expect(result.exitCode).not.toBe(0);
  });

  test('node and npm work under the default limit, with or without cgroups', async () => {
    const rlimited = await createCommandRunner({ mode: 'bubblewrap', root: repo.dir, useCgroups: false });

    for (const each of [runner, rlimited]) {
      const result = await runWith(each)('node -e "console.log(1)" && npm --version');
      expect(result.output).toMatch(/^1\n\d+\.\d+\.\d+\n$/);
    }
  });
});

describe('bubblewrap sandbox: what commands can do', () => {
  test('where cgroups are used, each command has groups of its own, removed once it has run', async () => {
    const homes = locateCgroupHomes(
      readFileSync('/proc/self/mountinfo', 'utf8'),
      readFileSync('/proc/self/cgroup', 'utf8'),
    );
    const ours = () =>
      homes.flatMap((home) =>
        readdirSync(home.dir)
          .filter((name) => name.startsWith(`pullwise-run-${process.pid}-`))
          .map((name) => join(home.dir, name)),
      );

    const running = run('sleep 0.5');
    await until(() => ours().length > 0 || !runner.limits.memory.startsWith('cgroup'), 'the run cgroups');
    await until(() => ours().every((group) => readFileSync(join(group, 'cgroup.procs'), 'utf8') !== ''));
    const members = ours().map((group) => readFileSync(join(group, 'cgroup.procs'), 'utf8'));
    await running;

    if (runner.limits.memory.startsWith('cgroup')) {
      expect(members.length).toBeGreaterThan(0);
      for (const pids of members) expect(pids).toMatch(/^\d+\n/);
    }
    expect(ours()).toEqual([]);
  });

  test('writes inside the checkout persist after the run and belong to the server user', async () => {
    const result = await run('mkdir -p made && echo "from the sandbox" > made/file.txt');

    expect(result.exitCode).toBe(0);
    const file = join(repo.dir, 'made', 'file.txt');
    expect(readFileSync(file, 'utf8')).toBe('from the sandbox\n');
    expect(statSync(file).uid).toBe(process.getuid!());
  });

  test('/tmp and HOME are private: empty at start, gone after the run, never the host /tmp', async () => {
    writeFileSync(join(inHostTmp.dir, 'probe.txt'), 'host');
    const marker = `pullwise-private-${Date.now()}`;

    const first = await run(
      `ls -A /tmp; echo x > /tmp/${marker}; echo y > "$HOME/${marker}" && echo "HOME=$HOME"`,
    );
    const second = await run(`ls -A /tmp/home; ls -A /tmp`);

    // The only thing in the private /tmp besides HOME: the way to the checkout, when it lives under /tmp.
    const checkoutEntry = repo.dir.startsWith('/tmp/') ? [repo.dir.split('/')[2]!] : [];
    const tmpListing = ['home', ...checkoutEntry].sort().join('\n');
    expect(first.output).toBe(`${tmpListing}\nHOME=/tmp/home\n`);
    expect(existsSync(join(tmpdir(), marker))).toBe(false);
    expect(second.output).toBe(`${tmpListing}\n`);
  });

  test('node and git work inside', async () => {
    const result = await run(
      'node -e "console.log(process.version)" && git add -A && ' +
        'git -c user.name=Sandbox -c user.email=sandbox@example.com commit -qm "from the sandbox" && ' +
        'git log --format=%s -1',
    );

    expect(result.output).toBe(`${process.version}\nfrom the sandbox\n`);
    expect(repo.git('log', '--format=%s', '-1')).toBe('from the sandbox\n');
  });

  test('a folder given as readOnly is readable at its own path but cannot be written', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'pullwise-readonly-'));
    writeFileSync(join(shared, 'HEAD'), 'ref: refs/heads/main\n');
    try {
      const withShared = await createCommandRunner({
        mode: 'bubblewrap',
        root: repo.dir,
        readOnly: [shared],
      });
      const result = await withShared.run(`cat ${shared}/HEAD && touch ${shared}/x; echo "touch: $?"`, {
        timeoutMs: 10_000,
        maxOutputBytes: 10_000,
      });
      expect(result.output).toMatch(/^ref: refs\/heads\/main\n[\s\S]*touch: 1\n$/);
      expect(existsSync(join(shared, 'x'))).toBe(false);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test('exit codes pass through, and stdout and stderr interleave as they were written', async () => {
    const result = await run('echo one; echo two >&2; echo three; exit 7');

    expect(result).toMatchObject({
      exitCode: 7,
      signal: null,
      output: 'one\ntwo\nthree\n',
      truncated: false,
    });
    expect(result.killed).toBeUndefined();
  });

  test('cwd is relative to the checkout, and may not leave it', async () => {
    repo.write('nested/dir/file.txt', 'x');

    const result = await run('pwd', { cwd: 'nested/dir' });

    expect(result.output).toBe(`${join(repo.dir, 'nested/dir')}\n`);
    await expect(run('pwd', { cwd: '..' })).rejects.toThrow('outside the workspace');
    await expect(run('pwd', { cwd: 'etc-link' })).rejects.toThrow('outside the workspace');
  });
});

describe('bubblewrap sandbox: unavailable', () => {
  test('a bwrap missing from the PATH is refused with what is missing and how to fix it', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'pullwise-empty-path-'));
    try {
      const error = await createCommandRunner({ mode: 'bubblewrap', root: repo.dir }).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(SandboxUnavailableError);
      expect(error).toMatchObject({ code: 'sandbox-unavailable' });
      expect((error as Error).message).toBe(
        "No sandbox for the agent's commands: bwrap (bubblewrap) is not on the PATH. To fix it, install " +
          'bubblewrap (apt-get install bubblewrap) or allow unprivileged user namespaces, or set `sandbox: none` ' +
          'in .github/pullwise.yml on throwaway CI runners.',
      );
    } finally {
      rmSync(process.env.PATH, { recursive: true, force: true });
      process.env.PATH = savedPath;
    }
  });

  test('a bwrap path that does not exist is named in the error', async () => {
    const error = await createCommandRunner({
      mode: 'bubblewrap',
      root: repo.dir,
      bwrapPath: '/nonexistent/bin/bwrap',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as Error).message).toContain('bwrap (bubblewrap) was not found at /nonexistent/bin/bwrap');
  });

  test('a bwrap that cannot make a sandbox is refused: the probe really runs one', async () => {
    const error = await createCommandRunner({
      mode: 'bubblewrap',
      root: repo.dir,
      bwrapPath: '/bin/false',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as Error).message).toContain(
      'bwrap (/bin/false) failed to create its sandbox: exit code 1',
    );
  });
});
