import { afterEach, describe, expect, test } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { runCli } from '../../src/cli/main.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';

// `pullwise review` on commits whose diff GitHub shows differently from `git diff -C`: what reaches
// `comments` must be postable on GitHub's pull-request diff, which detects renames only (a copy is an added
// file) and shows a type change as the file's new content (test/core/git/github-diff.test.ts).

const repos: TestRepo[] = [];
afterEach(() => {
  repos.splice(0).forEach((r) => r.cleanup());
  expect(nock.pendingMocks()).toEqual([]);
});

async function review(repo: TestRepo) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['review', '--base', 'HEAD~1', '--format', 'json'], {
    cwd: repo.dir,
    env: { ANTHROPIC_API_KEY: 'sk-ant-test-key' },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stderr, output: code === 0 ? (JSON.parse(stdout) as Record<string, unknown[]>) : {} };
}

const SOURCE = numberedLines(40, 'source');

describe('pullwise review posts only what GitHub can place', () => {
  test('a copied file: no LEFT comment, and its added lines and ranges are kept whole', async () => {
    const repo = makeRepo();
    repos.push(repo);
    repo.write('src/layout.txt', SOURCE);
    repo.commit('base');
    repo.write('src/layout.txt', SOURCE.replace('source 1\n', 'source one\n'));
    repo.write('src/copy.txt', SOURCE.replace('source 20\n', 'source twenty\n'));
    repo.commit('copy the layout');
    const claude = mockClaude().expectReview({
      summary: 'A copied layout.',
      comments: [
        { path: 'src/copy.txt', line: 5, side: 'LEFT', severity: 'minor', body: 'Removed line?' },
        { path: 'src/copy.txt', line: 20, start_line: 10, severity: 'major', body: 'This block.' },
        { path: 'src/copy.txt', line: 35, severity: 'nit', body: 'An unchanged line of the source.' },
      ],
    });

    const { code, output } = await review(repo);
    expect(code).toBe(0);
    expect(output.comments).toEqual([
      expect.objectContaining({ path: 'src/copy.txt', line: 20, startLine: 10, side: 'RIGHT' }),
      expect.objectContaining({ path: 'src/copy.txt', line: 35, side: 'RIGHT' }),
    ]);
    expect(output.unanchored).toEqual([
      expect.objectContaining({ path: 'src/copy.txt', line: 5, reason: 'line 5 (LEFT) is outside the diff' }),
    ]);
    expect(JSON.stringify(claude.requests[0])).toContain('=== src/copy.txt (added) ===');
  });

  test('a file that became a symlink is reviewed as its link target, and exits 0', async () => {
    const repo = makeRepo();
    repos.push(repo);
    repo.write('config.yml', 'a: 1\nb: 2\n');
    repo.write('shared/config.yml', 'a: 1\n');
    repo.commit('base');
    repo.remove('config.yml');
    symlinkSync('shared/config.yml', path.join(repo.dir, 'config.yml'));
    repo.commit('link the config');
    mockClaude().expectReview({
      summary: 'The config is now a link.',
      comments: [
        { path: 'config.yml', line: 1, severity: 'minor', body: 'Is the target committed?' },
        { path: 'config.yml', line: 2, side: 'LEFT', severity: 'minor', body: 'b is gone.' },
      ],
    });

    const { code, stderr, output } = await review(repo);
    expect(stderr).not.toContain('pullwise: git diff gave');
    expect(code).toBe(0);
    expect(output.comments).toEqual([
      expect.objectContaining({ path: 'config.yml', line: 1, side: 'RIGHT' }),
    ]);
    expect(output.unanchored).toEqual([expect.objectContaining({ path: 'config.yml', line: 2 })]);
    expect(output.skipped).toEqual([]);
  });
});
