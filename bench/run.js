// `npm run bench`: Pullwise's review pipeline against the naive "whole files in one call" approach, on real
// diffs between two published versions of npm packages. Prints a Markdown report on stdout (progress goes to
// stderr) and writes it to bench/results/review.md. Needs the built code: run `npm run build` first.
// BENCH_VERBOSE=1 also shows the pipeline's own progress messages.
// Then the webhook intake benchmark (bench/intake/run.js, bench/results/intake.md). `npm run bench -- review`
// or `npm run bench -- intake` runs only one of them; `npm run bench -- checkout` runs the checkout benchmark
// (bench/checkout/run.js, bench/results/checkout.md); `npm run bench -- tools` the search_code benchmark
// (bench/tools/run.js, bench/results/tools.md); `npm run bench -- load` the scale-out load benchmark
// (bench/load/run.js, bench/results/load.md); `npm run bench -- secrets` the secret detection benchmark
// (bench/secrets/run.js, bench/results/secrets.md); `npm run bench -- fidelity` the CLI contract fidelity
// benchmark on real history with a model stand-in (bench/fidelity/run.js, bench/results/fidelity.md);
// `npm run bench -- lifecycle` the finding lifecycle benchmark, a scripted five-push PR reviewed by the built
// review job with and without the lifecycle (bench/lifecycle/run.js, bench/results/lifecycle.md);
// `npm run bench -- describe` the walkthrough cost benchmark, describing each review case alone and after a
// review of the same head (bench/describe/run.js, bench/results/describe.md; names after it pick cases:
// `npm run bench -- describe ms commander`).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCheckoutBench } from './checkout/run.js';
import { describeRequests, startClaudeStandIn } from './claude-stand-in.js';
import { runDescribeBench } from './describe/run.js';
import { changeBetween, DistMissingError, loadDist } from './dist.js';
import { buildVersionRepo } from './fetch-packages.js';
import { runFidelityBench } from './fidelity/run.js';
import { runIntakeBench } from './intake/run.js';
import { runLifecycleBench } from './lifecycle/run.js';
import { runLoadBench } from './load/run.js';
import { runSecretsBench } from './secrets/run.js';
import { runToolsBench } from './tools/run.js';
import { naiveReview } from './naive-review.js';
import { callsTable, resultTable } from './report.js';
import { CASES } from './review-cases.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (start) => (performance.now() - start) / 1000;

/** One review of our pipeline, in a fresh worker thread (see review-worker.js). */
function ourReviewInWorker(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./review-worker.js', import.meta.url), { workerData });
    let outcome;
    worker.once('message', (message) => (outcome = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      outcome ? resolve(outcome) : reject(new Error(`the review worker exited with code ${code}`)),
    );
  });
}

async function runCase(dist, standIn, spec) {
  const title = `${spec.name} ${spec.from} → ${spec.to}`;
  const caseName = `${spec.label}: ${spec.name} ${spec.from} → ${spec.to}`;
  const caseStart = performance.now();
  log(`${title}: fetching the tarballs, building a git repository`);
  const repo = buildVersionRepo(spec);
  try {
    const setupSeconds = seconds(caseStart);
    const change = await changeBetween(dist, repo.dir, repo.baseSha, repo.headSha);
    const changedLinesOf = new Map(change.files.map((f) => [f.path, f.additions + f.deletions]));
    const linesIn = (paths) => paths.reduce((sum, p) => sum + (changedLinesOf.get(p) ?? 0), 0);
    log(`${title}: ${change.files.length} changed files (setup ${setupSeconds.toFixed(1)} s)`);

    const ours = [];
    for (const maxCalls of spec.callCaps) {
      standIn.reset();
      const outcome = await ourReviewInWorker({
        dir: repo.dir,
        baseSha: repo.baseSha,
        headSha: repo.headSha,
        baseURL: standIn.baseURL,
        maxCalls,
        verbose: VERBOSE,
      });
      const calls = describeRequests(standIn.requests);
      if (calls.calls !== outcome.ledgerCalls) {
        log(
          `  warning: the ledger counted ${outcome.ledgerCalls} calls, the stand-in answered ${calls.calls}`,
        );
      }
      if (outcome.reached !== outcome.reachedPaths.length) {
        log(
          `  warning: stats.reviewedFiles is ${outcome.reached}, reviewable minus budget-skipped is ${outcome.reachedPaths.length}`,
        );
      }
      ours.push({
        case: caseName,
        approach: `ours, max_calls ${maxCalls}`,
        ...outcome,
        ...calls,
        countTokensRequests: standIn.countTokensRequests(),
        ourReviewable: outcome.reviewable,
        ourReviewableReached: outcome.reached,
        reachedChangedLines: linesIn(outcome.reachedPaths),
      });
      log(
        `  ours, max_calls ${maxCalls}: ${outcome.reached}/${outcome.reviewable} reviewable files reached the model ` +
          `in ${calls.calls} calls (${outcome.seconds.toFixed(1)} s)`,
      );
    }

    const ourReviewable = new Set(ours[0].reviewablePaths);
    const naiveStart = performance.now();
    const naive = await naiveReview(change, {
      maxInputTokens: dist.defaultConfig().budget.max_input_tokens_per_call,
      estimateTokens: dist.estimateTokens,
    });
    const naiveRow = {
      case: caseName,
      approach: 'naive, 1 call',
      changedFiles: change.files.length,
      changedLines: linesIn(change.files.map((f) => f.path)),
      reviewable: naive.reviewable.length,
      reached: naive.reached.length,
      ourReviewable: ourReviewable.size,
      ourReviewableReached: naive.reached.filter((p) => ourReviewable.has(p)).length,
      skipped: { 'cut off': naive.truncated.length, ...naive.skipped },
      calls: naive.calls,
      inputTokens: naive.inputTokens,
      uncutTokens: naive.uncutTokens,
      reachedChangedLines: linesIn(naive.reached),
      seconds: seconds(naiveStart),
    };
    log(`  naive: ${naive.reached.length}/${naive.reviewable.length} files fit whole in one call`);

    return { title, ours, rows: [...ours, naiveRow], setupSeconds, totalSeconds: seconds(caseStart) };
  } finally {
    repo.cleanup();
  }
}

