import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderCommentBody } from '../../../src/core/review/format-markdown.js';
import type { ReviewComment } from '../../../src/core/findings/finding.js';
import { verifySuggestions } from '../../../src/core/review/verify-suggestions.js';
import { createCommandRunner } from '../../../src/core/workspace/create-command-runner.js';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';

const CALC = `function add(a, b) {
  return a - b;
}
module.exports = { add };
`;
// Passes when add() adds; exits 1 (with the wrong value on stderr) when it does not.
const CHECK = `const { add } = require('./src/calc.js');
const got = add(2, 3);
if (got !== 5) {
  console.error('add(2, 3) is ' + got);
  process.exit(1);
}
`;
// Fails when src/calc.js holds a line ending that is not CRLF.
const CHECK_CRLF = `const text = require('node:fs').readFileSync('src/calc.js', 'utf8');
if (/(^|[^\\r])\\n/.test(text)) process.exit(3);
`;

let scratch: TestRepo;
beforeEach(() => {
  scratch = makeRepo('pullwise-verify-');
  // Its own package.json, so that no package.json above the temp folder decides how node loads these files.
  scratch.write('package.json', '{ "type": "commonjs" }\n');
  scratch.write('src/calc.js', CALC);
  scratch.write('check.js', CHECK);
  scratch.write('check-crlf.js', CHECK_CRLF);
});
afterEach(() => scratch.cleanup());

function comment(suggestion: string | undefined, patch: Partial<ReviewComment> = {}): ReviewComment {
  return {
    path: 'src/calc.js',
    line: 2,
    side: 'RIGHT',
    severity: 'major',
    body: '`add` subtracts.',
    source: 'model',
    ...(suggestion !== undefined ? { suggestion } : {}),
    ...patch,
  };
}

async function verify(
  comments: ReviewComment[],
  command = 'node check.js',
  extra: { timeoutMs?: number; signal?: AbortSignal } = {},
) {
  const runner = await createCommandRunner({ mode: 'none', root: scratch.dir });
  return verifySuggestions(comments, {
    root: scratch.dir,
    runner,
    command,
    timeoutMs: extra.timeoutMs ?? 20_000,
    signal: extra.signal,
  });
}

const calcBytes = () => readFileSync(path.join(scratch.dir, 'src/calc.js'));

