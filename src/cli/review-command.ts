import { CONFIG_PATH } from '../core/config/load-config.js';
import { modelForConfig } from '../core/model/model-for-config.js';
import { reviewChangeSet } from '../core/review/run-review.js';
import type { ReviewResult } from '../core/review/review-result.js';
import { atLeast, type Severity } from '../core/findings/finding.js';
import { formatMarkdownReport } from '../core/review/format-markdown.js';
import { formatJson } from './format-json.js';
import { formatText } from './format-text.js';
import { readLearningsFile } from './learnings-file.js';
import { readLocalChange } from './local-change.js';

export type OutputFormat = 'text' | 'markdown' | 'json';

export interface ReviewCommandOptions {
  repo: string;
  base?: string;
  head?: string;
  format: OutputFormat;
  failOn?: Severity | 'none';
  /** A file of learnings (an exported set): applied as the App applies the repository's own. */
  learnings?: string;
}

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** `pullwise review`: the review core on a local git range. Returns the exit code (0, or 2 at --fail-on). */
export async function reviewCommand(options: ReviewCommandOptions, io: CliIo): Promise<number> {
  const progress = (message: string) => io.stderr.write(`pullwise: ${message}\n`);
  // A bad file stops here, before any model call, with what is wrong with it.
  const learnings = options.learnings ? await readLearningsFile(options.learnings) : undefined;
  if (learnings) progress(`applying ${learnings.length} learnings from ${options.learnings}`);
  const { range, config, change } = await readLocalChange(options, 'reviewing', progress);
  if (change.files.length === 0) {
    progress(
      range.baseSha === range.headSha
        ? `nothing to review: ${range.headRef} is already part of ${range.baseRef} (try --base ${range.headRef}~1)`
        : 'nothing to review: the range has no changes',
    );
  }

  // The platform (the config's `provider`, else PULLWISE_PROVIDER): a wrong setting stops here, named.
  const client = modelForConfig(config, io.env, undefined, { repoChoosesProvider: true });
  const model = change.files.length > 0 ? client : null;
  if (!client && change.files.length > 0) {
    progress('ANTHROPIC_API_KEY is not set: the model review is skipped; running the built-in checks only');
  }

  const result = await reviewChangeSet(change, {
    config,
    model,
    modelSkippedReason: client ? 'nothing to review' : 'ANTHROPIC_API_KEY is not set',
    signal: io.signal,
    progress,
    ...(learnings ? { learnings } : {}),
  });
  for (const unpriced of model?.ledger.modelsWithoutPrice ?? []) {
    progress(
      `warning: no price known for model "${unpriced}"; cost counted at the highest rate (set prices in ${CONFIG_PATH})`,
    );
  }

  io.stdout.write(render(result, options.format, io));
  const failOn = options.failOn ?? config.review.fail_on;
  return failOn !== 'none' && reachesThreshold(result, failOn) ? 2 : 0;
}

function render(result: ReviewResult, format: OutputFormat, io: CliIo): string {
  if (format === 'json') return formatJson(result);
  if (format === 'markdown') return formatMarkdownReport(result);
  const color = io.env.FORCE_COLOR
    ? io.env.FORCE_COLOR !== '0'
    : Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env);
  return formatText(result, { color });
}

function reachesThreshold(result: ReviewResult, threshold: Severity): boolean {
  return [...result.comments, ...result.overflow, ...result.unanchored].some((f) =>
    atLeast(f.severity, threshold),
  );
}
