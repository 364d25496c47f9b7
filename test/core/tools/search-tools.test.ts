import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findOnPath } from '../../../src/core/tools/run-search-command.js';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';
import { toolsFor } from './tool-harness.js';

let repo: TestRepo;
let outside: string;

beforeAll(() => {
  repo = makeRepo();
  repo.write('.gitignore', 'dist/\n*.log\n');
  repo.write('src/app.ts', 'import { helper } from "./util.js";\nexport const run = () => helper(1);\n');
  repo.write('src/util.ts', 'export function helper(n: number) {\n  return n * 2;\n}\n');
  repo.write('src/util.test.ts', 'import { helper } from "./util.js";\ntest("helper", () => helper(2));\n');
  repo.write('docs/guide.md', 'Call helper(n) to double n.\nweird: a.b*c\n');
  repo.write('.github/workflows/ci.yml', 'run: npm test # helper\n');
  repo.write('dist/app.js', 'helper(1)\n');
  repo.write('debug.log', 'helper called\n');
  repo.write('wide.txt', `helper ${'x'.repeat(1000)}\n`);
  repo.write('many.txt', Array.from({ length: 30 }, (_, i) => `needle ${i + 1}`).join('\n') + '\n');
  repo.commit('initial');
  repo.write('src/untracked.ts', 'export const fresh = helper;\n');
  outside = mkdtempSync(path.join(tmpdir(), 'pullwise-outside-'));
  writeFileSync(path.join(outside, 'secret.ts'), 'helper secret\n');
  symlinkSync(outside, path.join(repo.dir, 'linked'));
});
afterAll(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

// Every behaviour holds with ripgrep and with the git fallback (rg switched off as if it were not installed).
// The ripgrep runs need rg on PATH; where it is missing only the fallback can be tested.
const BACKENDS: Array<[string, string | false]> = [
  ...(findOnPath('rg') ? [['ripgrep', 'rg'] as [string, string]] : []),
  ['git (no ripgrep)', false],
];

describe.each(BACKENDS)('search_code with %s', (_name, ripgrep) => {
  const search = (input: unknown) =>
    toolsFor(repo.dir, { ripgrep, limits: { maxSearchResults: 20 } }).call('search_code', input);

  test('runs on that backend', () => {
    expect(toolsFor(repo.dir, { ripgrep }).box.searchWith).toBe(ripgrep ? 'ripgrep' : 'git');
  });

  test('finds tracked and untracked files, as "path:line: text", sorted', async () => {
    const { text, isError } = await search({ query: 'helper', glob: '*.ts' });
    expect(isError).toBe(false);
    expect(text.split('\n')).toEqual([
      'src/app.ts:1: import { helper } from "./util.js";',
      'src/app.ts:2: export const run = () => helper(1);',
      'src/untracked.ts:1: export const fresh = helper;',
      'src/util.test.ts:1: import { helper } from "./util.js";',
      'src/util.test.ts:2: test("helper", () => helper(2));',
      'src/util.ts:1: export function helper(n: number) {',
    ]);
  });

  test('leaves out gitignored files and does not follow links out of the checkout', async () => {
    const { text } = await search({ query: 'helper', max_results: 100 });
    const files = new Set(text.split('\n').map((line) => line.split(':')[0]));
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files).not.toContain('dist/app.js');
    expect(files).not.toContain('debug.log');
    expect([...files].some((file) => file!.startsWith('linked/'))).toBe(false);
  });

  test('the query is literal unless regex is set', async () => {
    expect((await search({ query: 'a.b*c' })).text).toBe('docs/guide.md:2: weird: a.b*c');
    expect((await search({ query: 'return n \\* [0-9]', regex: true })).text).toBe(
      'src/util.ts:2:   return n * 2;',
    );
  });

  test('path limits the search to a directory', async () => {
    expect((await search({ query: 'helper', path: 'docs' })).text).toBe(
      'docs/guide.md:1: Call helper(n) to double n.',
    );
  });

  test('results past max_results are counted, not shown', async () => {
    const { text } = await search({ query: 'needle', max_results: 5 });
    const lines = text.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('many.txt:1: needle 1');
    expect(lines[5]).toBe(
      '[25 more matches not shown. Narrow the query, path or glob, or raise max_results.]',
    );
  });

  test('max_results cannot go past the tool box limit', async () => {
    const { text } = await search({ query: 'needle', max_results: 1000 });
    expect(text.split('\n')).toHaveLength(21);
    expect(text).toMatch(/\[10 more matches not shown/);
  });

  test('long lines are cut', async () => {
    const { text } = await search({ query: 'helper', path: 'wide.txt' });
    expect(text.length).toBeLessThan(400);
    expect(text.startsWith('wide.txt:1: helper xxx')).toBe(true);
  });

  test('no match is said plainly', async () => {
    expect(await search({ query: 'nowhere-to-be-found', path: 'src' })).toEqual({
      text: 'No matches for "nowhere-to-be-found" in src.',
      isError: false,
    });
  });

  test.each([
    ['../', /outside the repository/],
    ['linked', /leads outside the repository through a symbolic link/],
    ['missing-dir', /missing-dir does not exist/],
  ])('path %s is refused', async (given, message) => {
    const result = await search({ query: 'helper', path: given });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });
});

describe.each(BACKENDS)('list_files with %s', (_name, ripgrep) => {
  const list = (input: unknown) =>
    toolsFor(repo.dir, { ripgrep, limits: { maxListResults: 4 } }).call('list_files', input);

  test('lists files under a path, sorted, gitignored ones left out', async () => {
    expect(await list({ path: 'src' })).toEqual({
      text: 'src/app.ts\nsrc/untracked.ts\nsrc/util.test.ts\nsrc/util.ts',
      isError: false,
    });
  });

  test('a glob without a slash matches file names at any depth', async () => {
    expect((await list({ glob: '*.test.ts' })).text).toBe('src/util.test.ts');
    expect((await list({ glob: '*.yml' })).text).toBe('.github/workflows/ci.yml');
  });

  test('the list is capped with a count of the rest', async () => {
    expect((await list({ path: 'src', max_results: 2 })).text).toBe(
      'src/app.ts\nsrc/untracked.ts\n[2 more files not shown. Narrow the path or glob, or raise max_results.]',
    );
  });

  test('max_results cannot go past the tool box limit', async () => {
    const { text } = await list({ glob: '*.{ts,md,yml}', max_results: 50 });
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toMatch(/\[2 more files not shown/);
  });

  test('a file deleted from the working tree is not listed', async () => {
    repo.remove('many.txt');
    try {
      expect((await list({ glob: 'many.txt' })).text).toBe('No files matching many.txt.');
    } finally {
      repo.write('many.txt', 'needle 1\n');
      repo.git('checkout', '--', 'many.txt');
    }
  });
});

describe('the git fallback', () => {
  test('ignores repository config that would run a program (core.fsmonitor), which the agent can write', async () => {
    const other = makeRepo();
    try {
      other.write('a.txt', 'needle\n');
      other.commit('a');
      other.write('hook.sh', `#!/bin/sh\ntouch "${path.join(other.dir, 'ran')}"\n`);
      other.chmod('hook.sh', 0o755);
      other.git('config', 'core.fsmonitor', path.join(other.dir, 'hook.sh'));
      const tools = toolsFor(other.dir, { ripgrep: false });
      expect((await tools.call('search_code', { query: 'needle' })).text).toBe('a.txt:1: needle');
      expect((await tools.call('list_files', {})).text).toBe('a.txt\nhook.sh');
      expect(existsSync(path.join(other.dir, 'ran'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});
