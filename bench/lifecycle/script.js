// The scripted pull request: five pushes over a real git repository (sources.js holds its two files). Push 1
// opens the PR with eight seeded bugs (majors and minors, over both files) and a `debugger;` statement; each
// later push fixes some bugs by rewriting their line, edits the lines next to some bugs it leaves (so their
// lines are shown in the diff again and the model reports them again, reworded), and adds a new bug or two
// (one major, the others minor). Push 3 also rewrites one bug's own line without fixing it (b8): GitHub
// marks its thread outdated, yet the bug is still there. By push 5 most bugs are fixed.

import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUGS, sourcesAt } from './sources.js';

export { BUGS, markerOf } from './sources.js';

/** What each push does, in order. `debugger`: 'add' or 'remove' the statement. */
export const PUSHES = [
  {
    message: 'Cart totals, tax, coupons and shipping; stock reservations and snapshots',
    add: ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8'],
    debugger: 'add',
  },
  {
    message: 'Fix the subtotal loop, drop a debugger statement; merge guest carts, low-stock report',
    fix: ['b1'],
    debugger: 'remove',
    touch: ['b2', 'b7'],
    add: ['b9', 'b10'],
  },
  {
    message: 'Fix coupon expiry and overselling; restock deliveries',
    fix: ['b3', 'b5'],
    touch: ['b4', 'b6'],
    rewrite: ['b8'],
    add: ['b11'],
  },
  {
    message: 'Fix the zero tax rate, SKU case and cart merging; refunds and cart keys',
    fix: ['b2', 'b6', 'b9'],
    touch: ['b7', 'b10'],
    add: ['b12', 'b13'],
  },
  {
    message: 'Fix money formatting, reservation rollback, snapshots, low stock, restock and cart keys',
    fix: ['b4', 'b7', 'b8', 'b10', 'b11', 'b13'],
    touch: ['b12'],
    add: ['b14'],
  },
];

/** The script's state after push `push` (0: the base branch). */
export function stateAt(push) {
  const state = { push, bugs: {}, debugger: false };
  for (const step of PUSHES.slice(0, push)) {
    for (const id of step.add ?? []) state.bugs[id] = { fixed: false, touched: 0, rewritten: 0 };
    for (const id of step.fix ?? []) state.bugs[id].fixed = true;
    for (const id of step.touch ?? []) state.bugs[id].touched++;
    for (const id of step.rewrite ?? []) state.bugs[id].rewritten++;
    if (step.debugger) state.debugger = step.debugger === 'add';
  }
  return state;
}

/** The bugs whose line a push shows in its diff again without fixing them: what the model reports again. */
export function shownAgain(push) {
  const step = PUSHES[push - 1];
  return [...(step.touch ?? []), ...(step.rewrite ?? [])];
}

/** "fixes b1, debugger; edits next to b2, b7; adds b9 (major), b10 (minor)". */
export function describePush(push) {
  const step = PUSHES[push - 1];
  const withSeverity = (ids) => ids.map((id) => `${id} (${BUGS[id].severity})`);
  const parts = [];
  const fixes = [...(step.fix ?? []), ...(step.debugger === 'remove' ? ['debugger'] : [])];
  if (fixes.length > 0) parts.push(`fixes ${fixes.join(', ')}`);
  if (step.touch) parts.push(`edits next to ${step.touch.join(', ')}`);
  if (step.rewrite) parts.push(`rewrites ${step.rewrite.join(', ')} (bug kept)`);
  const adds = [...withSeverity(step.add ?? []), ...(step.debugger === 'add' ? ['debugger;'] : [])];
  if (adds.length > 0) parts.push(`adds ${adds.join(', ')}`);
  return parts.join('; ');
}

const run = promisify(execFile);
/** Git with its defaults whatever the machine's config, and fixed identities and dates: the same commits each run. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'Dana Developer',
  GIT_AUTHOR_EMAIL: 'dana@example.invalid',
  GIT_COMMITTER_NAME: 'Dana Developer',
  GIT_COMMITTER_EMAIL: 'dana@example.invalid',
};

export async function git(dir, args, env = {}) {
  const { stdout } = await run('git', args, {
    cwd: dir,
    env: { ...GIT_ENV, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

async function commit(dir, message, index) {
  const date = new Date(Date.UTC(2025, 0, 6, 9 + index)).toISOString();
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-q', '--no-verify', '-m', message], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return (await git(dir, ['rev-parse', 'HEAD'])).trim();
}

/**
 * A fresh repository in `dir`: `main` with the base files (and `config` as .github/pullwise.yml when
 * given), then branch `feature`, on which `push(n)` commits push n and answers its sha.
 */
export async function createScriptedRepository(dir, { config } = {}) {
  mkdirSync(dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  writeFiles(dir, {
    'README.md': '# storefront\n\nCart and stock code of the storefront.\n',
    ...(config ? { '.github/pullwise.yml': config } : {}),
    ...sourcesAt(stateAt(0)),
  });
  const baseSha = await commit(dir, 'The storefront: cart helpers and stock keeping', 0);
  await git(dir, ['checkout', '-q', '-b', 'feature']);
  return {
    dir,
    baseSha,
    push: async (n) => {
      writeFiles(dir, sourcesAt(stateAt(n)));
      return commit(dir, PUSHES[n - 1].message, n);
    },
  };
}
