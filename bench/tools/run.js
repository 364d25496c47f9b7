// `npm run bench -- tools` (or `node bench/tools/run.js`): how fast the agent's `search_code` answers on a large
// real tree — the tip of the checkout benchmark's monorepo (typescript, rxjs and @types/node releases; 2,500
// files, several of them megabytes) — through the ToolBox from lib/, with ripgrep and with its git grep
// fallback, against the naive way (read every tracked file in Node and test each line), in the same run.
// Reports p50/p95 per backend. Prints Markdown on stdout (progress on stderr) and writes
// bench/results/tools.md. Needs `npm run build` first.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { DistMissingError } from '../dist.js';
import { buildCheckoutRepo } from '../checkout/build-repo.js';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.resolve(TOOLS_DIR, '..', 'results');
const DIST_TOOLBOX = path.resolve(TOOLS_DIR, '..', '..', 'lib/core/tools/toolbox.js');
const ROUNDS = 5;
const MAX_RESULTS = 100;

/** What an agent looks for: definitions, usages, rare and absent strings, regexes, scoped searches. */
const QUERIES = [
  { query: 'createSourceFile' },
  { query: 'Observable' },
  { query: 'export declare function' },
  { query: 'zzzNotAnywhereInTheTree' },
  { query: 'TODO' },
  { query: 'interface ReadableStream' },
  { query: 'function\\s+\\w+Async\\(', regex: true },
  { query: 'switchMap', path: 'packages/rxjs' },
  { query: 'Buffer', glob: '*.d.ts' },
  { query: 'import \\{ [A-Z]\\w+ \\} from', regex: true, glob: '*.ts' },
  { query: 'isIdentifierStart', path: 'packages/typescript/lib' },
  { query: 'EventEmitter', path: 'packages/@types/node' },
];

const log = (message) => process.stderr.write(`[bench tools] ${message}\n`);
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (value) => value.toFixed(value < 10 ? 2 : 1);

/** The naive search: every tracked file read and tested line by line in this process. */
function naiveSearch(root, files, { query, regex, path: scope, glob }) {
  const test = regex
    ? (
        (re) => (line) =>
          re.test(line)
      )(new RegExp(query))
    : (line) => line.includes(query);
  const matchGlob = glob ? picomatch(glob, { basename: !glob.includes('/'), dot: true }) : () => true;
  const results = [];
  for (const file of files) {
    if (scope && !(file === scope || file.startsWith(`${scope}/`))) continue;
    if (!matchGlob(file)) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && results.length < MAX_RESULTS; i++) {
      if (test(lines[i])) results.push(`${file}:${i + 1}: ${lines[i].slice(0, 300)}`);
    }
    if (results.length >= MAX_RESULTS) break;
  }
  return results.length;
}

export async function runToolsBench() {
  if (!existsSync(DIST_TOOLBOX)) {
    throw new DistMissingError(
      'the built code is missing (lib/core/tools/toolbox.js). Run `npm run build` first.',
    );
  }
  const { ToolBox } = await import(pathToFileURL(DIST_TOOLBOX).href);
  const started = performance.now();
  const repo = buildCheckoutRepo(log);
  const root = mkdtempSync(path.join(os.tmpdir(), 'pullwise-bench-tools-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo.dir, root], { stdio: 'ignore' });
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
      .split('\0')
      .filter(Boolean);
    const bytes = files.reduce((sum, f) => sum + readFileSync(path.join(root, f)).length, 0);
    const hasRg = (() => {
      try {
        execFileSync('rg', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();

    const backends = [
      ...(hasRg
        ? [{ label: 'search_code (ripgrep)', box: new ToolBox({ root, readOnly: true, ripgrep: 'rg' }) }]
        : []),
      {
        label: 'search_code (git grep fallback)',
        box: new ToolBox({ root, readOnly: true, ripgrep: false }),
      },
      { label: 'naive: read every file in Node', naive: true },
    ];
    let id = 0;
    const once = async (backend, q) => {
      const t0 = performance.now();
      if (backend.naive) {
        naiveSearch(root, files, q);
      } else {
        const result = await backend.box.run({
          id: `tu_${id++}`,
          name: 'search_code',
          input: { ...q, max_results: MAX_RESULTS },
        });
        if (result.is_error) throw new Error(`${backend.label} failed on ${q.query}: ${result.content}`);
      }
      return performance.now() - t0;
    };

    const times = new Map(backends.map((b) => [b.label, []]));
    for (const backend of backends) for (const q of QUERIES) await once(backend, q); // warm the page cache
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      // Alternate the order so that no backend always follows another's cache effects.
      const order = round % 2 ? backends : [...backends].reverse();
      for (const backend of order)
        for (const q of QUERIES) times.get(backend.label).push(await once(backend, q));
    }

    const rows = backends.map((b) => {
      const sorted = [...times.get(b.label)].sort((x, y) => x - y);
      return {
        label: b.label,
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        max: sorted.at(-1),
      };
    });
    const naive = rows.at(-1);
    const report = [
      '# Pullwise agent tools benchmark: search_code',
      '',
      `The tree: the tip of the checkout benchmark's monorepo (${files.length.toLocaleString('en-US')} tracked ` +
        `files, ${(bytes / 1e6).toFixed(1)} MB of text: typescript, rxjs and @types/node releases). ` +
        `${QUERIES.length} queries an agent makes (literal, regex, scoped to a path or a glob, one that matches ` +
        `nothing), each run ${ROUNDS} times per backend after a warm-up, at most ${MAX_RESULTS} results, through ` +
        '`ToolBox.run` from lib/ exactly as the agent calls it. Naive: every tracked file read and tested line by ' +
        'line in Node (what a hand-written search would do).',
      '',
      '| backend | p50 ms | p95 ms | max ms | naive p50 / this p50 | naive p95 / this p95 |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${(naive.p50 / r.p50).toFixed(2)} | ${(naive.p95 / r.p95).toFixed(2)} |`,
      ),
      '',
      hasRg ? '' : 'ripgrep is not installed here: only the git grep fallback was measured.',
      `Node ${process.versions.node}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}. Wall time ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s.`,
      '',
    ].join('\n');
    process.stdout.write(report);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'tools.md'), report);
    return report;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  runToolsBench().catch((error) => {
    console.error(`bench tools: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
