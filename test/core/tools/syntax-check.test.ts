import { describe, expect, test } from '@jest/globals';
import { findSyntaxError } from '../../../src/core/tools/syntax-check.js';

describe('findSyntaxError', () => {
  test.each([
    ['a.ts', 'const x = <number>y;\n@Component({}) class A { constructor(private readonly b: string) {} }\n'],
    ['a.mts', 'export const f = async () => { await using r = open(); };\n'],
    ['a.tsx', 'export const A = <T,>(p: { v: T }) => <div>{String(p.v)}</div>;\n'],
    ['a.jsx', 'export const A = () => <div />;\n'],
    ['a.js', 'const React = require("react");\nmodule.exports = () => <p />;\nreturn;\n'],
    ['a.cjs', 'if (module.parent) return;\n'],
    ['a.mjs', 'const data = await import("./x.js");\nexport default data;\n'],
    ['package.json', '\uFEFF{ "name": "x" }\n'],
    ['tsconfig.base.json', '{ /* c */ "extends": "x", "paths": { "a": ["http://b//c"], }, }\n'],
    ['.vscode/settings.json', '// editor\n{ "a": 1, }\n'],
    ['x.jsonc', '{ "a": [1, 2,], }'],
    ['ci.yaml', 'a: 1\n---\nb: [1, 2]\n'],
    ['notes.md', '{{{ not parsed'],
    ['Makefile', 'all: ; @echo )'],
  ])('%s parses', (file, text) => {
    expect(findSyntaxError(file, text)).toBeUndefined();
  });

  test.each([
    ['a.ts', 'export const a = ;\n', 'Unexpected token (1:17)'],
    ['a.ts', 'const x = <div />;\n', /\(1:\d+\)$/],
    ['a.cts', 'function f( {\n', 'Unexpected token (2:0)'],
    ['a.mjs', 'return 1;\n', "'return' outside of function. (1:0)"],
    ['a.json', '{ "a": 1, }', /\(1:10\)$/],
    ['package.json', '// no comments\n{}', /^Unexpected token '\/'[^\n]*$/],
    ['tsconfig.json', '{ "a": "// not a comment" "b": 1 }', /\(1:26\)$/],
    ['x.yml', 'a:\n  - 1\n b: 2\n', /\(3:\d+\)$/],
    ['second.yml', 'a: 1\n---\nb: [1, 2\n', /\(\d+:\d+\)$/],
  ])('%s with %j is an error', (file, text, expected) => {
    const error = findSyntaxError(file, text);
    if (typeof expected === 'string') expect(error).toBe(expected);
    else expect(error).toMatch(expected);
  });
});
