import { describeChangeSet } from '../core/describe/describe-change-set.js';
import { renderWalkthrough } from '../core/describe/render-walkthrough.js';
import type { Walkthrough } from '../core/describe/walkthrough.js';
import { modelForConfig } from '../core/model/model-for-config.js';
import { formatWalkthroughText } from './format-walkthrough-text.js';
import { readLocalChange } from './local-change.js';
import type { CliIo, OutputFormat } from './review-command.js';

export interface DescribeCommandOptions {
  repo: string;
  base?: string;
  head?: string;
  format: OutputFormat;
}

/** `pullwise describe`: the walkthrough of a local git range, as `pullwise review` reads it. Exit code 0. */
export async function describeCommand(options: DescribeCommandOptions, io: CliIo): Promise<number> {
  const progress = (message: string) => io.stderr.write(`pullwise: ${message}\n`);
  const { config, change } = await readLocalChange(options, 'describing', progress);
  if (change.files.length === 0) progress('nothing to describe: the range has no changes');

  const client = modelForConfig(config, io.env, undefined, { repoChoosesProvider: true });
  if (!client && change.files.length > 0) {
    progress('ANTHROPIC_API_KEY is not set: the model is skipped; listing the changed files only');
  }
  const walkthrough = await describeChangeSet(change, {
    config,
    model: change.files.length > 0 ? client : null,
    modelSkippedReason: client ? 'nothing to describe' : 'ANTHROPIC_API_KEY is not set',
    signal: io.signal,
    progress,
  });
  io.stdout.write(render(walkthrough, options.format, io));
  return 0;
}

function render(w: Walkthrough, format: OutputFormat, io: CliIo): string {
  if (format === 'json') return `${JSON.stringify(jsonContract(w), null, 2)}\n`;
  if (format === 'markdown') return renderWalkthrough(w);
  const color = io.env.FORCE_COLOR
    ? io.env.FORCE_COLOR !== '0'
    : Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env);
  return formatWalkthroughText(w, { color });
}

/** The fields of Walkthrough, spelled out: a field added to the type is not promised here by accident. */
function jsonContract(w: Walkthrough) {
  return {
    summary: w.summary,
    rows: w.rows.map((r) => ({ paths: r.paths, note: r.note })),
    skipped: w.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    risks: w.risks,
    ...(w.diagram !== undefined ? { diagram: w.diagram } : {}),
    labels: w.labels,
    model: w.model,
    notes: w.notes,
    usage: w.usage,
  };
}
