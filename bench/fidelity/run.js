// `npm run bench -- fidelity` (or `node bench/fidelity/run.js`): contract fidelity of `pullwise review
// --format json` on real history. The BUILT CLI (bin/pullwise.js over lib/) reviews every non-merge commit C
// as C~1..C — of this repository, and of git histories made of an npm package's published versions (one
// commit per version, bench/fetch-packages.js's tarballs) — against a model stand-in (stand-in.js) whose
// comments aim at valid and invalid targets on purpose. Each commit is checked against DESIGN.md's contract:
// - the CLI exits 0 and prints one JSON object (the contract, plus `overflow`);
// - every entry of `comments` and `overflow` is postable on the diff GitHub would show (github-view.js:
//   `git diff -M`, parsed with jsdiff, not with Pullwise's parser);
// - every stand-in comment is in exactly one of comments / overflow / unanchored; one meant as valid is
//   posted at the same path, line, side and range; one meant as invalid is unanchored;
// - every changed file of `git diff -M --name-only` was shown to the model or is in `skipped` with a reason;
// - and, to tell a misled model from a misplaced comment: every line shown to the model is the line of
//   GitHub's diff it claims to be, and `usage.calls` counts the calls the stand-in answered.
// Prints Markdown on stdout (progress on stderr) and writes bench/results/fidelity.md. Needs `npm run build`.
//
// FIDELITY_COMMITS=N   the latest N commits of each repository (default: all of this one, 10 per package)
// FIDELITY_PACKAGES    npm packages to build histories from (default "prettier,commander"; "none": skip)
// FIDELITY_SEED        the stand-in's seed (default 1)
// FIDELITY_JOBS        CLI runs at once (default: up to 4)

import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DistMissingError } from '../dist.js';
import { fetchTarball } from '../fetch-packages.js';
import { git, githubView, lineAt, whyNotPostable } from './github-view.js';
import { startFidelityStandIn, TARGET_KINDS } from './stand-in.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const RESULTS_DIR = path.resolve(HERE, '..', 'results');
const CLI = path.join(ROOT, 'bin', 'pullwise.js');
const CLI_TIMEOUT_MS = 300_000;
const EXAMPLES = 5;

const COMMITS = process.env.FIDELITY_COMMITS ? Number(process.env.FIDELITY_COMMITS) : undefined;
const PACKAGES = (process.env.FIDELITY_PACKAGES ?? 'prettier,commander')
  .split(',')
  .map((p) => p.trim())
  .filter((p) => p && p !== 'none');
const SEED = Number(process.env.FIDELITY_SEED ?? 1);
const JOBS = Number(process.env.FIDELITY_JOBS ?? Math.max(1, Math.min(4, os.availableParallelism() - 1)));
const DEFAULT_PER_PACKAGE = 10;

