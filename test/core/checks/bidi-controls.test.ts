import { beforeAll, describe, expect, test } from '@jest/globals';
import { bidiControlsCheck } from '../../../src/core/checks/bidi-controls.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import { diffFilesFromGit } from './diff-fixture.js';

const OPTIONS = { largeFileBytes: 1_000_000 };

// The characters are written as escapes so this test file itself stays readable and free of them.
const CASES: Array<{ name: string; path: string; added: string; expected: string[] }> = [
  {
    name: 'the Trojan Source "commenting-out" attack',
    path: 'auth.js',
    added: '/*\u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */',
    expected: [
      'U+202E RIGHT-TO-LEFT OVERRIDE',
      'U+2066 LEFT-TO-RIGHT ISOLATE',
      'U+2069 POP DIRECTIONAL ISOLATE',
    ],
  },
  {
    name: 'a zero width space in an identifier',
    path: 'a.ts',
    added: 'const is\u200bAdmin = true;',
    expected: ['U+200B ZERO WIDTH SPACE'],
  },
  {
    name: 'a zero width joiner between ASCII letters',
    path: 'b.ts',
    added: 'let a\u200db = 1;',
    expected: ['U+200D ZERO WIDTH JOINER'],
  },
  { name: 'a word joiner', path: 'c.py', added: 'x = "a\u2060b"', expected: ['U+2060 WORD JOINER'] },
  {
    name: 'a byte order mark in mid-line',
    path: 'd.ts',
    added: 'const s = "\ufeff";',
    expected: ['U+FEFF ZERO WIDTH NO-BREAK SPACE'],
  },
  {
    name: 'an emoji ZWJ sequence',
    path: 'e.md',
    added: 'Built by a \u{1f469}\u200d\u{1f4bb} and a \u{1f3f3}\ufe0f\u200d\u{1f308}',
    expected: [],
  },
  {
    name: 'a Persian word with ZWNJ',
    path: 'f.md',
    added: '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
    expected: [],
  },
  { name: 'plain ASCII', path: 'g.ts', added: 'const a = 1;', expected: [] },
];

describe('bidi-controls check', () => {
  let findings: Finding[];

  beforeAll(async () => {
    const base = Object.fromEntries(CASES.map((c) => [c.path, 'first\n']));
    const head = Object.fromEntries(CASES.map((c) => [c.path, `first\n${c.added}\n`]));
    findings = await bidiControlsCheck.run(diffFilesFromGit(base, head), OPTIONS);
  });

  test.each(CASES.filter((c) => c.expected.length > 0))(
    '$name is reported with its code points',
    ({ path, expected }) => {
      const forFile = findings.filter((f) => f.path === path);
      expect(forFile).toEqual([
        expect.objectContaining({
          line: 2,
          side: 'RIGHT',
          severity: 'critical',
          source: 'check:bidi-controls',
        }),
      ]);
      for (const label of expected) expect(forFile[0]!.body).toContain(label);
    },
  );

  test.each(CASES.filter((c) => c.expected.length === 0))('$name is not reported', ({ path }) => {
    expect(findings.filter((f) => f.path === path)).toEqual([]);
  });

  test('a byte order mark at the start of a new file is not reported', async () => {
    const files = diffFilesFromGit({}, { 'bom.cs': '\ufeffusing System;\n' });
    expect(await bidiControlsCheck.run(files, OPTIONS)).toEqual([]);
  });

  test('a control character on an unchanged line is not reported', async () => {
    const base = 'a\nconst s = "\u202e";\nb\n';
    const files = diffFilesFromGit({ 'x.ts': base }, { 'x.ts': base.replace('b', 'c') });
    expect(files[0]!.hunks[0]!.lines.some((l) => l.kind === 'context' && l.text.includes('\u202e'))).toBe(
      true,
    );
    expect(await bidiControlsCheck.run(files, OPTIONS)).toEqual([]);
  });
});
