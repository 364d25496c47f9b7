import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { inputSchema } from '../tools/tool-input.js';
import { SEVERITIES } from '../findings/finding.js';

/** The contract of DESIGN.md: the review model reports only by calling this tool. */
export const SUBMIT_REVIEW = 'submit_review';

const comment = z.object({
  path: z.string().min(1).describe('File path exactly as in the diff header.'),
  line: z.number().int().positive().describe('Line to comment on (the last line of a range).'),
  start_line: z
    .number()
    .int()
    .positive()
    .nullish()
    .describe('First line of a multi-line range, same hunk and side.'),
  side: z
    .enum(['LEFT', 'RIGHT'])
    .nullish()
    .describe(
      'RIGHT (default): NEW numbering, added or unchanged lines. LEFT: OLD numbering, removed lines.',
    ),
  severity: z.enum(SEVERITIES).describe('critical | major | minor | nit'),
  body: z
    .string()
    .min(1)
    .describe('The finding in GitHub Markdown: what is wrong, why it matters, how to fix it.'),
  suggestion: z
    .string()
    .nullish()
    .describe(
      'Exact replacement text for lines start_line..line on the RIGHT side, without fences or markers.',
    ),
});

const addressed = z.object({
  id: z.string().min(1).describe('The id of a finding listed in <open_findings>, e.g. "F1".'),
  how: z.string().min(1).describe('One short sentence: what in the new code fixes it.'),
});

export const submitReviewInput = z.object({
  summary: z.string().describe('One to three sentences on the change and its main risks.'),
  comments: z
    .array(comment)
    .describe('Findings anchored on diff lines; empty when there is nothing worth saying.'),
  addressed: z
    .array(addressed)
    .nullish()
    .describe('Only when <open_findings> is shown: those of them the new code fixes. Leave out the rest.'),
});

/** A line of the pull request's walkthrough, written by the review's own call (see submitReviewTool). */
export const walkthroughNote = z.object({
  path: z.string().min(1).describe('File path exactly as in the diff header.'),
  note: z.string().min(1).describe('What changed in this file, in plain words.'),
});

/**
 * Output room one walkthrough line takes (path and note as JSON, generously): it bounds how many files one
 * call may be asked to describe within `budget.max_output_tokens`.
 */
export const WALKTHROUGH_NOTE_TOKENS = 40;

/** Asked for only when the review also feeds a walkthrough (ReviewOptions.walkthroughNotes). */
const submitReviewWithWalkthrough = submitReviewInput.extend({
  walkthrough: z
    .array(walkthroughNote)
    .optional()
    .describe('For the walkthrough, not findings: a line per file shown saying what changed in it.'),
});

export type SubmitReviewInput = z.infer<typeof submitReviewInput>;
export type SubmittedComment = z.infer<typeof comment>;
export type SubmittedAddressed = z.infer<typeof addressed>;
export type WalkthroughNote = z.infer<typeof walkthroughNote>;

/**
 * The submit_review tool of one review. The tool is part of the cached prefix, so without walkthrough notes
 * it is exactly SUBMIT_REVIEW_TOOL: reviews that do not describe keep the prefix they always had.
 */
export function submitReviewTool(options: { walkthrough: boolean }): Tool {
  return {
    name: SUBMIT_REVIEW,
    description:
      'Submit the review of the diff shown: a short summary and the findings, each anchored on a line of the diff. ' +
      'Call it exactly once.',
    input_schema: inputSchema(options.walkthrough ? submitReviewWithWalkthrough : submitReviewInput),
  };
}

export const SUBMIT_REVIEW_TOOL: Tool = submitReviewTool({ walkthrough: false });

/** One comment of a submit_review input that fails the schema: where it sits, and what is wrong with it. */
export interface BrokenComment {
  index: number;
  raw: unknown;
  problem: string;
}

/** A submit_review input read comment by comment, so that one broken comment does not cost the others. */
export interface ParsedSubmission {
  /** Empty when the summary is missing or not text (then a problem says so). */
  summary: string;
  comments: Array<{ index: number; comment: SubmittedComment }>;
  broken: BrokenComment[];
  /** The open findings the model says are fixed; entries that break the schema are left out. */
  addressed: SubmittedAddressed[];
  /** The walkthrough lines, when asked for; entries that break the schema are left out. */
  walkthrough: WalkthroughNote[];
  /** How the summary breaks the schema, written for the model to fix its next attempt. */
  summaryProblems: string[];
}

/**
 * Validates the tool input. Only an input without a list of comments fails as a whole; each comment is
 * checked on its own. The error texts are written for the model, to fix its next attempt.
 */
export function parseSubmitReview(
  input: unknown,
): { ok: true; value: ParsedSubmission } | { ok: false; error: string } {
  const record =
    input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (!Array.isArray(record.comments)) {
    const parsed = submitReviewInput.safeParse(input);
    const problems = parsed.success ? [] : describeIssues(parsed.error.issues, '');
    return { ok: false, error: `The submit_review input does not match its schema: ${problems.join('; ')}` };
  }
  const value: ParsedSubmission = {
    summary: '',
    comments: [],
    broken: [],
    summaryProblems: [],
    addressed: validEntries(record.addressed, addressed),
    walkthrough: validEntries(record.walkthrough, walkthroughNote),
  };
  const summary = submitReviewInput.shape.summary.safeParse(record.summary);
  if (summary.success) value.summary = summary.data;
  else value.summaryProblems.push(...describeIssues(summary.error.issues, 'summary'));
  record.comments.forEach((raw, index) => {
    const parsed = comment.safeParse(raw);
    if (parsed.success) {
      value.comments.push({ index, comment: parsed.data });
      return;
    }
    value.broken.push({
      index,
      raw,
      problem: describeIssues(parsed.error.issues, `comments[${index}]`).join('; '),
    });
  });
  return { ok: true, value };
}

/** The entries of an optional list that keep their schema; the others (and a list that is not one) are left out. */
function validEntries<T>(raw: unknown, schema: z.ZodType<T>): T[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = schema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export function describeIssues(issues: z.core.$ZodIssue[], prefix: string): string[] {
  return issues.slice(0, 10).map((issue) => {
    const where = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
      .join('')
      .replace(/^\./, '');
    return `${where || '(input)'}: ${issue.message}`;
  });
}
