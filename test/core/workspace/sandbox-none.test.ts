import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';
import { createCommandRunner } from '../../../src/core/workspace/create-command-runner.js';
import type { PlainRunner } from '../../../src/core/workspace/plain-runner.js';
import {
  connectCommand,
  loopbackServer,
  processesWith,
  runWith,
  secretDir,
  uniqueSleep,
} from './sandbox-fixtures.js';

let repo: TestRepo;
let runner: PlainRunner;
let run: ReturnType<typeof runWith>;

beforeAll(async () => {
  repo = makeRepo('pullwise-plain-');
  runner = (await createCommandRunner({
    mode: 'none',
    root: repo.dir,
    env: { PULLWISE_JOB: 'fix-7' },
  })) as PlainRunner;
  run = runWith(runner);
});

afterAll(() => repo.cleanup());

describe('sandbox: none (plain processes)', () => {
  test('the environment is cleared to the same allow-list; HOME is a fresh directory, not the server’s', async () => {
    process.env.GITHUB_TOKEN = 'ghs_plainrunnertoken';
    process.env.ANTHROPIC_API_KEY = 'sk-ant-plain-runner';
    try {
      const result = await run('env; echo "files in HOME: $(ls -A "$HOME" | wc -l)"');

      expect(result.output).not.toContain('GITHUB_TOKEN');
      expect(result.output).not.toContain('ghs_plainrunnertoken');
      expect(result.output).not.toContain('ANTHROPIC_API_KEY');
      const names = result.output
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => line.split('=')[0]);
      expect(names.filter((name) => name !== 'PWD').sort()).toEqual(
        ['CI', 'HOME', 'LANG', 'LC_ALL', 'PATH', 'PULLWISE_JOB', 'TERM', 'TMPDIR'].sort(),
      );
      expect(result.output).not.toContain(`HOME=${homedir()}\n`);
      expect(result.output).toContain('files in HOME: 0\n');
    } finally {
      delete process.env.GITHUB_TOKEN;
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  test('the timeout kills the whole process group, background processes included', async () => {
    const sleep = uniqueSleep();

    const result = await run(`sleep ${sleep} & sleep ${sleep} & echo started; sleep ${sleep}`, {
      timeoutMs: 1000,
    });

    expect(result).toMatchObject({
      killed: 'timeout',
      exitCode: null,
      signal: 'SIGKILL',
      output: 'started\n',
    });
    expect(result.durationMs).toBeLessThan(3000);
    expect(processesWith(sleep)).toEqual([]);
  });

  test('processes left in the background, even in a new session, do not outlive the command', async () => {
    const sleep = uniqueSleep();

    const result = await run(
      `sleep ${sleep} > /dev/null 2>&1 & setsid sleep ${sleep} > /dev/null 2>&1 & echo done`,
    );

    expect(result).toMatchObject({ exitCode: 0, output: 'done\n' });
    if (runner.limits.processes.startsWith('cgroup')) {
      expect(processesWith(sleep)).toEqual([]);
    } else {
      // Without a cgroup only the process group can be found: a new session escapes it.
      expect(processesWith(sleep).length).toBeLessThanOrEqual(1);
      for (const pid of processesWith(sleep)) process.kill(pid, 'SIGKILL');
    }
  });

  test('aborting kills the command and reports it as cancelled', async () => {
    const sleep = uniqueSleep();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const result = await run(`sleep ${sleep}`, { signal: controller.signal });

    expect(result).toMatchObject({ killed: 'cancelled', exitCode: null });
    expect(processesWith(sleep)).toEqual([]);
  });

  test('output is capped the same way: first and last part, the middle counted', async () => {
    const result = await run('seq 1 100000', { maxOutputBytes: 20 });

    const total = Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join('').length;
    expect(result.truncated).toBe(true);
    expect(result.output).toBe(`1\n2\n3\n4\n5\n\n… ${total - 20} bytes omitted …\n99\n100000\n`);
  });

  test('commands run in cwd inside the checkout, and exit codes pass through', async () => {
    repo.write('pkg/file.txt', 'x');

    const result = await run('pwd; exit 3', { cwd: 'pkg' });

    expect(result).toMatchObject({ exitCode: 3, output: `${repo.dir}/pkg\n` });
  });

  test('there is no isolation: what the sandbox blocks is reachable (which the sandbox tests rely on)', async () => {
    const outside = secretDir('/var/tmp');
    const server = await loopbackServer();
    try {
      const result = await run(`cat ${outside.keyPath}; echo; ${connectCommand(server.port)}`);

      expect(result.output).toBe(`${outside.secret}\nCONNECTED\n`);
      expect(server.connections()).toBe(1);
    } finally {
      server.close();
      rmSync(outside.dir, { recursive: true, force: true });
    }
  });
});
