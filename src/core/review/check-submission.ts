import type { DiffFile } from '../diff/types.js';
import { resolvePath } from './anchor-findings.js';
import { parseSubmitReview, type BrokenComment } from './submit-review-tool.js';
import { SEVERITIES, type Finding, type Severity } from '../findings/finding.js';
import type { UnanchoredFinding } from './types.js';
import type { SubmittedAddressed, WalkthroughNote } from './submit-review-tool.js';

/** A submit_review input checked comment by comment: one broken comment never costs the others. */
export interface CheckedSubmission {
  summary: string;
  /** The comments that keep the contract. */
  findings: Finding[];
  /** The comments that broke it but name a file and a line: kept, with the reason, as unanchored findings. */
  unplaced: UnanchoredFinding[];
  /** How many comments broke the contract (those in `unplaced` and those too broken to keep). */
  brokenComments: number;
  /** Every way the input broke the contract, one entry per comment (or the summary); empty when it kept it. */
  problems: string[];
  /** What the model needs to fix the paths, when some comment named a file outside this part. */
  hint?: string;
  /** The open findings the model says the new code fixes (ids as shown; the caller checks them). */
  addressed: SubmittedAddressed[];
  /** Walkthrough lines on files of this part, paths as in the diff; lines on other files are left out. */
  walkthrough: WalkthroughNote[];
}

export const NOT_IN_CHANGE = 'the file is not part of this change';

/**
 * The contract check of one submit_review input: the schema, then the paths, comment by comment. Fails as a
 * whole only when the input has no list of comments.
 */
export function checkSubmission(
  input: unknown,
  byPath: Map<string, DiffFile>,
): { ok: true; value: CheckedSubmission } | { ok: false; error: string } {
  const parsed = parseSubmitReview(input);
  if (!parsed.ok) return parsed;
  const { summary, comments, broken, summaryProblems, addressed } = parsed.value;
  const checked: CheckedSubmission = {
    addressed,
    walkthrough: shownNotes(parsed.value.walkthrough, byPath),
    summary: summary.trim(),
    findings: [],
    unplaced: [],
    brokenComments: broken.length,
    problems: [],
  };
  const problems = broken.map((b) => ({ index: b.index, problem: b.problem }));
  for (const b of broken) {
    const kept = unplacedFromBroken(b);
    if (kept) checked.unplaced.push(kept);
  }
  for (const { index, comment: c } of comments) {
    const file = resolvePath(c.path, byPath);
    if (!file) {
      problems.push({
        index,
        problem: `comments[${index}].path: ${c.path} is not a file shown in this part`,
      });
      checked.hint = `Comment only on: ${[...byPath.keys()].join(', ')}`;
      checked.brokenComments++;
      checked.unplaced.push({
        path: c.path,
        line: c.line,
        severity: c.severity,
        body: c.body,
        source: 'model',
        reason: NOT_IN_CHANGE,
      });
      continue;
    }
    const finding: Finding = {
      path: file.path,
      line: c.line,
      severity: c.severity,
      body: c.body.trim(),
      source: 'model',
    };
    if (c.side) finding.side = c.side;
    if (c.start_line != null) finding.startLine = c.start_line;
    if (c.suggestion != null) finding.suggestion = c.suggestion;
    checked.findings.push(finding);
  }
  problems.sort((a, b) => a.index - b.index);
  checked.problems = [...summaryProblems, ...problems.map((p) => p.problem)];
  return { ok: true, value: checked };
}

/** Walkthrough lines are a by-product of the review: a line on a file not shown is dropped, not corrected. */
function shownNotes(notes: WalkthroughNote[], byPath: Map<string, DiffFile>): WalkthroughNote[] {
  return notes.flatMap((n) => {
    const file = resolvePath(n.path, byPath);
    const note = n.note.trim();
    return file && note ? [{ path: file.path, note }] : [];
  });
}

/** A comment that fails the schema is still worth showing when it says where and what. */
function unplacedFromBroken(broken: BrokenComment): UnanchoredFinding | undefined {
  const raw = broken.raw as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') return undefined;
  const { path, line, body, severity } = raw;
  if (typeof path !== 'string' || !path || typeof body !== 'string' || !body.trim()) return undefined;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return undefined;
  const known = SEVERITIES.includes(severity as Severity);
  return {
    path,
    line,
    // An unknown severity is shown as minor, and the reason says so.
    severity: known ? (severity as Severity) : 'minor',
    body: body.trim(),
    source: 'model',
    reason: `the comment broke the submit_review schema (${broken.problem})`,
  };
}