function renderReport(dist, cases, totalSeconds) {
  const config = dist.defaultConfig();
  const budget = config.budget.max_input_tokens_per_call.toLocaleString('en-US');
  return [
    '# Pullwise review benchmark',
    '',
    `Real diffs between two published versions of npm packages (\`npm pack\`, one git commit per version). ` +
      `Default config (context_lines ${config.review.context_lines}), ${budget} input tokens per call ` +
      `(\`budget.max_input_tokens_per_call\`), call cap as shown; token and dollar budgets out of reach. ` +
      `Tokens: the local estimate (${dist.CHARS_PER_TOKEN} characters per token) of each request body, reported ` +
      `as usage by a local Claude stand-in that answers \`submit_review\` with no findings.`,
    '',
    `**Ours**: \`reviewChangeSet\` with a real \`ModelClient\` (@anthropic-ai/sdk), each run in a fresh worker thread. ` +
      `**Naive**: whole head-side files of every changed file except binary and deleted ones, concatenated into one ` +
      `call and cut at ${budget} tokens (prompt and tool schema not counted); a file reaches the model only if all of ` +
      `it fits before the cut. "of OUR reviewable, reached" compares both on the same set of files.`,
    '',
    resultTable(cases.flatMap((c) => c.rows)),
    '',
    '## Our calls',
    '',
    callsTable(cases.flatMap((c) => c.ours)),
    '',
    '## Wall time per case',
    '',
    ...cases.map(
      (c) =>
        `- ${c.title}: ${c.totalSeconds.toFixed(1)} s — fetch and git repository ${c.setupSeconds.toFixed(1)} s, ` +
        c.rows.map((r) => `${r.approach} ${r.seconds.toFixed(1)} s`).join(', '),
    ),
    `- total: ${totalSeconds.toFixed(1)} s (Node ${process.versions.node})`,
    '',
  ].join('\n');
}

async function reviewBench() {
  const dist = await loadDist();
  const standIn = await startClaudeStandIn({ charsPerToken: dist.CHARS_PER_TOKEN });
  const started = performance.now();
  const cases = [];
  try {
    for (const spec of CASES) cases.push(await runCase(dist, standIn, spec));
  } finally {
    await standIn.close();
  }

  const report = renderReport(dist, cases, seconds(started));
  process.stdout.write(report);
  const resultsDir = path.join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'review.md'), report);
  log(`written to ${path.relative(process.cwd(), path.join(resultsDir, 'review.md'))}`);
}

async function main() {
  const only = process.argv[2];
  if (only === 'checkout') return runCheckoutBench();
  if (only === 'tools') return runToolsBench();
  if (only === 'load') return runLoadBench();
  if (only === 'secrets') return runSecretsBench();
  if (only === 'fidelity') return runFidelityBench();
  if (only === 'lifecycle') return runLifecycleBench();
  if (only === 'describe') return runDescribeBench({ names: process.argv.slice(3) });
  if (only !== undefined && only !== 'review' && only !== 'intake') {
    throw new Error(
      `unknown benchmark "${only}": use review, intake, checkout, tools, load, secrets, fidelity, lifecycle or describe, or nothing for review and intake`,
    );
  }
  if (only !== 'intake') await reviewBench();
  if (only !== 'review') {
    if (only === undefined) process.stdout.write('\n');
    await runIntakeBench();
  }
}

main().catch((error) => {
  if (error instanceof DistMissingError) {
    console.error(`bench: ${error.message}`);
  } else {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    if (VERBOSE && error instanceof Error) console.error(error.stack);
  }
  process.exit(1);
});
