import { beforeAll, describe, expect, test } from '@jest/globals';
import { debugLeftoversCheck } from '../../../src/core/checks/debug-leftovers.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import { diffFilesFromGit } from './diff-fixture.js';

const OPTIONS = { largeFileBytes: 1_000_000 };

interface Case {
  name: string;
  path: string;
  /** Added as line 2 of the file. */
  added: string;
  /** Expected suggestion: a string, 'none' for a finding without one, or 'no finding'. */
  expect: string | 'none' | 'no finding';
}

const CASES: Case[] = [
  { name: 'debugger statement', path: 'a.ts', added: '  debugger;', expect: '' },
  {
    name: 'debugger without semicolon, with a comment',
    path: 'b.js',
    added: 'debugger // why is this null',
    expect: '',
  },
  { name: 'debugger in a CRLF line', path: 'c.tsx', added: '    debugger;\r', expect: '' },
  {
    name: 'it.only',
    path: 'd.test.ts',
    added: "  it.only('works', () => {",
    expect: "  it('works', () => {",
  },
  {
    name: 'describe.only',
    path: 'e.spec.js',
    added: "describe.only('suite', () => {",
    expect: "describe('suite', () => {",
  },
  {
    name: 'test.only',
    path: 'f.test.mjs',
    added: "test.only('x', async () => {})",
    expect: "test('x', async () => {})",
  },
  {
    name: 'context.only',
    path: 'g.cjs',
    added: "  context.only('when empty', () => {",
    expect: "  context('when empty', () => {",
  },
  { name: 'fit', path: 'h.jsx', added: "  fit('renders', () => {", expect: "  it('renders', () => {" },
  { name: 'fdescribe', path: 'i.ts', added: "fdescribe('App', () => {", expect: "describe('App', () => {" },
  {
    name: 'it.only in a .vue file',
    path: 'j.vue',
    added: "it.only('mounts', () => {",
    expect: "it('mounts', () => {",
  },
  { name: 'breakpoint()', path: 'k.py', added: '    breakpoint()', expect: '' },
  { name: 'breakpoint() after other code', path: 'l.py', added: 'x = load(); breakpoint()', expect: 'none' },
  { name: 'pdb.set_trace()', path: 'm.py', added: '    import pdb; pdb.set_trace()', expect: '' },
  { name: 'import ipdb', path: 'n.py', added: 'import ipdb', expect: '' },
  { name: 'binding.pry', path: 'o.rb', added: '    binding.pry', expect: '' },
  { name: 'byebug', path: 'p.rb', added: '  byebug', expect: '' },
  // Negative cases: comments, other file types, look-alikes.
  { name: 'debugger in a line comment', path: 'q.ts', added: '  // debugger;', expect: 'no finding' },
  {
    name: 'it.only after a line comment',
    path: 'r.ts',
    added: "foo(); // it.only('x', f)",
    expect: 'no finding',
  },
  { name: 'it.only in a JSDoc example', path: 's.ts', added: " * it.only('x', f)", expect: 'no finding' },
  { name: 'debugger in Markdown', path: 'README.md', added: 'debugger;', expect: 'no finding' },
  { name: 'a normal it(', path: 't.test.ts', added: "  it('works', () => {", expect: 'no finding' },
  { name: 'a method named fit', path: 'u.js', added: 'model.fit(xs, ys);', expect: 'no finding' },
  { name: 'a word ending in fit', path: 'v.ts', added: 'const p = profit(1);', expect: 'no finding' },
  {
    name: 'an identifier containing debugger',
    path: 'w.ts',
    added: 'const debuggerEnabled = false;',
    expect: 'no finding',
  },
  { name: 'breakpoint() in a Python comment', path: 'x.py', added: '# breakpoint()', expect: 'no finding' },
  { name: 'binding.pry in a Ruby comment', path: 'y.rb', added: '# binding.pry', expect: 'no finding' },
  {
    name: 'byebug in a require string',
    path: 'z.rb',
    added: "require 'byebug_helper'",
    expect: 'no finding',
  },
];

describe('debug-leftovers check', () => {
  let findings: Finding[];

  beforeAll(async () => {
    const base = Object.fromEntries(CASES.map((c) => [c.path, 'first\n']));
    const head = Object.fromEntries(CASES.map((c) => [c.path, `first\n${c.added}\n`]));
    findings = await debugLeftoversCheck.run(diffFilesFromGit(base, head), OPTIONS);
  });

  test.each(CASES.filter((c) => c.expect !== 'no finding'))(
    '$name in $path is reported',
    ({ path, expect: fix }) => {
      const forFile = findings.filter((f) => f.path === path);
      expect(forFile).toEqual([
        expect.objectContaining({
          line: 2,
          side: 'RIGHT',
          severity: 'major',
          source: 'check:debug-leftovers',
        }),
      ]);
      expect(forFile[0]!.suggestion).toBe(fix === 'none' ? undefined : fix);
    },
  );

  test.each(CASES.filter((c) => c.expect === 'no finding'))('$name in $path is not reported', ({ path }) => {
    expect(findings.filter((f) => f.path === path)).toEqual([]);
  });

  test('bodies say what was found and why it matters', () => {
    const only = findings.find((f) => f.path === 'd.test.ts')!;
    expect(only.body).toMatch(/\.only/);
    expect(only.body).toMatch(/skipped/);
  });

  test('removing a debugger statement is not reported', async () => {
    const files = diffFilesFromGit({ 'a.ts': 'a();\ndebugger;\nb();\n' }, { 'a.ts': 'a();\nb();\n' });
    expect(await debugLeftoversCheck.run(files, OPTIONS)).toEqual([]);
  });
});
