import { describe, expect, test } from '@jest/globals';
import { BUILT_IN_CHECKS, runChecks, type Check } from '../../../src/core/checks/index.js';
import { diffFilesFromGit } from './diff-fixture.js';

const githubToken = 'ghp_' + 'k3Xq9ZpL2mVt7RwB4nYc' + '8HdJ6sFg1aQe5uTo'; // fake, assembled at run time

const files = diffFilesFromGit(
  { 'b.ts': 'one\ntwo\n', 'a.ts': 'start\n' },
  {
    'b.ts': 'one\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\ntwo\ndebugger;\n',
    'a.ts': `start\nconst t = "${githubToken}";\n`,
  },
);

describe('runChecks', () => {
  test('the built-in checks are the five documented ones', () => {
    expect(BUILT_IN_CHECKS.map((c) => c.id)).toEqual([
      'secrets',
      'conflict-markers',
      'debug-leftovers',
      'large-files',
      'bidi-controls',
    ]);
  });

  test('runs every check not switched off and sorts findings by path, then line', async () => {
    const { findings, errors } = await runChecks(files, { enabled: {}, largeFileBytes: 1_000_000 });

    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.path, f.line, f.source])).toEqual([
      ['a.ts', 2, 'check:secrets'],
      ['b.ts', 6, 'check:conflict-markers'],
      ['b.ts', 8, 'check:debug-leftovers'],
    ]);
  });

  test('a check switched off does not run', async () => {
    const { findings } = await runChecks(files, {
      enabled: { secrets: false, 'debug-leftovers': true },
      largeFileBytes: 1_000_000,
    });

    expect(findings.map((f) => f.source)).toEqual(['check:conflict-markers', 'check:debug-leftovers']);
  });

  test('a check that throws is reported in errors and the other checks still count', async () => {
    const throwsAsync: Check = {
      id: 'async-boom',
      run: async () => Promise.reject(new Error('rule crashed')),
    };
    const throwsSync: Check = {
      id: 'sync-boom',
      run: () => {
        throw new Error('bad input');
      },
    };
    const { findings, errors } = await runChecks(files, { enabled: {}, largeFileBytes: 1 }, [
      throwsAsync,
      ...BUILT_IN_CHECKS,
      throwsSync,
    ]);

    expect(errors).toEqual([
      { check: 'async-boom', message: 'rule crashed' },
      { check: 'sync-boom', message: 'bad input' },
    ]);
    expect(findings.length).toBeGreaterThanOrEqual(3);
  });
});
