import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { runCli } from '../../src/cli/main.js';
import { fingerprint } from '../../src/core/findings/fingerprint.js';
import type { Learning } from '../../src/core/learnings/learning.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';

// `pullwise review --learnings FILE`: a repository's exported learnings applied to a local review, with the
// built-in checks only (no API key), on a real git repository.

let repo: TestRepo | undefined;
let dir: string | undefined;
afterEach(() => {
  repo?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  repo = dir = undefined;
});

const DEBUGGER_BODY =
  'A `debugger` statement was left in; it pauses execution whenever developer tools are open. Remove it.';

async function review(learnings: unknown) {
  repo = makeRepo();
  repo.write('app.js', numberedLines(5));
  repo.commit('base');
  repo.write('app.js', numberedLines(5).replace('line 2\n', 'debugger;\n'));
  repo.commit('change');
  dir = mkdtempSync(join(tmpdir(), 'pullwise-learnings-file-'));
  const file = join(dir, 'learnings.json');
  writeFileSync(file, typeof learnings === 'string' ? learnings : JSON.stringify(learnings));
  let stdout = '';
  let stderr = '';
  const code = await runCli(['review', '--base', 'HEAD~1', '--format', 'json', '--learnings', file], {
    cwd: repo.dir,
    env: {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

const dismissedDebugger: Learning = {
  number: 4,
  kind: 'dismissal',
  text: 'debugger statements are stripped by our build',
  finding: {
    path: 'other/file.js',
    source: 'check:debug-leftovers',
    body: DEBUGGER_BODY,
    fingerprint: fingerprint({ path: 'other/file.js', source: 'check:debug-leftovers', body: DEBUGGER_BODY }),
  },
  author: 'maintainer',
  createdAt: '2026-12-01T10:00:00.000Z',
};

describe('pullwise review --learnings FILE', () => {
  test('a dismissed pattern is withheld and listed under `withheld`, the summary says by which learning', async () => {
    const { code, stdout } = await review({ learnings: [dismissedDebugger] });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, any>;
    expect(json.comments).toEqual([]);
    expect(json.withheld).toEqual([
      expect.objectContaining({ path: 'app.js', line: 2, source: 'check:debug-leftovers', learning: 4 }),
    ]);
    expect(json.summary).toContain('1 finding was withheld');
    expect(json.summary).toContain('#4 (1)');
  });

  test('without the file the finding is posted as usual', async () => {
    const { stdout } = await review({ learnings: [] });
    const json = JSON.parse(stdout) as Record<string, any>;
    expect(json.comments).toEqual([expect.objectContaining({ path: 'app.js', line: 2 })]);
    expect(json.withheld).toBeUndefined();
  });

  test.each([
    ['not JSON', '{ learnings: ', /is not JSON/],
    ['not a set of learnings', JSON.stringify({ learnings: [{ number: 'one' }] }), /learnings\.0\.number/],
  ])('a file that is %s stops the review with a clear message', async (_what, text, message) => {
    const { code, stdout, stderr } = await review(text);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
