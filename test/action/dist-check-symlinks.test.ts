import { afterAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const copy = mkdtempSync(path.join(tmpdir(), 'pullwise-dist-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

// The committed dist/index.js is checked fresh by `npm run check:dist` before the tests (.ci/run); a tree
// whose node_modules is a symlink (a shared cache, a monorepo) must find that same bundle fresh too.
test('check:dist finds the committed bundle fresh when node_modules is a symlink', () => {
  for (const entry of ['package.json', 'tsconfig.json', 'src', 'scripts', 'dist']) {
    cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const out = execFileSync(process.execPath, ['scripts/build-action.js', '--check'], {
    cwd: copy,
    encoding: 'utf8',
  });
  expect(out).toContain('dist/index.js is up to date');
}, 120_000);
