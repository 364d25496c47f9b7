import { describeInstructionFiles, readInstructionFiles } from '../config/instruction-files.js';
import { addedSecrets } from '../checks/secrets.js';
import { maskSecret, maskSecretsIn } from '../checks/secrets/mask-secrets.js';
import { runChecks, type CheckId } from '../checks/index.js';
import { PullwiseError } from '../errors.js';
import { anchorFindings } from './anchor-findings.js';
import type { ChangeSet } from '../diff/change-set.js';
import { classifyChange } from './classify-change.js';
import { composeSummary, limitFindings } from './compose-summary.js';
import { dedupeFindings } from './dedupe-findings.js';
import type { ReviewResult } from './review-result.js';
import type { ReviewOptions } from './review-options.js';
import { reviewWithModel } from './review-with-model.js';
import { count } from './count.js';
import { emptyUsage } from '../model/usage.js';
import type { Finding } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';
import { describeVerification, verifySuggestions } from './verify-suggestions.js';
import { describeWithheld, withholdDismissed } from '../learnings/apply-learnings.js';
import { recheckFindings } from '../lifecycle/recheck-findings.js';

/**
 * The review pipeline: classify the changed files, run the built-in checks, send every reviewable file to the
 * model in as many calls as the budget allows, anchor what comes back on the diff and put it in order.
 */
