import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { inputSchema } from '../tools/tool-input.js';
import { describeIssues, walkthroughNote, type WalkthroughNote } from '../review/submit-review-tool.js';

/** The walkthrough model reports only by calling one of these tools (the request forces which). */
export const SUBMIT_NOTES = 'submit_notes';
export const SUBMIT_WALKTHROUGH = 'submit_walkthrough';

const folderNote = z.object({
  folder: z.string().min(1).describe('A folder exactly as listed in <groups>, e.g. "src/gen/".'),
  note: z.string().min(1).describe('One line for the whole folder: what changed in its files.'),
});

const submitNotesInput = z.object({
  files: z.array(walkthroughNote).describe('A note per file shown.'),
});

/** What the walkthrough may hold: the diagram and the labels only when the repository's config asks. */
export interface WalkthroughAsks {
  /** The file notes: only a call that shows the diff writes them (the merge call has them already). */
  files: boolean;
  diagram: boolean;
  /** The names of `describe.labels`; empty: no labels are offered. */
  labels: string[];
}

function submitWalkthroughInput(asks: WalkthroughAsks) {
  const [first, ...rest] = asks.labels;
  return z.object({
    summary: z.string().min(1).describe('What the change does and why: two to five sentences.'),
    files: z
      .array(walkthroughNote)
      .optional()
      .describe('Only when a <diff> is shown: a note per file shown.'),
    groups: z.array(folderNote).optional().describe('Only when <groups> is listed: a line per folder there.'),
    risks: z.array(z.string().min(1)).describe('Notable risks, short phrases; empty when none stand out.'),
    ...(asks.diagram
      ? {
          diagram: z
            .string()
            .optional()
            .describe('Only when a flow between components changed: Mermaid "sequenceDiagram" source.'),
        }
      : {}),
    ...(first !== undefined
      ? {
          labels: z
            .array(z.enum([first, ...rest]))
            .describe('The labels of the label set whose condition the change meets.'),
        }
      : {}),
  });
}

export const SUBMIT_NOTES_TOOL: Tool = {
  name: SUBMIT_NOTES,
  description: 'Submit one line per file shown in this part of the change. Call it exactly once.',
  input_schema: inputSchema(submitNotesInput),
};

/** Built per repository config: the schema never offers a diagram or labels the config did not ask for. */
export function submitWalkthroughTool(asks: WalkthroughAsks): Tool {
  return {
    name: SUBMIT_WALKTHROUGH,
    description:
      'Submit the walkthrough of the change: a summary, the notes asked for, the risks' +
      `${asks.diagram ? ', a diagram when it helps' : ''}${asks.labels.length > 0 ? ', the labels that apply' : ''}. ` +
      'Call it exactly once.',
    input_schema: inputSchema(submitWalkthroughInput(asks)),
  };
}

export type FolderNote = z.infer<typeof folderNote>;

/** A submit_walkthrough or submit_notes input read part by part: one broken entry never costs the others. */
export interface ParsedWalkthrough {
  /** Empty when missing or broken (a problem says so). */
  summary: string;
  files: WalkthroughNote[];
  groups: FolderNote[];
  risks: string[];
  diagram?: string;
  /** As the model wrote them; the caller keeps only names of the label set. */
  labels: string[];
  /** How the input broke the schema, written for the model to fix its next attempt. */
  problems: string[];
}

/**
 * Validates a tool input entry by entry. Only an input that is not an object fails as a whole; `need` says
 * which parts the call asked for (a missing one is a problem, one not asked for is ignored).
 */
export function parseWalkthroughInput(
  input: unknown,
  need: { summary: boolean; files: boolean },
): { ok: true; value: ParsedWalkthrough } | { ok: false; error: string } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: 'the input is not an object' };
  }
  const record = input as Record<string, unknown>;
  const value: ParsedWalkthrough = {
    summary: '',
    files: [],
    groups: [],
    risks: [],
    labels: [],
    problems: [],
  };
  if (need.summary) {
    const summary = z.string().min(1).safeParse(record.summary);
    if (summary.success && summary.data.trim()) value.summary = summary.data.trim();
    else value.problems.push('summary: expected non-empty text');
  }
  if (need.files) value.files = entries(record.files, 'files', walkthroughNote, value.problems);
  value.groups = entries(record.groups, 'groups', folderNote, []);
  if (need.summary) {
    value.risks = entries(record.risks, 'risks', z.string().min(1), value.problems).map((r) => r.trim());
    value.labels = entries(record.labels, 'labels', z.string(), []);
    if (typeof record.diagram === 'string' && record.diagram.trim()) value.diagram = record.diagram;
  }
  return { ok: true, value };
}

/** The entries of a list that keep their schema; each broken one (or a list that is not one) is a problem. */
function entries<T>(raw: unknown, key: string, schema: z.ZodType<T>, problems: string[]): T[] {
  if (raw === undefined || raw === null) {
    problems.push(`${key}: expected a list, got nothing`);
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push(`${key}: expected a list`);
    return [];
  }
  return raw.flatMap((entry, index) => {
    const parsed = schema.safeParse(entry);
    if (parsed.success) return [parsed.data];
    problems.push(...describeIssues(parsed.error.issues, `${key}[${index}]`));
    return [];
  });
}
