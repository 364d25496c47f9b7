import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import * as z from 'zod';
import { runCli } from '../../src/cli/main.js';
import { apiError, mockClaude } from '../helpers/claude-fake.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';
import { eachFindingOnce, findingIdCounts, manyFiles, manyFindingsReview } from '../helpers/many-findings.js';

/** The JSON contract of DESIGN.md, checked field by field. */
const severity = z.enum(['critical', 'major', 'minor', 'nit']);
const side = z.enum(['LEFT', 'RIGHT']);
const comment = z
  .object({
    path: z.string(),
    line: z.number().int(),
    side,
    startLine: z.number().int().optional(),
    startSide: side.optional(),
    severity,
    body: z.string(),
    suggestion: z.string().optional(),
    source: z.string().regex(/^(model|check:[a-z-]+)$/),
  })
  .strict();
const contract = z
  .object({
    summary: z.string(),
    comments: z.array(comment),
    /** The findings over `review.max_comments`, shaped like `comments`. */
    overflow: z.array(comment),
    unanchored: z.array(
      z.object({
        path: z.string(),
        line: z.number(),
        severity,
        body: z.string(),
        source: z.string(),
        reason: z.string(),
      }),
    ),
    skipped: z.array(
      z.object({
        path: z.string(),
        reason: z.enum(['binary', 'generated', 'lockfile', 'ignored', 'too-large', 'submodule', 'budget']),
      }),
    ),
    usage: z
      .object({
        calls: z.number(),
        inputTokens: z.number(),
        outputTokens: z.number(),
        cacheReadTokens: z.number(),
        cacheWriteTokens: z.number(),
        costUsd: z.number(),
      })
      .strict(),
  })
  .strict();

const repos: TestRepo[] = [];
afterEach(() => {
  repos.splice(0).forEach((r) => r.cleanup());
  expect(nock.pendingMocks()).toEqual([]);
});

/** A repo on main with one commit on top of the base: the range the CLI reviews with --base HEAD~1. */
function repoWithChange(
  head: Record<string, string | Buffer>,
  base: Record<string, string> = { 'src/a.ts': numberedLines(20) },
) {
  const repo = makeRepo();
  repos.push(repo);
  for (const [file, content] of Object.entries(base)) repo.write(file, content);
  repo.commit('base');
  for (const [file, content] of Object.entries(head)) repo.write(file, content);
  repo.commit('the change');
  return repo;
}

