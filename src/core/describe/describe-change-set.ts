import type { PullwiseConfig } from '../config/schema.js';
import type { ChangeSet } from '../diff/change-set.js';
import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { BudgetExceededError } from '../model/ledger.js';
import { estimateRequestTokens } from '../model/token-estimate.js';
import { emptyUsage, type Usage } from '../model/usage.js';
import { resolvePath } from '../review/anchor-findings.js';
import { count } from '../review/count.js';
import { askWithOneRetry } from '../review/model-review.js';
import { CALL_MARGIN_TOKENS, overCallLimit } from '../review/model-parts.js';
import { chunkText } from '../review/plan-chunks.js';
import { checkAnswer, type AnswerVerdict } from './check-walkthrough.js';
import { BROKEN, BUDGET, describeInParts, filesPerCall, planDescribeParts } from './describe-parts.js';
import { mergeRequest, oneCallRequest, type DescribeSetup } from './describe-prompt.js';
import { layoutRows, rowLabel, rowNote, toRows, type RowLayout } from './group-rows.js';
import { prepareChange, type PreparedChange } from './prepare-change.js';
import { SUBMIT_WALKTHROUGH, type ParsedWalkthrough } from './submit-walkthrough-tool.js';
import { statNote, statSummary } from './stat-notes.js';
import type { Walkthrough } from './walkthrough.js';

export interface DescribeOptions {
  config: PullwiseConfig;
  /** null: no model available (e.g. no API key) — the rows still list every file. */
  model: ModelClient | null;
  modelSkippedReason?: string;
  /** Notes the review's own calls already wrote for these files: then only the merge call is made. */
  fileNotes?: Array<{ path: string; note: string }>;
  signal?: AbortSignal;
  progress?: (m: string) => void;
}

const MAX_RISKS = 12;
const NO_NOTE = 'no note in the model’s answer';
const NO_REVIEW_NOTE = 'no note from the review';

/**
 * The walkthrough of a change: a small change in one call; a large one in notes-only parts under the budget
 * and one merge call that sees the notes, never the diff; after a review that wrote the notes (`fileNotes`),
 * the merge call alone. Broken answers are retried once and kept as far as valid, budget refusals stop further calls:
 * every file is still named in a row, or skipped with its reason.
 */
export async function describeChangeSet(change: ChangeSet, options: DescribeOptions): Promise<Walkthrough> {
  const { config, model: client } = options;
  const progress = options.progress ?? (() => {});
  const prepared = await prepareChange(change, config);
  const files = prepared.describable;
  const paths = files.map((f) => f.path);
  progress(
    `${count(change.files.length, 'changed file')}: ${files.length} to describe, ${prepared.skipped.length} skipped`,
  );
  const base = { skipped: prepared.skipped, risks: [], labels: [] };

  if (!client) {
    const stats = new Map(files.map((f) => [f.path, statNote(f)]));
    return {
      ...base,
      summary: statSummary(change.files),
      rows: toRows(layoutRows(paths, new Map()), stats, new Map()),
      usage: emptyUsage(),
      model: 'skipped',
      notes: [
        `Model skipped: ${options.modelSkippedReason ?? 'no model configured'}. The files are listed unread.`,
      ],
    };
  }
  if (change.files.length === 0) {
    return {
      ...base,
      summary: '',
      rows: [],
      usage: emptyUsage(),
      model: 'described',
      notes: ['Nothing to describe: the range has no changes.'],
    };
  }

  const before = { ...client.ledger.usage };
  const setup: DescribeSetup = {
    diagram: config.describe.diagram,
    labels: config.describe.labels,
    maxOutputTokens: config.budget.max_output_tokens,
  };
  const run: Run = {
    client,
    change,
    prepared,
    setup,
    maxInputTokens: config.budget.max_input_tokens_per_call,
    signal: options.signal,
    progress,
    afterParts: false,
    notes: new Map(),
    undescribed: new Map(),
    messages: [],
  };

  let answer: ParsedWalkthrough | undefined;
  if (options.fileNotes) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    for (const { path, note } of options.fileNotes) {
      const file = resolvePath(path, byPath);
      if (file && note.trim()) run.notes.set(file.path, note.trim());
    }
    // Only the merge call, so that describing a reviewed head stays cheap: a file the review wrote no
    // note on (its part was left out or broke) is named without one.
    for (const f of files) if (!run.notes.has(f.path)) run.undescribed.set(f.path, NO_REVIEW_NOTE);
    answer = await merge(run);
  } else {
    answer = await oneCall(run, files);
    if (!answer) {
      if (files.length > 0) await notesInParts(run, files);
      answer = await merge(run);
    }
  }

  const mask = prepared.mask;
  const notes = new Map([...run.notes].map(([p, n]) => [p, mask(n)]));
  const layout = layoutRows(paths, run.undescribed);
  const groupNotes = new Map(
    (answer?.groups ?? []).map((g) => [folderKey(g.folder), mask(g.note.trim())] as const),
  );
  const rows = toRows(layout, notes, run.undescribed, groupNotes);
  const labels = chosenLabels(answer?.labels ?? [], config, run.messages);
  const summary = answer?.summary ? mask(answer.summary) : '';
  const complete = run.undescribed.size === 0 && summary !== '';
  const diagram = config.describe.diagram && answer?.diagram ? mask(answer.diagram) : undefined;
  return {
    summary: summary || statSummary(change.files),
    rows,
    skipped: prepared.skipped,
    risks: (answer?.risks ?? []).slice(0, MAX_RISKS).map(mask),
    ...(diagram ? { diagram } : {}),
    labels,
    usage: usageSince(before, client.ledger.usage),
    model: complete ? 'described' : notes.size === 0 && !summary && files.length > 0 ? 'skipped' : 'partial',
    notes: run.messages,
  };
}

