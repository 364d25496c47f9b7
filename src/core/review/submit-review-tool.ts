import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { SEVERITIES } from './types.js';

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

export const submitReviewInput = z.object({
  summary: z.string().describe('One to three sentences on the change and its main risks.'),
  comments: z
    .array(comment)
    .describe('Findings anchored on diff lines; empty when there is nothing worth saying.'),
});

export type SubmitReviewInput = z.infer<typeof submitReviewInput>;
export type SubmittedComment = z.infer<typeof comment>;

function toolSchema(): Tool['input_schema'] {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(submitReviewInput, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema as Tool['input_schema'];
}

export const SUBMIT_REVIEW_TOOL: Tool = {
  name: SUBMIT_REVIEW,
  description:
    'Submit the review of the diff shown: a short summary and the findings, each anchored on a line of the diff. ' +
    'Call it exactly once.',
  input_schema: toolSchema(),
};

/** Validates the tool input; the error text is written for the model, to fix its next attempt. */
export function parseSubmitReview(
  input: unknown,
): { ok: true; value: SubmitReviewInput } | { ok: false; error: string } {
  const parsed = submitReviewInput.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const where = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return `${where || '(input)'}: ${issue.message}`;
  });
  return { ok: false, error: `The submit_review input does not match its schema: ${problems.join('; ')}` };
}