async function cli(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

const KEY = { ANTHROPIC_API_KEY: 'sk-ant-test-key' };
const changed = { 'src/a.ts': numberedLines(20).replace('line 7\n', 'line seven\n') };

describe('pullwise review', () => {
  test('prints the JSON contract with the model findings and the usage', async () => {
    const repo = repoWithChange(changed);
    mockClaude().expectReview({
      summary: 'Renames line 7.',
      comments: [
        { path: 'src/a.ts', line: 7, severity: 'major', body: 'Wrong word.', suggestion: 'line 7' },
        { path: 'src/a.ts', line: 18, severity: 'minor', body: 'Not in the diff.' },
      ],
    });
    const { code, stdout, stderr } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    const output = contract.parse(JSON.parse(stdout));
    expect(output.comments).toEqual([
      {
        path: 'src/a.ts',
        line: 7,
        side: 'RIGHT',
        severity: 'major',
        body: 'Wrong word.',
        suggestion: 'line 7',
        source: 'model',
      },
    ]);
    expect(output.unanchored).toEqual([expect.objectContaining({ path: 'src/a.ts', line: 18 })]);
    expect(output.usage.calls).toBe(1);
    expect(output.summary).toContain('Renames line 7.');
    expect(stderr).toContain('pullwise: reviewing HEAD~1...HEAD');
  });

  test('without ANTHROPIC_API_KEY runs the built-in checks and says the model review was skipped', async () => {
    const repo = repoWithChange({ 'src/a.ts': numberedLines(20).replace('line 7\n', 'debugger;\n') });
    const { code, stdout, stderr } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('ANTHROPIC_API_KEY is not set: the model review is skipped');
    const output = contract.parse(JSON.parse(stdout));
    expect(output.summary).toContain('Model review skipped');
    expect(output.comments).toEqual([
      expect.objectContaining({ line: 7, source: 'check:debug-leftovers', suggestion: '' }),
    ]);
    expect(output.usage.calls).toBe(0);
  });

  test('--fail-on exits with 2 when a finding reaches the severity, 0 when none does', async () => {
    const repo = repoWithChange({ 'src/a.ts': numberedLines(20).replace('line 7\n', 'debugger;\n') });
    expect((await cli(['review', '--base', 'HEAD~1', '--fail-on', 'major'], { cwd: repo.dir })).code).toBe(2);
    expect((await cli(['review', '--base', 'HEAD~1', '--fail-on', 'critical'], { cwd: repo.dir })).code).toBe(
      0,
    );
  });

  test('the default base is the merge base with the default branch', async () => {
    const repo = repoWithChange(changed);
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.write('src/b.ts', 'debugger;\n');
    repo.commit('feature work');
    const { code, stdout } = await cli(['review', '--format', 'json'], { cwd: repo.dir });
    expect(code).toBe(0);
    expect(contract.parse(JSON.parse(stdout)).comments.map((c) => c.path)).toEqual(['src/b.ts']);
  });

  test('text output leads with file:line and Markdown output carries a suggestion block', async () => {
    const repo = repoWithChange({ 'a.test.ts': 'it.only("works", () => {});\n' }, { 'README.md': 'x\n' });
    const text = await cli(['review', '--base', 'HEAD~1'], { cwd: repo.dir });
    expect(text.stdout).toMatch(/^a\.test\.ts:1 major \[check:debug-leftovers\]$/m);
    expect(text.stdout.includes('\u001b[')).toBe(false); // not a TTY: no colour
    const markdown = await cli(['review', '--base', 'HEAD~1', '--format', 'markdown'], { cwd: repo.dir });
    expect(markdown.stdout).toContain('```suggestion\nit("works", () => {});\n```');
    expect(markdown.stdout).toContain('### Pullwise review');
  });

  test('an empty range says there is nothing to review and exits 0', async () => {
    const repo = repoWithChange(changed);
    const { code, stdout, stderr } = await cli(['review', '--base', 'HEAD', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('nothing to review: HEAD is already part of HEAD');
    expect(contract.parse(JSON.parse(stdout))).toMatchObject({
      comments: [],
      skipped: [],
      usage: { calls: 0 },
    });
  });

  test('binary-only changes are listed as skipped and cost no model call', async () => {
    const repo = repoWithChange({ 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) });
    const { code, stdout } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    expect(contract.parse(JSON.parse(stdout))).toMatchObject({
      skipped: [{ path: 'logo.png', reason: 'binary' }],
      usage: { calls: 0 },
    });
  });

  test('a malformed config on the base branch is named on stderr and the review runs on defaults', async () => {
    const repo = repoWithChange(changed, {
      'src/a.ts': numberedLines(20),
      '.github/pullwise.yml': 'review:\n  max_comments: ten\n',
    });
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const { code, stderr } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: .*\.github\/pullwise\.yml/);
    expect(stderr).toMatch(/review\.max_comments.*"ten"/);
  });

  test('the config is read from the base side, never from the change under review', async () => {
    const repo = repoWithChange({ ...changed, '.github/pullwise.yml': 'review:\n  ignore: ["src/**"]\n' });
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    const { stdout } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(contract.parse(JSON.parse(stdout)).skipped).toEqual([]);
  });

  test('a rejected API key is one clear line and exit code 1', async () => {
    const repo = repoWithChange(changed);
    mockClaude().expectMessage(401, apiError('authentication_error', 'invalid x-api-key'));
    const { code, stdout, stderr } = await cli(['review', '--base', 'HEAD~1'], { cwd: repo.dir, env: KEY });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').at(-1)).toBe(
      'pullwise: the Anthropic API rejected the API key (401: invalid x-api-key); check ANTHROPIC_API_KEY',
    );
  });

  test('a 429 with retry-after is waited out and the review completes', async () => {
    const repo = repoWithChange(changed);
    const claude = mockClaude()
      .expectMessage(429, apiError('rate_limit_error', 'slow down'), { 'retry-after': '1' })
      .expectReview({ summary: 'ok', comments: [] });
    const { code } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    expect(claude.requests).toHaveLength(2);
  });

  test.each([
    [['review', '--base', 'no-such-ref'], /^pullwise: unknown git ref "no-such-ref" in /],
    [['review', '--head', 'nope'], /^pullwise: unknown git ref "nope" in /],
    [['review', '--format', 'xml'], /argument 'xml' is invalid/],
  ])('bad input %j fails with one clear line and exit 1', async (args, message) => {
    const repo = repoWithChange(changed);
    const { code, stderr } = await cli(args, { cwd: repo.dir });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(message);
  });

  test('outside a git repository fails with one clear line and exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-not-a-repo-'));
    const { code, stdout, stderr } = await cli(['review'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `pullwise: ${dir} is not a git repository (run pullwise inside a repository or pass --repo DIR)\n`,
    );
  });
});

describe('a review with more findings than anything on GitHub holds', () => {
  test('the JSON has each of 600 findings exactly once: 25 inline comments, the overflow and the unanchored', async () => {
    const repo = repoWithChange(manyFiles(), { 'README.md': 'x\n' });
    mockClaude().expectReview(manyFindingsReview());
    const { code, stdout } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], {
      cwd: repo.dir,
      env: KEY,
    });
    expect(code).toBe(0);
    const output = contract.parse(JSON.parse(stdout));
    expect(output.comments).toHaveLength(25); // review.max_comments' default
    expect(output.overflow).toHaveLength(540 - 25);
    expect(output.unanchored).toHaveLength(60);
    const lists = [...output.comments, ...output.overflow, ...output.unanchored];
    expect(findingIdCounts(lists.map((f) => f.body))).toEqual(eachFindingOnce());
    // The overflow is what did not go inline: the least severe, each placed like a comment.
    expect(output.comments.every((c) => c.severity === 'critical')).toBe(true);
    expect(output.overflow[0]).toMatchObject({ side: 'RIGHT', source: 'model' });
    expect(output.summary).not.toMatch(/PW-F\d{4}/);
  });

  test.each(['text', 'markdown'])(
    '--format %s lists each of 600 findings exactly once, the overflow under its own heading',
    async (format) => {
      const repo = repoWithChange(manyFiles(), { 'README.md': 'x\n' });
      mockClaude().expectReview(manyFindingsReview());
      const { code, stdout } = await cli(['review', '--base', 'HEAD~1', '--format', format], {
        cwd: repo.dir,
        env: KEY,
      });
      expect(code).toBe(0);
      expect(findingIdCounts([stdout])).toEqual(eachFindingOnce());
      expect(stdout).toContain(
        format === 'text'
          ? 'More findings, over the inline-comment cap (review.max_comments):'
          : '#### More findings (over the inline-comment cap, `review.max_comments`)',
      );
    },
  );
});