/** One walkthrough's state as its calls fill it in. */
interface Run {
  client: ModelClient;
  change: ChangeSet;
  prepared: PreparedChange;
  setup: DescribeSetup;
  maxInputTokens: number;
  signal?: AbortSignal;
  progress: (m: string) => void;
  /** Set once notes-only parts ran: the merge call then shares their prefix. */
  afterParts: boolean;
  notes: Map<string, string>;
  /** Files without a note, with the reason. */
  undescribed: Map<string, string>;
  messages: string[];
}

/**
 * The whole walkthrough in one call, when the diff fits one call and its notes one reply. Undefined when it
 * does not: the parts and the merge call take over.
 */
async function oneCall(run: Run, files: DiffFile[]): Promise<ParsedWalkthrough | undefined> {
  if (files.length === 0) return undefined;
  const groups = groupLabels(
    layoutRows(
      files.map((f) => f.path),
      new Map(),
    ),
  );
  const requestFor = (diffText: string) =>
    oneCallRequest(run.setup, {
      description: run.change.description,
      skipped: run.prepared.skipped,
      groups,
      diffText,
    });
  const budgetTokens = run.maxInputTokens - estimateRequestTokens(requestFor('')) - CALL_MARGIN_TOKENS;
  if (budgetTokens < 1_000) return undefined;
  const parts = planDescribeParts(files, run.prepared, {
    budgetTokens,
    maxFiles: filesPerCall(run.setup.maxOutputTokens) - groups.length,
  });
  if (parts.length !== 1) return undefined;
  const request = requestFor(chunkText(parts[0]!));
  if (await overCallLimit(run.client, request, run.maxInputTokens, run.signal)) return undefined;

  run.progress(`walkthrough: ${count(files.length, 'file')} in one call`);
  const answer = await ask(run, request, files, 'the walkthrough');
  if (answer === BUDGET) {
    files.forEach((f) => run.undescribed.set(f.path, BUDGET));
    return { summary: '', files: [], groups: [], risks: [], labels: [], problems: [] };
  }
  for (const { path, note } of answer?.files ?? []) run.notes.set(path, note);
  for (const f of files) {
    if (!run.notes.has(f.path)) run.undescribed.set(f.path, answer ? NO_NOTE : BROKEN);
  }
  return answer ?? { summary: '', files: [], groups: [], risks: [], labels: [], problems: [] };
}

async function notesInParts(run: Run, files: DiffFile[]): Promise<void> {
  run.afterParts = true;
  const outcome = await describeInParts(run.client, files, run.prepared, run.setup, {
    maxInputTokens: run.maxInputTokens,
    reserveCalls: 1,
    signal: run.signal,
    progress: run.progress,
  });
  for (const [path, note] of outcome.notes) run.notes.set(path, note);
  for (const [path, reason] of outcome.undescribed) run.undescribed.set(path, reason);
  run.messages.push(...outcome.messages);
}