export async function reviewChangeSet(change: ChangeSet, options: ReviewOptions): Promise<ReviewResult> {
  const { config } = options;
  const progress = options.progress ?? (() => {});
  const notes: string[] = [];
  const changedLines = change.files.reduce((sum, f) => sum + f.additions + f.deletions, 0);

  const { readable: reviewable, skipped, headTexts } = await classifyChange(change, config);
  progress(
    `${count(change.files.length, 'changed file')}: ${reviewable.length} to review, ${skipped.length} skipped`,
  );

  const ignoredPaths = new Set(skipped.filter((s) => s.reason === 'ignored').map((s) => s.path));
  const checkOptions = {
    enabled: {
      secrets: config.checks.secrets.enabled,
      'conflict-markers': config.checks.conflict_markers,
      'debug-leftovers': config.checks.debug_leftovers,
      'bidi-controls': config.checks.bidi_controls,
      'large-files': config.checks.large_files,
    } satisfies Record<CheckId, boolean>,
    largeFileBytes: config.checks.large_file_bytes,
    secrets: {
      allow: config.checks.secrets.allow,
      allowPaths: config.checks.secrets.allow_paths,
      rules: config.checks.secrets.rules,
    },
  };
  const checked = await runChecks(
    change.files.filter((f) => !ignoredPaths.has(f.path)),
    checkOptions,
  );
  for (const error of checked.errors)
    notes.push(`The built-in check "${error.check}" failed: ${error.message}`);
  progress(`built-in checks: ${checked.findings.length} findings`);

  // Open findings of earlier reviews: the checks' are decided here; the model's go with their files' parts.
  const openFindings = options.openFindings ?? [];
  const headTextOf = (path: string) => headTexts.get(path) ?? null;
  const addressed = await recheckFindings(
    openFindings,
    headTextOf,
    async (files) => (await runChecks(files, checkOptions)).findings,
  );
  const decided = new Set(addressed.map((a) => a.id));

  let modelFindings: Finding[] = [];
  let walkthroughNotes: Array<{ path: string; note: string }> = [];
  const misplaced: UnanchoredFinding[] = [];
  const summaries: string[] = [];
  let reviewedFiles = 0;
  let chunkCount = 0;
  let model: ReviewResult['model'] = 'skipped';
  const usageFrom = options.model?.ledger.usage;

  if (!options.model) {
    notes.push(
      `Model review skipped: ${options.modelSkippedReason ?? 'no model configured'}. Only the built-in checks ran.`,
    );
  } else if (reviewable.length > 0) {
    const secretLines = linesBySource(checked.findings, 'check:secrets');
    const instructionFiles = change.readBaseFiles
      ? await readInstructionFiles(
          change.readBaseFiles,
          reviewable.map((f) => f.path),
        )
      : [];
    const read = describeInstructionFiles(instructionFiles);
    if (read) notes.push(read);
    const outcome = await reviewWithModel(options.model, change, reviewable, headTexts, secretLines, {
      ...options,
      instructionFiles,
      openFindings: openFindings.filter((f) => f.source === 'model' && !decided.has(f.id)),
    });
    addressed.push(...outcome.addressed);
    // The model's own words are scanned too: it may quote a credential it was shown or make one up. The
    // credentials this change adds are masked wherever they turn up, even without the text that identified
    // them (a URL's password quoted on its own).
    const known = secretLines.size > 0 ? addedSecrets(change.files) : [];
    const mask = (text: string) =>
      known.reduce(
        (out, secret) => out.split(secret).join(maskSecret(secret) ?? '[redacted]'),
        maskSecretsIn(text),
      );
    const maskFinding = <T extends { body: string; suggestion?: string }>(finding: T): T => ({
      ...finding,
      body: mask(finding.body),
      ...(finding.suggestion === undefined ? {} : { suggestion: mask(finding.suggestion) }),
    });
    modelFindings = outcome.findings.map(maskFinding);
    misplaced.push(...outcome.misplaced.map(maskFinding));
    summaries.push(...outcome.summaries.map(mask));
    walkthroughNotes = outcome.walkthroughNotes.map((n) => ({ path: n.path, note: mask(n.note) }));
    notes.push(...outcome.notes);
    skipped.push(...outcome.leftOut.map((path) => ({ path, reason: 'budget' as const })));
    reviewedFiles = outcome.reviewedFiles;
    chunkCount = outcome.chunks;
    model = outcome.leftOut.length > 0 || outcome.failedParts > 0 ? 'partial' : 'reviewed';
  } else {
    model = 'reviewed';
  }

  const { kept: findings, withheld } = withholdDismissed(
    dedupeFindings([...checked.findings, ...modelFindings]),
    options.learnings ?? [],
  );
  const withheldNote = describeWithheld(withheld, options.commandPhrase);
  if (withheldNote) notes.push(withheldNote);
  const anchored = anchorFindings(change.commentableFiles ?? change.files, findings, {
    rightSideOnly: change.rightSideOnly,
  });
  const limited = limitFindings(anchored.comments, [...anchored.unanchored, ...misplaced], {
    minSeverity: config.review.min_severity,
    maxComments: config.review.max_comments,
  });
  if (limited.belowThreshold > 0) {
    notes.push(
      `${limited.belowThreshold} findings below the "${config.review.min_severity}" threshold are not shown.`,
    );
  }
  if (change.files.length === 0) notes.push('Nothing to review: the range has no changes.');

  // Only the comments that will be posted are verified: each one costs a run of the command.
  let comments = limited.comments;
  const verifyCommand = (options.verify?.command ?? config.review.verify_command).trim();
  if (options.verify && verifyCommand && comments.some((c) => c.suggestion !== undefined)) {
    progress(`verifying suggestions with ${verifyCommand}`);
    try {
      comments = await verifySuggestions(comments, {
        ...options.verify,
        command: verifyCommand,
        signal: options.signal,
      });
      const verified = describeVerification(comments, verifyCommand);
      if (verified) notes.push(verified);
    } catch (error) {
      if (error instanceof PullwiseError && error.code === 'cancelled') throw error;
      // The review is still worth posting: its suggestions simply go out unverified.
      notes.push(`Suggestions were not verified: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  return {
    summary: composeSummary({ modelSummaries: summaries, notes }),
    comments,
    overflow: limited.overflow,
    unanchored: limited.unanchored,
    skipped,
    usage: usageFrom ? { ...usageFrom } : emptyUsage(),
    model,
    stats: {
      changedFiles: change.files.length,
      reviewedFiles,
      chunks: chunkCount,
      changedLines,
      belowThreshold: limited.belowThreshold,
    },
    ...(options.openFindings ? { lifecycle: { addressed } } : {}),
    ...(withheld.length > 0 ? { withheld } : {}),
    ...(options.walkthroughNotes ? { walkthroughNotes } : {}),
  };
}

/** Head-side lines each finding of one source covers, by path. */
function linesBySource(findings: Finding[], source: string): Map<string, Set<number>> {
  const byPath = new Map<string, Set<number>>();
  for (const f of findings) {
    if (f.source !== source) continue;
    const lines = byPath.get(f.path) ?? new Set<number>();
    for (let n = f.startLine ?? f.line; n <= f.line; n++) lines.add(n);
    byPath.set(f.path, lines);
  }
  return byPath;
}
