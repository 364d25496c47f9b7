// `npm run bench -- lifecycle` (or `node bench/lifecycle/run.js`): the finding lifecycle on a scripted
// five-push pull request (script.js) over a real git repository, reviewed by the BUILT review job
// (lib/jobs/review-job.js runReviewJob) against an in-memory GitHub over that repository (github.js) and a
// model stand-in whose findings follow the bugs seeded in the code (model.js). Two modes, each on a fresh
// repository and GitHub: "today", the behaviour before the lifecycle (`review.on_push: all`, and a GitHub
// whose reviewThreads answers [] so no thread is judged or resolved), and "lifecycle", the defaults
// (`on_push: severe`, `resolve_addressed: true`) with the real threads. Measures per push and in total the
// inline comments, the threads resolved and the replies, the threads left open whose bug was fixed, and the
// model's input tokens; then checks three goals. Prints Markdown on stdout (progress on stderr), writes
// bench/results/lifecycle.md and returns the figures. A goal that fails is reported, not an error: exit 0.
// Needs `npm run build`. BENCH_VERBOSE=1 also shows the job's own log.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DistMissingError } from '../dist.js';
import { BenchGitHub, bugOnLines, fileAt } from './github.js';
import { startLifecycleModel } from './model.js';
import {
  BUGS,
  createScriptedRepository,
  describePush,
  markerOf,
  PUSHES,
  shownAgain,
  stateAt,
} from './script.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REVIEW_JOB = path.resolve(HERE, '..', '..', 'lib', 'jobs', 'review-job.js');
const RESULTS_FILE = path.resolve(HERE, '..', 'results', 'lifecycle.md');
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);

const PULL = { owner: 'storefront', repo: 'shop', number: 7 };
const MODES = [
  {
    name: 'today',
    what: '`review.on_push: all`, `reviewThreads` answers []',
    config: 'review:\n  on_push: all\n',
    threads: false,
  },
  { name: 'lifecycle', what: 'defaults (`on_push: severe`, `resolve_addressed: true`)', threads: true },
];
/** The goals: at least this share fewer comments after push 1, and at most this many times today's tokens. */
const FEWER_COMMENTS = 0.5;
const MAX_TOKEN_RATIO = 1.1;

const stderrLog = (message) => process.stderr.write(`[bench:lifecycle] ${message}\n`);

async function loadReviewJob() {
  if (!existsSync(REVIEW_JOB)) {
    throw new DistMissingError(
      'the built code is missing (lib/jobs/review-job.js not found). Run `npm run build` first, then `npm run bench -- lifecycle`.',
    );
  }
  return (await import(pathToFileURL(REVIEW_JOB).href)).runReviewJob;
}

/** Whether the head still has the bug a thread was about. */
function stillThere(bug, headText) {
  if (bug === 'debugger') return /^\s*debugger;/m.test(headText ?? '');
  return bug !== null && (headText ?? '').includes(markerOf(bug));
}

/** The bug a finding of the review result is about, read from its line on the head. */
async function bugOfFinding(dir, headSha, finding) {
  const text = (await fileAt(dir, headSha, finding.path)) ?? '';
  return bugOnLines(text.split('\n').slice((finding.startLine ?? finding.line) - 1, finding.line)) ?? '?';
}

