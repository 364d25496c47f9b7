// `npm run bench -- secrets` (or `node bench/secrets/run.js`): Pullwise's secret detection against
// secretlint's recommended preset alone (the detector Pullwise used before), in the same run:
// - recall on the corpus (bench/secrets/corpus: samples made from each provider's documented format, three
//   seeds per template), overall and per rule group;
// - placeholders flagged (the corpus's placeholders, those made from every template, and common stand-ins);
// - scan time per 10,000 changed lines of real code, config and docs (sources of installed npm packages),
//   scanned file by file as the check does, median of several rounds.
// Prints Markdown on stdout (progress on stderr) and writes bench/results/secrets.md. Needs `npm run build`.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import { DistMissingError } from '../dist.js';
import { COMMON_PLACEHOLDERS, SECRETS_CORPUS } from './corpus/index.js';
import { corpusPlaceholders, expandCorpus } from './expand.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const RESULTS_DIR = path.resolve(HERE, '..', 'results');
const SEEDS = [11, 12, 13];
const ROUNDS = 15;
const WARMUP_ROUNDS = 3; // not counted: the first rounds also compile (JIT) both detectors
const LINES = 10_000;
const LINES_PER_FILE = 200;

// As the old check did: secretlint 12's profiler slows every scan (issues #1633, #1653).
secretLintProfiler.mark = () => {};
const SECRETLINT_CONFIG = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedRules }],
};

const log = (message) => process.stderr.write(`[bench:secrets] ${message}\n`);

async function secretlintFinds(text, ext = '.txt') {
  const result = await lintSource({
    source: { content: text, filePath: `sample${ext}`, ext, contentType: 'text' },
    options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
  });
  return result.messages.length > 0;
}

async function loadOurs() {
  const file = path.join(ROOT, 'lib/core/checks/secrets.js');
  if (!existsSync(file)) throw new DistMissingError('lib/ is missing: run `npm run build` first');
  const [{ secretsCheck }, { secretDetector }] = await Promise.all([
    import(pathToFileURL(file).href),
    import(pathToFileURL(path.join(ROOT, 'lib/core/checks/secrets/default-detector.js')).href),
  ]);
  return { secretsCheck, secretDetector };
}

const GROUPS = ['cloud-infra', 'business-saas', 'developer-ai', 'scanning-partners', 'generic'];

async function groupOf() {
  const byRule = new Map();
  for (const group of GROUPS) {
    const module = await import(pathToFileURL(path.join(HERE, 'corpus', `${group}.js`)).href);
    const entries = Object.values(module).find(Array.isArray) ?? [];
    for (const entry of entries) byRule.set(entry.rule, group);
  }
  return byRule;
}

/** Real lines from installed packages: JavaScript and TypeScript sources, JSON, YAML and Markdown. */
function realLines(count) {
  const picked = [];
  const roots = [
    'typescript/lib',
    'zod',
    'probot',
    'yaml',
    'pino',
    'commander',
    'ioredis',
    'prettier',
    'eslint',
  ];
  const files = [];
  const walk = (dir, depth) => {
    if (depth > 4 || files.length > 4000) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/\.(?:[cm]?js|ts|json|ya?ml|md)$/.test(entry.name)) files.push(full);
    }
  };
  for (const root of roots) {
    const dir = path.join(ROOT, 'node_modules', root);
    if (existsSync(dir)) walk(dir, 0);
  }
  files.sort();
  for (let i = 0; picked.length < count && i < files.length; i += 7) {
    const lines = readFileSync(files[i], 'utf8').split('\n').slice(0, 400);
    for (const line of lines) if (line.length < 400 && picked.length < count) picked.push(line);
  }
  return picked;
}

