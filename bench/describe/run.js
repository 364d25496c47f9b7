// `npm run bench -- describe`: what the walkthrough (issue 20) costs in input tokens, on the review
// benchmark's real changes (bench/review-cases.js), default config, the built code (lib/) and a real
// ModelClient against the local Claude stand-in (bench/claude-stand-in.js, which answers every tool the
// walkthrough forces). Three runs per case, each client with a fresh ledger as each job has:
//   (a) the review alone, as today;
//   (b) the review asked for walkthrough notes (`walkthroughNotes: true`), then describeChangeSet with them
//       (`fileNotes`): the review job's path when it describes the head it reviews;
//   (c) describeChangeSet alone (the `describe` command, a push that is not reviewed).
// The claim measured: (b) ≤ 1.10 × (a) in input tokens. Writes bench/results/describe.md.
// Names after `describe` pick cases (`npm run bench -- describe ms commander`).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startClaudeStandIn, STAND_IN_NOTE, userText } from '../claude-stand-in.js';
import { changeBetween, loadDescribeDist, loadDist } from '../dist.js';
import { buildVersionRepo } from '../fetch-packages.js';
import { standInModel } from '../our-review.js';
import { CASES } from '../review-cases.js';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', 'describe.md');
/** The claim of issue 20: describing the head a review runs for costs at most this share more input. */
const MAX_EXTRA = 0.1;

const fmt = (n) => n.toLocaleString('en-US');
const seconds = (start) => (performance.now() - start) / 1000;

/**
 * @typedef {{ label: string, name: string, from: string, to: string }} PackageCase two npm versions
 * @typedef {{ label: string, dir: string, baseSha: string, headSha: string }} RepoCase a local repository
 * @typedef {{ label: string, change: import('../../lib/core/diff/change-set.js').ChangeSet }} ChangeCase
 * @typedef {(PackageCase | RepoCase | ChangeCase) & { maxCalls?: number }} DescribeCase `maxCalls`: that
 *   budget.max_calls, with the token and dollar budgets out of reach (as the review benchmark runs it)
 */

/**
 * @param {{ names?: string[], cases?: DescribeCase[], print?: boolean, write?: boolean,
 *   quiet?: boolean }} [options] `cases`: what to describe (default: the review benchmark's cases, or those
 *   `names` picks); `print`: the report on stdout; `write`: to bench/results/describe.md; `quiet`: no
 *   progress on stderr.
 */
export async function runDescribeBench(options = {}) {
  const { print = true, write = true, quiet = false } = options;
  const log = quiet ? () => {} : (m) => process.stderr.write(`[bench describe] ${m}\n`);
  const dist = { ...(await loadDist()), ...(await loadDescribeDist()) };
  const cases = options.cases ?? pickCases(options.names ?? [], dist.defaultConfig().budget.max_calls);
  const standIn = await startClaudeStandIn({ charsPerToken: dist.CHARS_PER_TOKEN });
  const started = performance.now();
  const measured = [];
  const warnings = [];
  try {
    for (const spec of cases) measured.push(await measureCase(dist, standIn, spec, { log, warnings }));
  } finally {
    await standIn.close();
  }
  const report = renderReport(dist, measured, warnings, seconds(started));
  if (print) process.stdout.write(report);
  if (write) {
    mkdirSync(path.dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, report);
    log(`written to ${path.relative(process.cwd(), RESULTS)}`);
  }
  return {
    cases: measured,
    goals: measured.map((c) => ({ goal: `${c.case}: (b) ≤ 1.10 × (a) input tokens`, pass: c.pass })),
    warnings,
    report,
  };
}

/**
 * The review benchmark's cases (those `names` picks) on the default config, each followed by a run at every
 * other call cap the review benchmark gives it: rxjs at max_calls 200, where the review reaches every file.
 */
