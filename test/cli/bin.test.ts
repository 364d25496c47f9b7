import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makeRepo, numberedLines } from '../helpers/git-repo.js';

// The installed command, run as a user runs it: a child process on the built lib/ (npm test builds first).
const bin = path.resolve('bin/pullwise.js');
const repo = makeRepo();
afterAll(() => repo.cleanup());

describe('the pullwise binary', () => {
  test('reviews a local range with no API key: checks run, JSON on stdout, progress on stderr', () => {
    repo.write('app.js', numberedLines(10));
    repo.commit('base');
    repo.write('app.js', numberedLines(10).replace('line 4\n', 'debugger;\n'));
    repo.commit('change');
    const env = { ...process.env };
    delete env.ANTHROPIC_API_KEY;
    const run = spawnSync(process.execPath, [bin, 'review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.comments).toEqual([
      expect.objectContaining({ path: 'app.js', line: 4, source: 'check:debug-leftovers' }),
    ]);
    expect(output.summary).toContain('Model review skipped: ANTHROPIC_API_KEY is not set');
    expect(run.stderr).toContain('pullwise: ANTHROPIC_API_KEY is not set: the model review is skipped');
  });

  test('--version prints the package version', () => {
    const run = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
