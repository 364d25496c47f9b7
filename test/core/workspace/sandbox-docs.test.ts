import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxEnv } from '../../../src/core/workspace/sandbox-env.js';

const readme = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md'),
  'utf8',
);
const section = readme.slice(readme.indexOf('### The sandbox'), readme.indexOf('## The GitHub Action'));

test("the README's sandbox section names exactly the variables a sandboxed command gets", () => {
  const listed = /cleared environment \([^)]*only ([^)]*)\)/.exec(section.replace(/\n/g, ' '))?.[1] ?? '';
  const named = [...listed.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]).sort();
  // PWD is not passed: /bin/sh sets it for the command.
  const given = [...Object.keys(sandboxEnv({ path: '/usr/bin', home: '/h', tmp: '/t' })), 'PWD'].sort();
  expect(named).toEqual(given);
});

test("the README says what `sandbox: none` gives up: the server's user and its environment through /proc", () => {
  expect(section).toMatch(/`sandbox: none`[\s\S]*server's own user[\s\S]*\/proc\/<pid>\/environ/);
});