/** A diff file of added lines only, as the check sees one (`DiffFile` in src/core/diff/types.ts). */
function addedFile(index, lines) {
  return {
    path: `src/file-${index}.ts`,
    status: 'added',
    binary: false,
    hunks: [
      {
        oldStart: 0,
        oldLines: 0,
        newStart: 1,
        newLines: lines.length,
        lines: lines.map((text, i) => ({ kind: 'add', newLine: i + 1, text })),
      },
    ],
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeScans(ours, files) {
  const oursMs = [];
  const secretlintMs = [];
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    let start = performance.now();
    await ours.secretsCheck.run(files, { largeFileBytes: 1e9 });
    if (round >= 0) oursMs.push(performance.now() - start);
    start = performance.now();
    for (const file of files) await secretlintFinds(file.hunks[0].lines.map((l) => l.text).join('\n'), '.ts');
    if (round >= 0) secretlintMs.push(performance.now() - start);
  }
  return { ours: median(oursMs), secretlint: median(secretlintMs) };
}

export async function runSecretsBench() {
  const ours = await loadOurs();
  const groups = await groupOf();
  const samples = SEEDS.flatMap((seed) => expandCorpus(SECRETS_CORPUS, { seed }));
  const placeholders = [...corpusPlaceholders(SECRETS_CORPUS).map((p) => p.text), ...COMMON_PLACEHOLDERS];
  log(
    `${samples.length} samples of ${new Set(samples.map((s) => s.rule)).size} rules, ${placeholders.length} placeholders`,
  );

  const perGroup = new Map(GROUPS.map((g) => [g, { total: 0, ours: 0, ownRule: 0, secretlint: 0 }]));
  const totals = { total: 0, ours: 0, ownRule: 0, secretlint: 0 };
  const missed = [];
  for (const sample of samples) {
    const matches = ours.secretDetector.detect(sample.text);
    const found = matches.length > 0;
    const own = matches.some((m) => m.rule.id === sample.rule);
    const theirs = await secretlintFinds(sample.text);
    for (const row of [totals, perGroup.get(groups.get(sample.rule) ?? 'generic')]) {
      row.total++;
      row.ours += Number(found);
      row.ownRule += Number(own);
      row.secretlint += Number(theirs);
    }
    if (!found) missed.push(sample.rule);
  }
  let oursFlagged = 0;
  let secretlintFlagged = 0;
  for (const text of placeholders) {
    oursFlagged += Number(ours.secretDetector.detect(text).length > 0);
    secretlintFlagged += Number(await secretlintFinds(text));
  }

  log('timing scans');
  const lines = realLines(LINES);
  // A few credentials among the lines, as a real change might have.
  for (let i = 0; i < 50; i++)
    lines[(i * 197) % lines.length] = samples[(i * 31) % samples.length].text.split('\n')[0];
  const files = [];
  for (let i = 0; i < lines.length; i += LINES_PER_FILE)
    files.push(addedFile(i, lines.slice(i, i + LINES_PER_FILE)));
  const time = await timeScans(ours, files);

  const pct = (n, d) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
  const providerCount = new Set(ours.secretDetector.rules.map((r) => r.title.split(' ')[0])).size;
  const report = [
    '# Secrets benchmark',
    '',
    `Corpus: ${samples.length} samples (${SEEDS.length} seeds × ${SECRETS_CORPUS.reduce((n, e) => n + e.samples.length, 0)} templates) of ` +
      `${ours.secretDetector.rules.length} rules (about ${providerCount} providers by title), made from each documented format; ` +
      `${placeholders.length} placeholders. Scan time: ${lines.length.toLocaleString('en-US')} real lines from installed ` +
      `packages in ${files.length} files, ${ROUNDS} rounds after ${WARMUP_ROUNDS} of warm-up, median.`,
    '',
    "| detector | recall | recall by the sample's own rule | placeholders flagged | scan time per 10,000 lines |",
    '| --- | ---: | ---: | ---: | ---: |',
    `| Pullwise | ${pct(totals.ours, totals.total)} | ${pct(totals.ownRule, totals.total)} | ${pct(oursFlagged, placeholders.length)} (${oursFlagged}) | ${((time.ours * 10_000) / lines.length).toFixed(0)} ms |`,
    `| secretlint recommended preset | ${pct(totals.secretlint, totals.total)} | – | ${pct(secretlintFlagged, placeholders.length)} (${secretlintFlagged}) | ${((time.secretlint * 10_000) / lines.length).toFixed(0)} ms |`,
    '',
    `Scan time ours/secretlint: **${(time.ours / time.secretlint).toFixed(2)}×**.`,
    '',
    '| rule group | samples | Pullwise | secretlint |',
    '| --- | ---: | ---: | ---: |',
    ...GROUPS.map((g) => {
      const row = perGroup.get(g);
      return `| ${g} | ${row.total} | ${pct(row.ours, row.total)} | ${pct(row.secretlint, row.total)} |`;
    }),
    '',
    missed.length ? `Missed: ${[...new Set(missed)].join(', ')}` : 'Missed: none.',
    '',
  ].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'secrets.md'), report);
  process.stdout.write(report);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runSecretsBench().catch((error) => {
    process.stderr.write(`${error instanceof DistMissingError ? error.message : error.stack}\n`);
    process.exit(1);
  });
}