async function runMode(runReviewJob, mode, log) {
  const root = mkdtempSync(path.join(os.tmpdir(), `pullwise-bench-lifecycle-${mode.name}-`));
  const model = await startLifecycleModel();
  try {
    const repo = await createScriptedRepository(path.join(root, 'repo'), { config: mode.config });
    const github = new BenchGitHub({
      dir: repo.dir,
      ...PULL,
      baseRef: 'main',
      headRef: 'feature',
      title: 'Cart totals and stock reservations',
      body: 'Adds the order arithmetic of the cart and stock reservations for orders.',
      threads: mode.threads,
    });
    const at = (level) => (obj, msg) => {
      if (VERBOSE || level !== 'info')
        log(`  ${mode.name} job ${level}: ${msg ?? ''} ${JSON.stringify(obj)}`);
    };
    const deps = {
      github,
      env: { ANTHROPIC_API_KEY: 'sk-ant-bench-lifecycle-stand-in-key', ANTHROPIC_BASE_URL: model.baseURL },
      log: { info: at('info'), warn: at('warn'), error: at('error') },
      signal: new AbortController().signal,
      dataDir: path.join(root, 'data'),
      botIdentity: async () => ({
        login: 'pullwise[bot]',
        name: 'Pullwise',
        email: '4242+pullwise[bot]@users.noreply.github.com',
      }),
    };
    const inlineBefore = new Set();
    const shownAsOpen = new Map();
    const pushes = [];
    for (let n = 1; n <= PUSHES.length; n++) {
      const headSha = await repo.push(n);
      github.setHead(headSha);
      const seen = {
        reviews: github.state.reviews.length,
        threads: github.state.threads.length,
        replies: github.state.replies.length,
        resolved: github.state.resolved.length,
        calls: model.calls.length,
      };
      const outcome = await runReviewJob(
        {
          owner: PULL.owner,
          repo: PULL.repo,
          pull_number: PULL.number,
          headSha,
          sender: { login: 'dana', type: 'User' },
          trigger: n === 1 ? 'opened' : 'synchronize',
        },
        deps,
      );
      if (outcome.status !== 'reviewed') {
        throw new Error(
          `${mode.name}, push ${n}: the job did not post a review (${outcome.status}: ${outcome.reason ?? ''})`,
        );
      }
      const calls = model.calls.slice(seen.calls);
      for (const call of calls)
        for (const id of call.open) shownAsOpen.set(id, [...(shownAsOpen.get(id) ?? []), n]);
      const newThreads = github.state.threads.slice(seen.threads);
      const inline = newThreads.map((t) => {
        const bug = github.state.bugOf.get(t.id) ?? '?';
        const again = inlineBefore.has(bug);
        inlineBefore.add(bug);
        return again ? `${bug}′` : bug;
      });
      const quiet = await Promise.all(
        (outcome.report.result.quiet ?? []).map((f) => bugOfFinding(repo.dir, headSha, f)),
      );
      const heads = new Map();
      const headText = async (p) => {
        if (!heads.has(p)) heads.set(p, await fileAt(repo.dir, headSha, p));
        return heads.get(p);
      };
      let fixedOpen = 0;
      let resolvedButThere = 0;
      for (const thread of github.state.threads) {
        const there = stillThere(github.state.bugOf.get(thread.id) ?? null, await headText(thread.path));
        if (!thread.isResolved && !there) fixedOpen++;
        if (thread.isResolved && there) resolvedButThere++;
      }
      const reviewed = github.state.reviews.slice(seen.reviews);
      const row = {
        push: n,
        headSha,
        change: describePush(n),
        inlineComments: reviewed.reduce((sum, r) => sum + r.comments.length, 0),
        inline,
        inBody: quiet.length,
        quiet,
        replies: github.state.replies.length - seen.replies,
        resolved: github.state.resolved.length - seen.resolved,
        resolvedBugs: github.state.resolved
          .slice(seen.resolved)
          .map((r) => github.state.bugOf.get(r.threadId) ?? '?'),
        fixedOpen,
        resolvedButThere,
        inputTokens: calls.reduce((sum, c) => sum + c.inputTokens, 0),
        usageInputTokens: outcome.report.result.usage.inputTokens,
        modelCalls: calls.length,
        shownBugs: byId([...new Set(calls.flatMap((c) => c.shownBugs))]),
        openShown: calls.reduce((sum, c) => sum + c.open.length, 0),
        addressedByModel: calls.reduce((sum, c) => sum + c.addressed.length, 0),
      };
      pushes.push(row);
      log(
        `${mode.name}, push ${n} (${headSha.slice(0, 7)}): ${row.inlineComments} inline, ${row.inBody} in the body, ` +
          `${row.resolved} resolved, ${row.fixedOpen} fixed but open, ${row.inputTokens} input tokens`,
      );
    }
    const finalHead = pushes.at(-1).headSha;
    const threads = [];
    for (const thread of github.state.threads) {
      const bug = github.state.bugOf.get(thread.id) ?? null;
      const head = await fileAt(repo.dir, finalHead, thread.path);
      const where = await github.whereNow(thread);
      threads.push({
        id: thread.id,
        bug: bug ?? '?',
        postedAt: pushes.find((p) => p.headSha === thread.comments[0].originalCommit)?.push,
        resolved: thread.isResolved,
        fixed: !stillThere(bug, head),
        outdatedNow: where.isOutdated,
        shownAsOpenAt: shownAsOpen.get(`F${thread.comments[0].id}`) ?? [],
        replies: thread.comments.length - 1,
      });
    }
    const sum = (key) => pushes.reduce((total, p) => total + p[key], 0);
    return {
      mode: mode.name,
      what: mode.what,
      pushes,
      threads,
      totals: {
        inlineComments: sum('inlineComments'),
        inlineAfterFirst: pushes.slice(1).reduce((total, p) => total + p.inlineComments, 0),
        inBody: sum('inBody'),
        replies: sum('replies'),
        resolved: sum('resolved'),
        fixedOpenAtEnd: pushes.at(-1).fixedOpen,
        resolvedButThereAtEnd: pushes.at(-1).resolvedButThere,
        inputTokens: sum('inputTokens'),
        usageInputTokens: sum('usageInputTokens'),
        modelCalls: sum('modelCalls'),
      },
      lines: Object.fromEntries(
        await Promise.all(
          ['src/cart.js', 'src/inventory.ts'].map(async (p) => [
            p,
            ((await fileAt(repo.dir, finalHead, p)) ?? '').split('\n').length - 1,
          ]),
        ),
      ),
    };
  } finally {
    await model.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function goalsOf(today, lifecycle) {
  const t = today.totals;
  const l = lifecycle.totals;
  const fewer = t.inlineAfterFirst === 0 ? 0 : 1 - l.inlineAfterFirst / t.inlineAfterFirst;
  const ratio = t.inputTokens === 0 ? Infinity : l.inputTokens / t.inputTokens;
  return [
    {
      goal: `comments after the first push at least ${FEWER_COMMENTS * 100}% fewer`,
      pass: t.inlineAfterFirst > 0 && fewer >= FEWER_COMMENTS,
      detail: `pushes 2–${PUSHES.length}: today ${t.inlineAfterFirst} inline comments, lifecycle ${l.inlineAfterFirst} (${Math.round(fewer * 100)}% fewer)`,
    },
    {
      goal: 'every addressed (fixed) finding resolved in lifecycle mode',
      pass: l.fixedOpenAtEnd === 0,
      detail: `threads open at the end whose bug was fixed: lifecycle ${l.fixedOpenAtEnd}, today ${t.fixedOpenAtEnd}; threads resolved with the bug still there: ${l.resolvedButThereAtEnd}`,
    },
    {
      goal: `lifecycle input tokens at most ${MAX_TOKEN_RATIO.toFixed(2)}× today's`,
      pass: ratio <= MAX_TOKEN_RATIO,
      detail: `lifecycle ${l.inputTokens.toLocaleString('en-US')}, today ${t.inputTokens.toLocaleString('en-US')} (×${ratio.toFixed(3)})`,
    },
  ];
}

/** Bug ids in their order: b2 before b10. */
const byId = (ids) => [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const list = (items) => (items.length > 0 ? items.join(', ') : '–');

/** Why a thread is in the state it ended in, as the report says it. */
function threadNote(t) {
  if (t.resolved) return t.fixed ? 'resolved' : 'resolved, but the bug is still there';
  if (!t.fixed) return 'open, bug still there';
  const shown =
    t.shownAsOpenAt.length > 0
      ? `shown as an open finding at push ${t.shownAsOpenAt.join(', ')}`
      : 'never shown as an open finding';
  return `open, bug fixed (${t.outdatedNow ? 'outdated' : 'not outdated'} now; ${shown})`;
}

function renderReport(figures) {
  const { today, lifecycle } = figures.modes;
  const rows = [];
  for (let i = 0; i < PUSHES.length; i++) {
    for (const m of [today, lifecycle]) {
      const p = m.pushes[i];
      rows.push(
        `| ${p.push} | ${m === today ? p.change : ''} | ${m.mode} | ${p.inlineComments} | ${p.inBody} | ${p.replies} | ${p.resolved} | ${p.fixedOpen} | ${p.inputTokens.toLocaleString('en-US')} |`,
      );
    }
  }
  for (const m of [today, lifecycle]) {
    const t = m.totals;
    rows.push(
      `| **total** | | **${m.mode}** | **${t.inlineComments}** (${t.inlineAfterFirst} after push 1) | ${t.inBody} | ${t.replies} | ${t.resolved} | ${t.fixedOpenAtEnd} at the end | ${t.inputTokens.toLocaleString('en-US')} |`,
    );
  }
  const detail = [];
  for (let i = 0; i < PUSHES.length; i++) {
    for (const m of [today, lifecycle]) {
      const p = m.pushes[i];
      detail.push(
        `| ${p.push} | ${m.mode} | ${list(p.inline)} | ${list(p.quiet)} | ${list(p.resolvedBugs)} | ${list(p.shownBugs)} | ${p.openShown} / ${p.addressedByModel} |`,
      );
    }
  }
  const threadLines = [today, lifecycle].map((m) => {
    const byNote = new Map();
    for (const t of m.threads)
      byNote.set(threadNote(t), [...(byNote.get(threadNote(t)) ?? []), `${t.bug} (push ${t.postedAt})`]);
    const groups = [...byNote].map(([note, bugs]) => `${note}: ${bugs.join(', ')}`);
    return `- **${m.mode}**, ${m.threads.length} threads. ${groups.join('. ')}.`;
  });
  const bugCount = Object.keys(BUGS).length;
  const final = stateAt(PUSHES.length);
  const fixed = Object.values(final.bugs).filter((b) => b.fixed).length;
  const sizes = Object.entries(lifecycle.lines)
    .map(([p, n]) => `\`${p}\` ${n} lines`)
    .join(', ');
  return [
    '# Pullwise finding lifecycle benchmark',
    '',
    `A scripted ${PUSHES.length}-push pull request over a real git repository (${sizes} at the last push), ` +
      `with ${bugCount} seeded bugs marked in the code (\`// BUG <id> <severity>: …\`) and a \`debugger;\` statement ` +
      `(a built-in check's finding); ${fixed} of the bugs and the statement are fixed by the last push. Each push is reviewed by the ` +
      'built review job (`runReviewJob`, lib/) against an in-memory GitHub over that repository (bench/lifecycle/github.js: ' +
      'diffs from `git diff`; a thread is outdated when `git diff -U0` from its commit to the head touches its lines) and a ' +
      'model stand-in (bench/lifecycle/model.js) that reports every bug marker on a diff line it is shown, worded one of ' +
      'three ways by review (the wording of review 1 comes back at review 4, where an exact fingerprint then catches the repeat), and answers `addressed` for each open finding whose marker is gone from its lines. ' +
      "Input tokens: the request bodies' characters / 4, as the stand-in reports them.",
    '',
    ...[today, lifecycle].map((m) => `- **${m.mode}**: ${m.what}.`),
    '',
    '| push | what the push does | mode | inline comments | in the review body | replies | threads resolved | fixed but open | input tokens |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '"fixed but open": Pullwise threads still open after the push\'s review whose bug is no longer in the head file.',
    '',
    '## Goals',
    '',
    ...figures.goals.map((g) => `- **${g.pass ? 'PASS' : 'FAIL'}** ${g.goal}: ${g.detail}.`),
    '',
    '## What each review posted',
    '',
    'Bug ids; ′ marks a bug that already had an inline comment. "shown": the bug lines the model saw on diff lines; ' +
      '"open / addressed": findings in the call\'s `<open_findings>`, and those the model answered as fixed.',
    '',
    '| push | mode | inline | in the review body | threads resolved | shown | open / addressed |',
    '|---|---|---|---|---|---|---|',
    ...detail,
    '',
    '## Threads at the end',
    '',
    ...threadLines,
    '',
    ...(figures.warnings.length > 0 ? ['## Warnings', '', ...figures.warnings.map((w) => `- ${w}`), ''] : []),
  ].join('\n');
}

/** What the run shows that the script did not mean: a bug shown or not shown again, a usage that disagrees. */
function warningsOf(modes) {
  const warnings = [];
  for (const m of modes) {
    for (const p of m.pushes) {
      const step = PUSHES[p.push - 1];
      const expected = byId([...new Set([...(step.add ?? []), ...shownAgain(p.push)])]);
      if (JSON.stringify(expected) !== JSON.stringify(p.shownBugs)) {
        warnings.push(
          `${m.mode}, push ${p.push}: the model was shown bugs ${list(p.shownBugs)}; the script meant ${list(expected)}`,
        );
      }
      if (p.usageInputTokens !== p.inputTokens) {
        warnings.push(
          `${m.mode}, push ${p.push}: the review's usage says ${p.usageInputTokens} input tokens, the stand-in counted ${p.inputTokens}`,
        );
      }
    }
  }
  return warnings;
}

/**
 * Runs both modes and returns the figures: per mode its pushes, its threads at the end and its totals; the
 * goals, each with `pass`. `print`: the Markdown on stdout; `write`: to bench/results/lifecycle.md;
 * `quiet`: no progress on stderr.
 */
export async function runLifecycleBench({ print = true, write = true, quiet = false } = {}) {
  const log = quiet ? () => {} : stderrLog;
  const runReviewJob = await loadReviewJob();
  const started = performance.now();
  const modes = [];
  for (const mode of MODES) {
    log(`${mode.name}: ${mode.what}`);
    modes.push(await runMode(runReviewJob, mode, log));
  }
  const [today, lifecycle] = modes;
  const figures = {
    modes: { today, lifecycle },
    goals: goalsOf(today, lifecycle),
    warnings: warningsOf(modes),
    seconds: (performance.now() - started) / 1000,
  };
  const report = renderReport(figures);
  if (print) process.stdout.write(report);
  if (write) {
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, report);
    log(`written to ${path.relative(process.cwd(), RESULTS_FILE)} (${figures.seconds.toFixed(1)} s)`);
  }
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runLifecycleBench().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    if (VERBOSE && error instanceof Error) console.error(error.stack);
    process.exit(1);
  });
}