/** The merge call: summary, risks, diagram and labels from the notes, the PR text and the files not shown. */
async function merge(run: Run): Promise<ParsedWalkthrough | undefined> {
  const layout = layoutRows(
    run.prepared.describable.map((f) => f.path),
    run.undescribed,
  );
  const groups = groupLabels(layout.filter((row) => row.paths.some((p) => run.notes.has(p))));
  const lines = layout.flatMap((row) => {
    if (!row.paths.some((p) => run.notes.has(p))) return [];
    const label = row.grouped ? `${rowLabel(row)} (${count(row.paths.length, 'file')})` : row.paths[0]!;
    return [`- ${label}: ${rowNote(row, run.notes, run.undescribed)}`];
  });
  const requestFor = (notesText: string) =>
    mergeRequest(run.setup, {
      description: run.change.description,
      notesText,
      skipped: run.prepared.skipped,
      groups,
      undescribed: undescribedLine(run.undescribed),
      afterParts: run.afterParts,
    });
  // The notes are short and grouped, so this rarely cuts; when it does, the last lines go and it says so.
  const limit = run.maxInputTokens - CALL_MARGIN_TOKENS;
  let kept = lines.length;
  let request = requestFor(lines.join('\n'));
  while (kept > 0 && estimateRequestTokens(request) > limit) {
    kept = Math.floor(kept * 0.8);
    request = requestFor(`${lines.slice(0, kept).join('\n')}\n- …and ${lines.length - kept} more lines`);
  }
  run.progress('walkthrough: merging the notes');
  const answer = await ask(run, request, [], 'the summary');
  if (answer === BUDGET) return undefined;
  if (!answer) run.messages.push('The summary is only the file counts: the model gave no usable one.');
  return answer;
}

/** One forced submit_walkthrough call with its one correction; BUDGET when the budget refused it. */
async function ask(
  run: Run,
  request: MessageRequest,
  shown: DiffFile[],
  what: string,
): Promise<ParsedWalkthrough | undefined | typeof BUDGET> {
  const { ledger } = run.client;
  try {
    const answer = await askWithOneRetry(run.client, request, {
      tool: SUBMIT_WALKTHROUGH,
      maxInputTokens: run.maxInputTokens,
      canRetry: () => ledger.usage.calls + 1 <= ledger.budget.maxCalls,
      signal: run.signal,
      judge: (toolUse, stopReason): AnswerVerdict =>
        checkAnswer(toolUse, stopReason, { tool: SUBMIT_WALKTHROUGH, summary: true, shown }),
    });
    if (answer.kind === 'valid') return answer.value;
    const kept = answer.second?.usable ?? answer.first.usable;
    const why = answer.second ? 'twice' : `once, and ${answer.refused}`;
    const error = (answer.second ?? answer.first).error;
    run.messages.push(
      `The model's answer for ${what} broke the contract ${why} (${error}); ${kept ? 'its valid part was kept' : 'nothing of it was usable'}.`,
    );
    return kept;
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    run.messages.push(`The model was not asked for ${what}: ${error.message}.`);
    return BUDGET;
  }
}

/** The labels the model chose, as the config names them; any other name is dropped and said so. */
function chosenLabels(chosen: string[], config: PullwiseConfig, messages: string[]): string[] {
  const allowed = new Map(config.describe.labels.map((l) => [l.name.trim().toLowerCase(), l.name]));
  const kept = new Set<string>();
  const dropped: string[] = [];
  for (const name of chosen) {
    const label = allowed.get(name.trim().toLowerCase());
    if (label) kept.add(label);
    else dropped.push(name);
  }
  if (dropped.length > 0 && allowed.size > 0) {
    // The names come from the model: quoted short, and only a few, since notes may be posted.
    const named = dropped.slice(0, 5).map((d) => JSON.stringify(d.length > 40 ? `${d.slice(0, 40)}…` : d));
    const more = dropped.length > 5 ? ` and ${dropped.length - 5} more` : '';
    messages.push(`Labels not in describe.labels were not added: ${named.join(', ')}${more}.`);
  }
  return [...kept];
}

function groupLabels(layout: RowLayout[]): string[] {
  return layout.filter((row) => row.grouped).map(rowLabel);
}

function folderKey(folder: string): string {
  const trimmed = folder.trim().replace(/^\.\//, '').replace(/\/*$/, '');
  return trimmed ? `${trimmed}/` : './';
}

function undescribedLine(undescribed: Map<string, string>): string {
  if (undescribed.size === 0) return '';
  const byReason = new Map<string, number>();
  for (const reason of undescribed.values()) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const counts = [...byReason].map(([reason, n]) => `${count(n, 'file')} (${reason})`).join(', ');
  return `Not described, so without a note: ${counts}.`;
}

function usageSince(before: Usage, now: Usage): Usage {
  return {
    calls: now.calls - before.calls,
    inputTokens: now.inputTokens - before.inputTokens,
    outputTokens: now.outputTokens - before.outputTokens,
    cacheReadTokens: now.cacheReadTokens - before.cacheReadTokens,
    cacheWriteTokens: now.cacheWriteTokens - before.cacheWriteTokens,
    costUsd: now.costUsd - before.costUsd,
  };
}