function pickCases(names, defaultCalls) {
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown describe case ${unknown.map((n) => `"${n}"`).join(', ')}: use ${CASES.map((c) => c.name).join(', ')}`,
    );
  }
  return CASES.filter((c) => names.length === 0 || names.includes(c.name)).flatMap(
    ({ callCaps, ...spec }) => [
      spec,
      ...callCaps.filter((cap) => cap !== defaultCalls).map((maxCalls) => ({ ...spec, maxCalls })),
    ],
  );
}

/** The change a case names, and what removes what was built for it. */
async function openCase(dist, spec, log) {
  const cap = spec.maxCalls === undefined ? '' : ` (max_calls ${spec.maxCalls})`;
  if ('change' in spec) return { title: `${spec.label}${cap}`, change: spec.change, cleanup: () => {} };
  if ('dir' in spec) {
    const change = await changeBetween(dist, spec.dir, spec.baseSha, spec.headSha);
    return { title: `${spec.label}${cap}`, change, cleanup: () => {} };
  }
  const title = `${spec.label}: ${spec.name} ${spec.from} → ${spec.to}${cap}`;
  log(`${title}: fetching the tarballs, building a git repository`);
  const repo = buildVersionRepo(spec);
  try {
    const change = await changeBetween(dist, repo.dir, repo.baseSha, repo.headSha);
    return { title, change, cleanup: repo.cleanup };
  } catch (error) {
    repo.cleanup();
    throw error;
  }
}

async function measureCase(dist, standIn, spec, { log, warnings }) {
  const caseStart = performance.now();
  const { title, change, cleanup } = await openCase(dist, spec, log);
  try {
    log(`${title}: ${change.files.length} changed files`);
    /** One step on a fresh client: its ledger's figures, checked against what the stand-in answered. */
    const step = async (what, call) => {
      standIn.reset();
      const config = dist.defaultConfig();
      if (spec.maxCalls !== undefined) {
        config.budget.max_calls = spec.maxCalls;
        config.budget.max_total_tokens = 1_000_000_000;
        config.budget.max_usd = 1_000_000;
      }
      const model = standInModel(dist, config, standIn.baseURL);
      const out = await call(config, model);
      const usage = model.ledger.usage;
      const served = standIn.requests;
      const servedTokens = served.reduce((sum, r) => sum + r.inputTokens, 0);
      if (served.length !== usage.calls || servedTokens !== usage.inputTokens) {
        warnings.push(
          `${title}, ${what}: the ledger counted ${usage.calls} calls and ${usage.inputTokens} input tokens, ` +
            `the stand-in answered ${served.length} calls of ${servedTokens}`,
        );
      }
      const notesLeftOut = served.filter((r) => userText(r.body).includes('Leave "walkthrough" out')).length;
      return {
        out,
        calls: usage.calls,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        costUsd: usage.costUsd,
        notesLeftOut,
      };
    };
    const review = (walkthroughNotes) => (config, model) =>
      dist.reviewChangeSet(change, { config, model, ...(walkthroughNotes ? { walkthroughNotes } : {}) });
    const describe = (fileNotes) => (config, model) =>
      dist.describeChangeSet(change, { config, model, ...(fileNotes ? { fileNotes } : {}) });

    const t0 = performance.now();
    const a = await step('(a)', review(false));
    const ta = seconds(t0);
    const t1 = performance.now();
    const bReview = await step('(b) review', review(true));
    const fileNotes = bReview.out.walkthroughNotes;
    if (!fileNotes) warnings.push(`${title}: the review asked for walkthrough notes returned none`);
    const bDescribe = await step('(b) describe', describe(fileNotes ?? []));
    const tb = seconds(t1);
    const t2 = performance.now();
    const c = await step('(c)', describe(undefined));
    const tc = seconds(t2);

    const reviewFigures = (s) => ({
      reviewed: s.out.stats.reviewedFiles,
      budgetSkipped: s.out.skipped.filter((x) => x.reason === 'budget').length,
    });
    const rows = [
      {
        run: 'a',
        approach: '(a) review alone',
        calls: a.calls,
        inputTokens: a.inputTokens,
        outputTokens: a.outputTokens,
        costUsd: a.costUsd,
        review: { calls: a.calls, inputTokens: a.inputTokens, ...reviewFigures(a) },
        seconds: ta,
      },
      {
        run: 'b',
        approach: '(b) review with notes + describe',
        calls: bReview.calls + bDescribe.calls,
        inputTokens: bReview.inputTokens + bDescribe.inputTokens,
        outputTokens: bReview.outputTokens + bDescribe.outputTokens,
        costUsd: bReview.costUsd + bDescribe.costUsd,
        review: {
          calls: bReview.calls,
          inputTokens: bReview.inputTokens,
          ...reviewFigures(bReview),
          notes: fileNotes?.length ?? 0,
          partsWithoutNotes: bReview.notesLeftOut,
        },
        describe: { calls: bDescribe.calls, inputTokens: bDescribe.inputTokens },
        walkthrough: walkthroughFigures(bDescribe.out),
        seconds: tb,
      },
      {
        run: 'c',
        approach: '(c) describe alone',
        calls: c.calls,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
        costUsd: c.costUsd,
        describe: { calls: c.calls, inputTokens: c.inputTokens },
        walkthrough: walkthroughFigures(c.out),
        seconds: tc,
      },
    ];
    const [ra, rb, rc] = rows;
    const extraPercent =
      ra.inputTokens === 0 ? 0 : (100 * (rb.inputTokens - ra.inputTokens)) / ra.inputTokens;
    const pass = rb.inputTokens <= (1 + MAX_EXTRA) * ra.inputTokens;
    log(
      `  (a) ${ra.calls} calls, ${fmt(ra.inputTokens)} tokens; (b) ${rb.calls} calls, ${fmt(rb.inputTokens)} ` +
        `(${signed(extraPercent)}); (c) ${rc.calls} calls, ${fmt(rc.inputTokens)} — ${pass ? 'PASS' : 'FAIL'}`,
    );
    return {
      case: title,
      changedFiles: change.files.length,
      rows,
      extraPercent,
      describeAlonePercent: ra.inputTokens === 0 ? 0 : (100 * rc.inputTokens) / ra.inputTokens,
      pass,
      seconds: seconds(caseStart),
    };
  } finally {
    cleanup();
  }
}

/** How far a walkthrough got: its status, and its files with and without a note. */
function walkthroughFigures(walkthrough) {
  let files = 0;
  let unnoted = 0;
  for (const row of walkthrough.rows) {
    files += row.paths.length;
    if (row.note.startsWith('not described')) unnoted += row.paths.length;
    else for (const m of row.note.matchAll(/(\d+) files? not described/g)) unnoted += Number(m[1]);
  }
  return { model: walkthrough.model, files, noted: files - unnoted, notes: walkthrough.notes };
}

const count = (n, what) => `${fmt(n)} ${what}${n === 1 ? '' : 's'}`;
const signed = (percent) => `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;

function renderReport(dist, cases, warnings, totalSeconds) {
  const config = dist.defaultConfig();
  const split = (row) => {
    const parts = [row.review, row.describe].filter(Boolean);
    return parts.length > 1 ? parts : null;
  };
  const figure = (row, key) => {
    const parts = split(row);
    return parts ? `${parts.map((p) => fmt(p[key])).join(' + ')} = ${fmt(row[key])}` : fmt(row[key]);
  };
  const header = [
    '| case | run | calls | input tokens | vs (a) | output tokens | cost | walkthrough: files noted | review: files reached | goal |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  const lines = cases.flatMap((c) =>
    c.rows.map((row) => {
      const a = c.rows[0];
      const vs =
        row.run === 'a'
          ? '–'
          : row.run === 'b'
            ? signed(c.extraPercent)
            : `${c.describeAlonePercent.toFixed(1)}% of (a)`;
      const wt = row.walkthrough
        ? `${fmt(row.walkthrough.noted)}/${fmt(row.walkthrough.files)} (${row.walkthrough.model})`
        : '–';
      const reached = row.review
        ? `${fmt(row.review.reviewed)}/${fmt(row.review.reviewed + row.review.budgetSkipped)}` +
          (row.review.notes !== undefined ? `, ${fmt(row.review.notes)} notes` : '')
        : '–';
      const goal =
        row.run === 'b' ? `${c.pass ? 'PASS' : 'FAIL'} (≤ ${fmt(Math.floor(1.1 * a.inputTokens))})` : '';
      return `| ${row.run === 'a' ? c.case : ''} | ${row.approach} | ${figure(row, 'calls')} | ${figure(row, 'inputTokens')} | ${vs} | ${fmt(row.outputTokens)} | $${row.costUsd.toFixed(3)} | ${wt} | ${reached} | ${goal} |`;
    }),
  );
  const breakdown = cases.map((c) => {
    const [a, b] = c.rows;
    const reviewExtra = b.review.inputTokens - a.inputTokens;
    const parts = b.review.partsWithoutNotes
      ? `; ${b.review.partsWithoutNotes} review calls were told to leave the notes out (too many files for the reply)`
      : '';
    const lost = a.review.reviewed - b.review.reviewed;
    const more = lost > 0 ? ` (${fmt(lost)} more than in (a): the prompt is larger)` : '';
    const reached =
      b.review.budgetSkipped > 0
        ? `; the review left ${count(b.review.budgetSkipped, 'file')} out for the budget${more}, so the ` +
          'walkthrough names them without a note (no call is made for them)'
        : '';
    return (
      `- ${c.case}: the notes in the review calls ${signed(a.inputTokens ? (100 * reviewExtra) / a.inputTokens : 0)} ` +
      `(${fmt(reviewExtra)} tokens: the larger submit_review schema and the request for the notes), the describe ` +
      `step ${fmt(b.describe.inputTokens)} tokens in ${count(b.describe.calls, 'call')}${parts}${reached}.`
    );
  });
  const notes = cases.flatMap((c) =>
    c.rows
      .filter((r) => r.walkthrough?.notes.length)
      .map((r) => `- ${c.case}, ${r.approach}: ${r.walkthrough.notes.join(' ')}`),
  );
  return [
    '# Pullwise walkthrough cost benchmark',
    '',
    'The review benchmark’s changes (two published versions of npm packages), default config ' +
      `(${fmt(config.budget.max_input_tokens_per_call)} input tokens per call, max_calls ${config.budget.max_calls}, ` +
      `max_output_tokens ${fmt(config.budget.max_output_tokens)}). Built code, real \`ModelClient\`, a fresh ledger ` +
      'for each step as each job has. Tokens: the local estimate ' +
      `(${dist.CHARS_PER_TOKEN} characters per token) of each request body, reported as usage by a local Claude ` +
      'stand-in that answers the tool each request forces: `submit_review` with no findings (and a note on every ' +
      'file shown when its schema asks for `walkthrough`, unless the request says to leave it out), ' +
      '`submit_notes`, `submit_walkthrough` (summary, no risks, `files` when a diff is shown, `groups` when listed). ' +
      `Every note is the same ${STAND_IN_NOTE.split(' ').length}-word line, as long as the prompt allows a real one.`,
    '',
    'A case marked (max_calls N) runs at that call cap with the token and dollar budgets out of reach, as the ' +
      'review benchmark runs it: there the review reaches every file.',
    '',
    'Output tokens are the stand-in’s estimate of its own replies (the notes are most of them); cost is the ' +
      `ledger’s, at the config’s prices for ${config.model}.`,
    '',
    '**(a)** `reviewChangeSet`. **(b)** `reviewChangeSet` with `walkthroughNotes: true`, then ' +
      '`describeChangeSet` with its `walkthroughNotes` as `fileNotes` (on its own client). **(c)** ' +
      '`describeChangeSet` alone. Goal: (b) ≤ 1.10 × (a) input tokens. "x + y = z": review + describe.',
    '',
    ...header,
    ...lines,
    '',
    '## Where (b)’s extra goes',
    '',
    ...breakdown,
    ...(notes.length > 0 ? ['', '## What the walkthroughs say they left out', '', ...notes] : []),
    ...(warnings.length > 0 ? ['', '## Warnings', '', ...warnings.map((w) => `- ${w}`)] : []),
    '',
    '## Wall time per case',
    '',
    ...cases.map(
      (c) =>
        `- ${c.case}: ${c.seconds.toFixed(1)} s — ` +
        c.rows.map((r) => `${r.approach.split(' ')[0]} ${r.seconds.toFixed(1)} s`).join(', '),
    ),
    `- total: ${totalSeconds.toFixed(1)} s (Node ${process.versions.node})`,
    '',
  ].join('\n');
}
