import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandRunner } from '../../../src/core/workspace/command-runner.js';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';
import { shellRunner } from './shell-runner.js';
import { toolsFor } from './tool-harness.js';

let repo: TestRepo;
let tools: ReturnType<typeof toolsFor>;
const bash = (input: unknown, signal?: AbortSignal) => tools.call('bash', input, signal);

beforeEach(() => {
  repo = makeRepo();
  tools = toolsFor(repo.dir, {
    runner: shellRunner(repo.dir),
    limits: { commandTimeoutMs: 10_000, maxCommandOutputBytes: 100 },
  });
});
afterEach(() => repo.cleanup());

describe('bash', () => {
  test('runs the command in the checkout and ends with its exit code', async () => {
    expect(await bash({ command: 'echo hello > out.txt && cat out.txt' })).toEqual({
      text: 'hello\n[exit code 0]',
      isError: false,
    });
    expect(readFileSync(path.join(repo.dir, 'out.txt'), 'utf8')).toBe('hello\n');
  });

  test('a failing command is a normal result: stderr is shown with the exit code', async () => {
    expect(await bash({ command: 'echo broken >&2; exit 3' })).toEqual({
      text: 'broken\n[exit code 3]',
      isError: false,
    });
  });

  test('silence is said, not left blank', async () => {
    expect((await bash({ command: 'true' })).text).toBe('(no output)\n[exit code 0]');
  });

  test('a command past the time limit is killed and reported as such', async () => {
    const quick = toolsFor(repo.dir, { runner: shellRunner(repo.dir), limits: { commandTimeoutMs: 300 } });
    const result = await quick.call('bash', { command: 'echo started; sleep 5' });
    expect(result).toEqual({
      text: 'started\n[the command was killed after 0.3 s (timeout)]',
      isError: true,
    });
  });

  test('long output is capped and marked', async () => {
    const result = await bash({ command: 'yes x | head -c 1000' });
    expect(result.text).toBe(
      `${'x\n'.repeat(50).slice(0, -1)}\n[output truncated to 100 bytes]\n[exit code 0]`,
    );
  });

  test('a cancelled job stops its command', async () => {
    const controller = new AbortController();
    const running = bash({ command: 'sleep 5' }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await running).toEqual({
      text: '(no output)\n[the command was cancelled: the job is stopping]',
      isError: true,
    });
  });

  test('restart is accepted and explains that every command starts a fresh shell', async () => {
    const result = await bash({ restart: true });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^The bash session was restarted\. Each command runs in a fresh shell/);
    expect(tools.box.changes().commandsRun).toBe(0);
  });

  test('commands are counted so the caller knows files may have changed', async () => {
    await bash({ command: 'true' });
    await bash({ command: 'false' });
    expect(tools.box.changes()).toEqual({ editedPaths: [], commandsRun: 2 });
  });

  test('an empty command is an error', async () => {
    expect(await bash({ command: '  ' })).toEqual({
      text: 'bash needs a command (or restart: true)',
      isError: true,
    });
  });

  test('a runner that fails (no sandbox available) gives an error result, not an exception', async () => {
    const broken: CommandRunner = {
      kind: 'bubblewrap',
      root: repo.dir,
      run: () => Promise.reject(new Error('bubblewrap is not installed')),
    };
    const box = toolsFor(repo.dir, { runner: broken });
    expect(await box.call('bash', { command: 'ls' })).toEqual({
      text: 'bash failed: bubblewrap is not installed',
      isError: true,
    });
  });
});
