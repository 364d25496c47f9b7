// The benchmark runs the BUILT code (lib/), exactly what ships. Fails with a clear message when it is missing.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib');

const MODULES = {
  schema: 'core/config/schema.js',
  localRepo: 'core/git/local-repo.js',
  client: 'core/model/client.js',
  ledger: 'core/model/ledger.js',
  runReview: 'core/review/run-review.js',
  tokens: 'core/model/token-estimate.js',
};

export class DistMissingError extends Error {}

export async function loadDist() {
  const missing = Object.values(MODULES).find((m) => !existsSync(path.join(DIST_DIR, m)));
  if (missing) {
    throw new DistMissingError(
      `the built code is missing (lib/${missing} not found). Run \`npm run build\` first, then \`npm run bench\`.`,
    );
  }
  // One after the other: Jest's ESM loader (a test importing a benchmark) fails on concurrent imports that
  // share modules ("request for … is not in cache").
  const loaded = [];
  for (const m of Object.values(MODULES))
    loaded.push(await import(pathToFileURL(path.join(DIST_DIR, m)).href));
  const [schema, localRepo, client, ledger, runReview, tokens] = loaded;
  return {
    defaultConfig: schema.defaultConfig,
    LocalRepo: localRepo.LocalRepo,
    ModelClient: client.ModelClient,
    UsageLedger: ledger.UsageLedger,
    reviewChangeSet: runReview.reviewChangeSet,
    estimateTokens: tokens.estimateTokens,
    CHARS_PER_TOKEN: tokens.CHARS_PER_TOKEN,
  };
}

/** The walkthrough's entry point, apart from loadDist: the other benchmarks never need it. */
export async function loadDescribeDist() {
  const module = 'core/describe/describe-change-set.js';
  if (!existsSync(path.join(DIST_DIR, module))) {
    throw new DistMissingError(
      `the built code is missing (lib/${module} not found). Run \`npm run build\` first, then \`npm run bench -- describe\`.`,
    );
  }
  const { describeChangeSet } = await import(pathToFileURL(path.join(DIST_DIR, module)).href);
  return { describeChangeSet };
}

/** The change between two commits of a local repository, read by the core's own git layer. */
export async function changeBetween(dist, dir, baseSha, headSha) {
  const local = await dist.LocalRepo.open(dir);
  const range = await local.resolveRange({ base: baseSha, head: headSha });
  return local.changeSet(range);
}
