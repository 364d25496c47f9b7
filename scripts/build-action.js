#!/usr/bin/env node
// Bundles the Action (src/action/index.ts and everything it imports) into ONE file, dist/index.js, which is
// committed because the Actions runner runs it as it is, without `npm install`. esbuild-wasm: no native
// package, so `npm ci` works on every platform. `--check` builds in memory and fails when the committed
// dist/index.js differs (CI runs it: a change to the sources without a rebuilt dist/ does not land).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild-wasm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'index.js');
const check = process.argv.includes('--check');

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/action/index.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  write: false,
  // Dynamic imports stay in this file (no chunks): the runner gets exactly one file.
  splitting: false,
  legalComments: 'eof',
  logLevel: 'warning',
  // The bundle names each module by its path (comments esbuild writes); with symlinks resolved, a node_modules
  // that is a link (a shared cache, a monorepo) would put paths from outside the repository into the bundle,
  // and the check would call a fresh build stale.
  preserveSymlinks: true,
  // CommonJS dependencies call require() for Node's own modules; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __pullwiseCreateRequire } from 'node:module';\nconst require = __pullwiseCreateRequire(import.meta.url);",
  },
});
const [output] = result.outputFiles;
const built = output.text;

if (check) {
  let committed = '';
  try {
    committed = readFileSync(outfile, 'utf8');
  } catch {
    // missing: reported below as stale
  }
  if (committed !== built) {
    console.error(
      'dist/index.js is stale: it was not built from the current sources and lockfile. ' +
        'Run `npm run build:action` and commit dist/.',
    );
    process.exit(1);
  }
  console.log(`dist/index.js is up to date (${(built.length / 1e6).toFixed(2)} MB)`);
} else {
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, built);
  console.log(`wrote dist/index.js (${(built.length / 1e6).toFixed(2)} MB)`);
}