describe('verifying suggestions with the repository command', () => {
  test('a suggestion that makes the command pass is verified; one that breaks it loses its suggestion block', async () => {
    const before = calcBytes();
    const [fixed, broken] = await verify([comment('  return a + b;'), comment('  return a * b;')]);

    expect(fixed).toEqual({
      ...comment('  return a + b;'),
      verification: { command: 'node check.js', passed: true },
    });
    // Judged against the head, not against the first suggestion: each run starts from the original file.
    expect(broken!.suggestion).toBeUndefined();
    expect(broken!.verification).toEqual({
      command: 'node check.js',
      passed: false,
      detail: 'exit code 1',
      code: '  return a * b;',
    });
    expect(calcBytes().equals(before)).toBe(true);
  });

  test('a CRLF file is patched with CRLF lines and stays CRLF, byte for byte', async () => {
    const crlf = CALC.replace(/\n/g, '\r\n');
    scratch.write('src/calc.js', crlf);
    const [result] = await verify(
      [comment('  const sum = a + b;\n  return sum;')],
      'node check-crlf.js && node check.js',
    );

    expect(result!.verification).toEqual({ command: 'node check-crlf.js && node check.js', passed: true });
    expect(calcBytes().equals(Buffer.from(crlf))).toBe(true);
  });

  test('a run that passes the time limit counts as failing, and the file is restored', async () => {
    const before = calcBytes();
    const [result] = await verify([comment('  while (true) {}')], 'node check.js', { timeoutMs: 1_000 });

    expect(result!.suggestion).toBeUndefined();
    expect(result!.verification).toMatchObject({ passed: false, detail: 'timed out after 1 s' });
    expect(calcBytes().equals(before)).toBe(true);
  });

  test('a cancelled job stops with an error, after the file is restored', async () => {
    const before = calcBytes();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(
      verify([comment('  return a + b;')], 'sleep 20', { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(calcBytes().equals(before)).toBe(true);
  });

  test('a symbolic link the command leaves in place of the file is replaced, never written through', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'pullwise-outside-'));
    try {
      const target = path.join(outside, 'victim.txt');
      writeFileSync(target, 'outside\n');
      const before = calcBytes();
      const mode = statSync(path.join(scratch.dir, 'src/calc.js')).mode;
      const [result] = await verify(
        [comment('  return a + b;')],
        `rm src/calc.js && ln -s '${target}' src/calc.js && exit 1`,
      );

      expect(result!.verification).toMatchObject({ passed: false, detail: 'exit code 1' });
      expect(readFileSync(target, 'utf8')).toBe('outside\n');
      const restored = lstatSync(path.join(scratch.dir, 'src/calc.js'));
      expect(restored.isFile()).toBe(true);
      expect(restored.mode).toBe(mode);
      expect(calcBytes().equals(before)).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a command that swaps the folder for a symbolic link stops the verification; nothing is restored there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'pullwise-outside-'));
    try {
      await expect(
        verify([comment('  return a + b;')], `mv src '${outside}/src' && ln -s '${outside}/src' src`),
      ).rejects.toThrow(/moved or replaced the folder of src\/calc.js: the scratch copy cannot be restored/);
      // What the command moved out is left as it was: the restore did not follow the link.
      expect(readFileSync(path.join(outside, 'src/calc.js'), 'utf8')).toBe(CALC.replace('a - b', 'a + b'));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('comments without a RIGHT-side suggestion are left as they are', async () => {
    const plain = comment(undefined);
    const left = comment('  return a + b;', { side: 'LEFT' });
    expect(await verify([plain, left])).toEqual([plain, left]);
  });

  test('a suggestion that cannot be applied is not offered, and says why', async () => {
    symlinkSync('src', path.join(scratch.dir, 'lib'));
    const [outOfRange, throughLink] = await verify([
      comment('x', { startLine: 9, line: 10 }),
      comment('  return a + b;', { path: 'lib/calc.js' }),
    ]);

    expect(outOfRange!.suggestion).toBeUndefined();
    expect(outOfRange!.verification).toMatchObject({
      passed: false,
      detail: 'could not be applied: lines 9-10 are not in the file (4 lines)',
    });
    expect(throughLink!.verification).toMatchObject({
      passed: false,
      detail: 'could not be applied: lib/calc.js is reached through a symbolic link',
    });
  });
});

describe('how a verified comment reads', () => {
  test('a passing suggestion stays committable and names the command that passed', () => {
    const body = renderCommentBody({
      ...comment('  return a + b;'),
      verification: { command: 'npm test', passed: true },
    });
    expect(body).toContain('```suggestion\n  return a + b;\n```');
    expect(body).toContain('✅ Verified: `npm test` passes with this suggestion applied.');
  });

  test('a failing one is plain code, marked unverified with the reason', () => {
    const body = renderCommentBody({
      ...comment(undefined),
      verification: { command: 'npm test', passed: false, detail: 'exit code 1', code: '  return a * b;' },
    });
    expect(body).not.toContain('```suggestion');
    expect(body).toContain('\n\n```\n  return a * b;\n```\n\n');
    expect(body).toContain(
      '⚠️ Unverified: `npm test` did not pass with this change (exit code 1); it is shown as plain code',
    );
  });

  test('a command holding backticks is still one code span', () => {
    const body = renderCommentBody({
      ...comment('x'),
      verification: { command: 'test "`pwd`" = /w', passed: true },
    });
    expect(body).toContain('Verified: ``test "`pwd`" = /w`` passes');
  });
});