/** DESIGN.md's list of skip reasons. */
const CONTRACT_SKIP_REASONS = ['binary', 'generated', 'lockfile', 'ignored', 'too-large'];
const SEVERITIES = ['critical', 'major', 'minor', 'nit'];
const COMMENT_KEYS = [
  'path',
  'line',
  'side',
  'startLine',
  'startSide',
  'severity',
  'body',
  'suggestion',
  'source',
];
const TOP_KEYS = ['summary', 'comments', 'overflow', 'unanchored', 'skipped', 'usage'];
const USAGE_KEYS = ['calls', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd'];
const ID = /\[fid-([\w.-]+)\]/g;

const log = (message) => process.stderr.write(`[bench:fidelity] ${message}\n`);
const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------- repositories

/** Every non-merge, non-root commit of `dir`'s HEAD, oldest first, with its parent: the latest `limit`. */
async function commitsOf(dir, limit) {
  const out = await git(dir, ['rev-list', '--no-merges', '--parents', '--reverse', 'HEAD']);
  const commits = out
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .filter((shas) => shas.length === 2)
    .map(([sha, parent]) => ({ sha, parent }));
  return limit === undefined ? commits : commits.slice(-limit);
}

const BUILD_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  // Fixed dates: the same versions make the same commits, so the examples in the report can be looked up.
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

/**
 * A throwaway git repository with one commit per published version of `name` (the latest `count + 1`
 * stable ones, so `count` commits have a parent), from bench/fetch-packages.js's tarball cache.
 */
async function buildPackageHistory(name, count) {
  const { stdout } = await execFileAsync('npm', ['view', name, 'versions', '--json'], { encoding: 'utf8' });
  const versions = [JSON.parse(stdout)].flat().filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  const picked = versions.slice(-(count + 1));
  const dir = mkdtempSync(path.join(os.tmpdir(), `pullwise-fidelity-${name.replace(/\W/g, '_')}-`));
  const gitSync = (args) => execFileSync('git', args, { cwd: dir, env: BUILD_ENV, stdio: 'pipe' });
  gitSync(['init', '--quiet', '--initial-branch=main']);
  gitSync(['config', 'core.autocrlf', 'false']);
  for (const version of picked) {
    const tarball = fetchTarball(name, version);
    for (const entry of readdirSync(dir)) {
      if (entry !== '.git') rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { stdio: 'pipe' });
    // npm tarballs give every file the same mtime (1985-10-26): a changed file of the same size on a reused
    // inode looks unchanged to git's stat cache, and its change would be lost. A fresh index hashes them all.
    rmSync(path.join(dir, '.git', 'index'), { force: true });
    gitSync(['add', '-A', '--force']);
    gitSync(['commit', '--quiet', '--no-verify', '--allow-empty', '-m', `${name} ${version}`]);
  }
  return {
    dir,
    label: `npm ${name} (${picked[0]} … ${picked.at(-1)})`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ----------------------------------------------------------------------------------------------------- CLI

/** The built CLI on one commit, pointed at the stand-in: exit code, stdout, stderr. */
function runCli(dir, commit, baseURL) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_') && !k.startsWith('PULLWISE_')),
  );
  env.ANTHROPIC_API_KEY = 'fidelity-stand-in-key';
  env.ANTHROPIC_BASE_URL = baseURL;
  const args = [
    CLI,
    'review',
    '--repo',
    dir,
    '--base',
    commit.parent,
    '--head',
    commit.sha,
    '--format',
    'json',
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exit: code ?? `signal ${signal}`,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

// -------------------------------------------------------------------------------------------------- checks

const emptyTally = () => ({
  comments: 0,
  overflow: 0,
  unanchored: 0,
  skipped: 0,
  checkFindings: 0,
  changedFiles: 0,
  shownFiles: 0,
  shownLines: 0,
  repaired: 0,
});

/** A range across two hunks posted on its last line alone: Pullwise's documented repair, not a violation. */
function isDocumentedRepair(made, entry) {
  return (
    made.kind === 'range across two hunks' &&
    entry.path === made.path &&
    entry.line === made.line &&
    entry.side === made.side &&
    entry.startLine === undefined
  );
}

const isInt = (v, min) => Number.isInteger(v) && v >= min;
const isSide = (v) => v === 'LEFT' || v === 'RIGHT';
const place = (c) =>
  `${c.path}:${c.startLine !== undefined ? `${c.startLine}–` : ''}${c.line} ${c.side ?? '(no side)'}`;

/** How the parsed output breaks the JSON contract of DESIGN.md (plus `overflow`). */
function shapeProblems(out) {
  const problems = [];
  const extra = Object.keys(out).filter((k) => !TOP_KEYS.includes(k));
  if (extra.length) problems.push(`unexpected top-level keys: ${extra.join(', ')}`);
  if (typeof out.summary !== 'string') problems.push('summary is not a string');
  for (const key of ['comments', 'overflow', 'unanchored', 'skipped']) {
    if (!Array.isArray(out[key])) problems.push(`${key} is not an array`);
  }
  for (const key of ['comments', 'overflow']) {
    for (const c of [out[key]].flat().filter(Boolean)) {
      const bad = [];
      if (typeof c.path !== 'string' || !c.path) bad.push('path');
      if (!isInt(c.line, 1)) bad.push('line');
      if (!isSide(c.side)) bad.push('side');
      if (c.startLine !== undefined && !isInt(c.startLine, 1)) bad.push('startLine');
      if (c.startLine !== undefined && !isSide(c.startSide)) bad.push('startSide');
      if (c.startLine === undefined && c.startSide !== undefined) bad.push('startSide without startLine');
      if (!SEVERITIES.includes(c.severity)) bad.push('severity');
      if (typeof c.body !== 'string' || !c.body) bad.push('body');
      if (c.suggestion !== undefined && typeof c.suggestion !== 'string') bad.push('suggestion');
      if (c.source !== 'model' && !/^check:[\w-]+$/.test(String(c.source))) bad.push('source');
      const unknown = Object.keys(c).filter((k) => !COMMENT_KEYS.includes(k));
      if (unknown.length) bad.push(`unexpected keys ${unknown.join(', ')}`);
      if (bad.length) problems.push(`${key} entry ${place(c)}: ${bad.join(', ')}`);
    }
  }
  for (const u of [out.unanchored].flat().filter(Boolean)) {
    const bad = [];
    if (typeof u.path !== 'string' || !u.path) bad.push('path');
    if (!isInt(u.line, 0)) bad.push('line');
    if (!SEVERITIES.includes(u.severity)) bad.push('severity');
    if (typeof u.body !== 'string' || !u.body) bad.push('body');
    if (bad.length) problems.push(`unanchored entry ${u.path}:${u.line}: ${bad.join(', ')}`);
  }
  for (const s of [out.skipped].flat().filter(Boolean)) {
    if (typeof s.path !== 'string' || typeof s.reason !== 'string' || !s.reason) {
      problems.push(`skipped entry ${JSON.stringify(s)}: path or reason missing`);
    }
  }
  const usage = out.usage;
  if (!usage || typeof usage !== 'object') problems.push('usage is not an object');
  else {
    const bad = USAGE_KEYS.filter((k) => typeof usage[k] !== 'number' || !(usage[k] >= 0));
    if (bad.length) problems.push(`usage: ${bad.join(', ')} not a number ≥ 0`);
  }
  return problems;
}

const SUFFIX_EOF = '  ⟨no newline at end of file⟩';

/** True when the text shown to the model is GitHub's line, allowing for masked credentials and cut lines. */
function sameText(shown, actual) {
  const real = actual.replace(/\r$/, '');
  const text = shown.endsWith(SUFFIX_EOF) ? shown.slice(0, -SUFFIX_EOF.length) : shown;
  if (text === real) return true;
  if (text.startsWith('⟨line withheld')) return true;
  const cut = text.indexOf(' …(line cut: ');
  if (cut !== -1) return real.startsWith(text.slice(0, cut));
  if (!text.includes('…') && !text.includes('[redacted]')) return false;
  // A masked credential reads "abcd…wxyz" or "[redacted]" in place of the secret.
  const pattern = text
    .split(/(…|\[redacted\])/)
    .map((piece, i) => (i % 2 ? '.*' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(real);
}

/** The lines shown to the model against GitHub's diff: same number, same kind, same text. */
function checkShownLines(shownFiles, view, add) {
  const MARKER_KIND = { '+': 'add', '-': 'del', ' ': 'context' };
  for (const shown of shownFiles) {
    const file = view.files.get(shown.path);
    if (!file) continue; // reported by the coverage check
    for (const l of shown.lines) {
      if (l.marker === ':') {
        const at = lineAt(file, 'RIGHT', l.n);
        if (at)
          add(
            'shown line is not what GitHub shows',
            shown.path,
            `line ${l.n} shown as reference (:), GitHub's diff has it as ${at.kind}`,
          );
        continue;
      }
      const at = lineAt(file, l.marker === '-' ? 'LEFT' : 'RIGHT', l.n);
      if (!at || at.kind !== MARKER_KIND[l.marker]) {
        add(
          'shown line is not what GitHub shows',
          shown.path,
          `line ${l.n} shown as "${l.marker}", GitHub's diff has ${at ? at.kind : 'no such line'}`,
        );
      } else if (!sameText(l.text, at.text)) {
        add(
          'shown line text differs from GitHub',
          shown.path,
          `line ${l.n} "${l.marker}": shown ${JSON.stringify(l.text.slice(0, 60))}, GitHub ${JSON.stringify(at.text.slice(0, 60))}`,
        );
      }
    }
  }
}

/** Every contract check of one commit's review. Returns the violations and what the output held. */
export function checkCommit({ view, cli, standIn }) {
  const violations = [];
  const add = (kind, where, what) => violations.push({ kind, path: where, what });
  const tally = { ...emptyTally(), skipReasons: {} };

  if (cli.exit !== 0) {
    const line = cli.stderr.trim().split('\n').at(-1) ?? '';
    add('CLI did not exit 0', '', `exit ${cli.exit}: ${line.slice(0, 200)}`);
  }
  let out;
  try {
    out = JSON.parse(cli.stdout);
  } catch (error) {
    add(
      'stdout is not one JSON object',
      '',
      `${error.message}; stdout starts ${JSON.stringify(cli.stdout.slice(0, 80))}`,
    );
    return { violations, tally };
  }
  if (!out || typeof out !== 'object' || Array.isArray(out)) {
    add('stdout is not one JSON object', '', `stdout is ${JSON.stringify(cli.stdout.slice(0, 80))}`);
    return { violations, tally };
  }
  for (const problem of shapeProblems(out)) add('JSON shape', '', problem);
  const lists = {
    comments: [out.comments].flat().filter(Boolean),
    overflow: [out.overflow].flat().filter(Boolean),
    unanchored: [out.unanchored].flat().filter(Boolean),
  };
  const skipped = [out.skipped].flat().filter(Boolean);
  tally.comments = lists.comments.length;
  tally.overflow = lists.overflow.length;
  tally.unanchored = lists.unanchored.length;
  tally.skipped = skipped.length;
  for (const s of skipped) tally.skipReasons[s.reason] = (tally.skipReasons[s.reason] ?? 0) + 1;
  tally.changedFiles = view.changed.length;
  tally.shownFiles = new Set(standIn.shownFiles.map((f) => f.path)).size;
  tally.shownLines = standIn.shownFiles.reduce((n, f) => n + f.lines.length, 0);

  // Postable as GitHub would take it.
  for (const list of ['comments', 'overflow']) {
    for (const c of lists[list]) {
      if (String(c.source).startsWith('check:')) tally.checkFindings++;
      const why = whyNotPostable(view, c);
      if (why) add('comment not postable on GitHub', c.path, `${list}: ${place(c)} (${c.source}): ${why}`);
    }
  }
  for (const u of lists.unanchored) if (String(u.source).startsWith('check:')) tally.checkFindings++;

  // Each stand-in comment once, where it belongs.
  const found = new Map();
  for (const [list, entries] of Object.entries(lists)) {
    for (const entry of entries) {
      for (const [, id] of String(entry.body).matchAll(ID)) {
        if (!found.has(id)) found.set(id, []);
        found.get(id).push({ list, entry });
      }
    }
  }
  for (const [id, made] of standIn.comments) {
    const target = `${made.kind} at ${place(made)}`;
    const where = found.get(id) ?? [];
    if (where.length === 0) {
      add('stand-in comment dropped', made.path, `[fid-${id}] ${target}`);
      continue;
    }
    if (where.length > 1) {
      add(
        'stand-in comment duplicated',
        made.path,
        `[fid-${id}] ${target}: in ${where.map((w) => w.list).join(', ')}`,
      );
    }
    const { list, entry } = where[0];
    if (made.valid && list === 'unanchored') {
      add('valid comment unanchored', made.path, `[fid-${id}] ${target}: ${entry.reason ?? '(no reason)'}`);
    } else if (made.valid) {
      const same =
        entry.path === made.path &&
        entry.line === made.line &&
        entry.side === made.side &&
        entry.startLine === made.startLine &&
        (made.startLine === undefined || entry.startSide === made.side);
      if (!same)
        add('valid comment moved or shrunk', made.path, `[fid-${id}] ${target}: posted at ${place(entry)}`);
    } else if (list !== 'unanchored' && isDocumentedRepair(made, entry)) {
      // Pullwise's documented repair (README, "How a review works"; anchor-findings.ts): a range that
      // crosses hunks is posted on its last line, which lies in the diff. Counted, not a violation.
      tally.repaired++;
    } else if (list !== 'unanchored') {
      add(
        `invalid target posted: ${made.kind}`,
        made.path,
        `[fid-${id}] ${target}: posted in ${list} at ${place(entry)}`,
      );
    } else if (entry.path !== made.path || entry.line !== made.line) {
      add(
        'unanchored entry moved',
        made.path,
        `[fid-${id}] ${target}: listed at ${entry.path}:${entry.line}`,
      );
    }
    // The stand-in judged by what it was shown; GitHub's diff is the truth.
    const postable = whyNotPostable(view, made) === null;
    if (postable !== made.valid) {
      add(
        'stand-in misled by the diff shown',
        made.path,
        `[fid-${id}] ${target}: meant ${made.valid ? 'valid' : 'invalid'}, GitHub ${postable ? 'would take it' : `would not (${whyNotPostable(view, made)})`}`,
      );
    }
  }
  for (const [id, where] of found) {
    if (!standIn.comments.has(id))
      add('unknown comment id', where[0].entry.path, `[fid-${id}] in ${where[0].list}`);
  }

  // Every changed file reviewed or skipped with a reason.
  const shown = new Set(standIn.shownFiles.map((f) => f.path));
  const skippedPaths = new Map(skipped.map((s) => [s.path, s.reason]));
  const changed = new Set(view.changed);
  for (const name of view.changed) {
    if (!shown.has(name) && !skippedPaths.has(name)) {
      add(
        'changed file neither reviewed nor skipped',
        name,
        `${view.files.get(name)?.status ?? 'changed'} file`,
      );
    }
  }
  for (const name of new Set([...shown, ...skippedPaths.keys()])) {
    if (!changed.has(name))
      add('path not in the change', name, shown.has(name) ? 'shown to the model' : 'in skipped');
  }
  for (const [name, reason] of skippedPaths) {
    if (!CONTRACT_SKIP_REASONS.includes(reason))
      add('skip reason outside DESIGN.md', name, `reason "${reason}"`);
  }

  checkShownLines(standIn.shownFiles, view, add);
  if (out.usage && out.usage.calls !== standIn.calls) {
    add(
      'usage.calls differs from the calls made',
      '',
      `usage.calls ${out.usage.calls}, stand-in answered ${standIn.calls}`,
    );
  }
  return { violations, tally };
}

// -------------------------------------------------------------------------------------------------- driver

async function reviewRepository(repo, standIn, key) {
  const commits = await commitsOf(repo.dir, repo.limit);
  const result = {
    label: repo.label,
    commits: 0,
    calls: 0,
    retries: 0,
    retriesForUnshownPaths: 0,
    otherRetries: [],
    made: new Map(Object.keys(TARGET_KINDS).map((k) => [k, 0])),
    tally: { ...emptyTally(), skipReasons: {} },
    violations: [],
    seconds: 0,
  };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < commits.length) {
      const index = next++;
      const commit = commits[index];
      const tag = `${key}${index + 1}`;
      const [view, cli] = await Promise.all([
        githubView(repo.dir, commit.parent, commit.sha),
        runCli(repo.dir, commit, standIn.baseURLFor(tag)),
      ]);
      const seen = standIn.runFor(tag);
      standIn.forget(tag);
      let checked;
      try {
        checked = checkCommit({ view, cli, standIn: seen });
      } catch (error) {
        checked = { violations: [{ kind: 'bench error', path: '', what: error.stack }], tally: {} };
      }
      result.commits++;
      result.calls += seen.calls;
      result.retries += seen.retries;
      for (const reason of seen.retryReasons) {
        if (reason.includes('fidelity-not-shown/')) result.retriesForUnshownPaths++;
        else result.otherRetries.push(`${commit.sha.slice(0, 8)}: ${reason}`);
      }
      for (const made of seen.comments.values()) result.made.set(made.kind, result.made.get(made.kind) + 1);
      for (const [k, v] of Object.entries(checked.tally)) {
        if (k === 'skipReasons') {
          for (const [reason, n] of Object.entries(v)) {
            result.tally.skipReasons[reason] = (result.tally.skipReasons[reason] ?? 0) + n;
          }
        } else result.tally[k] += v;
      }
      const short = commit.sha.slice(0, 8);
      for (const v of checked.violations) result.violations.push({ ...v, commit: short, order: index });
      log(
        `${repo.label} ${index + 1}/${commits.length} ${short}: ${view.changed.length} files, ` +
          `${seen.comments.size} stand-in comments, ${checked.violations.length} violations`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, commits.length) }, worker));
  // Runs in parallel finish in any order: the examples follow the history.
  result.violations.sort((a, b) => a.order - b.order);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function describeReasons(reasons) {
  const entries = Object.entries(reasons ?? {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([reason, n]) => `${reason} ${n}`).join(', ') : 'none';
}

function renderReport(results, totalSeconds) {
  const lines = [
    '# Pullwise contract fidelity benchmark',
    '',
    `The built CLI (\`pullwise review --base C~1 --head C --format json\`) on every non-merge commit C with a ` +
      `parent, default config, against a model stand-in (bench/fidelity/stand-in.js, seed ${SEED}) that answers ` +
      `each review call with comments on valid targets (added, removed and context lines, ranges inside one hunk, ` +
      `lines of a deleted file) and invalid ones (reference lines, past the file's end, LEFT on an added file, ` +
      `ranges across two hunks, files without diff lines, paths not shown). Postable means: inside one hunk of ` +
      `\`git diff -M\` (no user config) as jsdiff parses it. CLI runs at once: ${JOBS}.`,
    '',
    '| repository | commits | model calls (retries) | stand-in comments | comments | overflow | unanchored | skipped | violations | time |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    if (r.error) {
      lines.push(`| ${r.label} | not run | | | | | | | | |`);
      continue;
    }
    const made = [...r.made.values()].reduce((a, b) => a + b, 0);
    lines.push(
      `| ${r.label} | ${r.commits} | ${r.calls} (${r.retries}) | ${made} | ${r.tally.comments} | ${r.tally.overflow} | ` +
        `${r.tally.unanchored} | ${r.tally.skipped} | ${r.violations.length} | ${r.seconds.toFixed(0)} s |`,
    );
  }
  const total = results.reduce((n, r) => n + r.violations.length, 0);
  lines.push(
    '',
    `**Total violations: ${total}**${results.some((r) => r.error) ? ' (some repositories could not be built, see below)' : ''}.`,
    '',
  );
  for (const r of results) {
    lines.push(`## ${r.label}`, '');
    if (r.error) {
      lines.push(`Not run: ${r.error}`, '');
      continue;
    }
    lines.push(
      `${r.commits} commits, ${r.calls} model calls (${r.retries} correction retries: ` +
        `${r.retriesForUnshownPaths} for a path not shown, ${r.otherRetries.length} for other reasons), ` +
        `${r.tally.checkFindings} findings of the built-in checks, ${r.tally.repaired} ranges across two hunks ` +
        `posted on their last line (the documented repair). ${r.tally.changedFiles} changed files: ` +
        `${r.tally.shownFiles} shown to the model (${r.tally.shownLines} numbered lines, each checked against ` +
        `GitHub's diff), ${r.tally.skipped} skipped (${describeReasons(r.tally.skipReasons)}). ` +
        `Stand-in comments by target:`,
      '',
      ...r.otherRetries.slice(0, EXAMPLES).map((why) => `- other retry: ${why}`),
      ...(r.otherRetries.length ? [''] : []),
      '| target | meant | made |',
      '| --- | --- | ---: |',
      ...[...r.made].map(([kind, n]) => `| ${kind} | ${TARGET_KINDS[kind] ? 'valid' : 'invalid'} | ${n} |`),
      '',
    );
    const byKind = new Map();
    for (const v of r.violations) {
      if (!byKind.has(v.kind)) byKind.set(v.kind, []);
      byKind.get(v.kind).push(v);
    }
    if (byKind.size === 0) {
      lines.push('No violations.', '');
      continue;
    }
    lines.push('| violation | count | commits |', '| --- | ---: | ---: |');
    for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`| ${kind} | ${list.length} | ${new Set(list.map((v) => v.commit)).size} |`);
    }
    lines.push('');
    for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`### ${kind} (${list.length})`, '');
      for (const v of list.slice(0, EXAMPLES)) {
        lines.push(
          `- \`${v.commit}\`${v.path ? ` \`${v.path}\`` : ''}: ${v.what.replace(/\n/g, ' ').slice(0, 400)}`,
        );
      }
      lines.push('');
    }
  }
  lines.push(
    `Total time ${totalSeconds.toFixed(0)} s (Node ${process.versions.node}). Reproduce: \`npm run build && npm run bench -- fidelity\`.`,
    '',
  );
  return lines.join('\n');
}

export async function runFidelityBench() {
  if (!existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) {
    throw new DistMissingError(
      'lib/ is missing: run `npm run build` first, then `npm run bench -- fidelity`',
    );
  }
  const standIn = await startFidelityStandIn({ seed: SEED });
  const started = performance.now();
  const results = [];
  try {
    const head = (await git(ROOT, ['rev-parse', '--short=8', 'HEAD'])).trim();
    const own = {
      dir: ROOT,
      label: `pullwise (this repository at ${head})`,
      limit: COMMITS,
      cleanup: () => {},
    };
    results.push(await reviewRepository(own, standIn, 'p'));
    for (const [i, name] of PACKAGES.entries()) {
      let repo;
      try {
        log(`building the history of npm ${name}`);
        repo = await buildPackageHistory(name, COMMITS ?? DEFAULT_PER_PACKAGE);
      } catch (error) {
        results.push({
          label: `npm ${name}`,
          error: error.message.split('\n')[0],
          violations: [],
          made: new Map(),
          tally: {},
        });
        continue;
      }
      try {
        results.push(await reviewRepository({ ...repo, limit: undefined }, standIn, `n${i}x`));
      } finally {
        repo.cleanup();
      }
    }
  } finally {
    await standIn.close();
  }
  const report = renderReport(results, (performance.now() - started) / 1000);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'fidelity.md'), report);
  process.stdout.write(report);
  log(`written to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'fidelity.md'))}`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runFidelityBench().catch((error) => {
    process.stderr.write(`${error instanceof DistMissingError ? error.message : error.stack}\n`);
    process.exit(1);
  });
}
