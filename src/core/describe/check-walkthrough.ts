import type { DiffFile } from '../diff/types.js';
import { resolvePath } from '../review/anchor-findings.js';
import { noSubmissionError, type Verdict } from '../review/model-review.js';
import { parseWalkthroughInput, type ParsedWalkthrough } from './submit-walkthrough-tool.js';

/** An answer that broke the contract: the error for the model, and what of it can still be kept. */
export interface BrokenAnswer {
  kind: 'broken';
  error: string;
  usable?: ParsedWalkthrough;
}

export type AnswerVerdict = Verdict<ParsedWalkthrough, BrokenAnswer>;

/** Longest diagram kept: a walkthrough's picture, not a second document. */
const MAX_DIAGRAM_CHARS = 8_000;
/** Paths named in a hint before it is cut: a part may show hundreds of files. */
const HINT_PATHS = 50;

/**
 * The contract check of one submit_notes or submit_walkthrough call: the schema, then that every note is on
 * a file shown and every file shown has one, and that a diagram is a Mermaid sequence diagram.
 */
export function checkAnswer(
  toolUse: { input: unknown } | undefined,
  stopReason: string | null,
  expect: { tool: string; summary: boolean; shown: DiffFile[] },
): AnswerVerdict {
  if (!toolUse) return { kind: 'broken', error: noSubmissionError(stopReason, expect.tool) };
  const parsed = parseWalkthroughInput(toolUse.input, {
    summary: expect.summary,
    files: expect.shown.length > 0,
  });
  if (!parsed.ok)
    return { kind: 'broken', error: `The ${expect.tool} input broke the contract: ${parsed.error}` };
  const value = parsed.value;
  const problems = [...value.problems];

  const byPath = new Map(expect.shown.map((f) => [f.path, f]));
  const noted = new Map<string, string>();
  let strays = 0;
  for (const { path, note } of value.files) {
    const file = resolvePath(path, byPath);
    if (!file) {
      problems.push(`files: ${path} is not a file shown here`);
      strays++;
      continue;
    }
    const text = note.trim();
    // A file split over hunks of one part may be noted twice: both lines are kept, each once.
    const before = noted.get(file.path);
    noted.set(file.path, before && before !== text ? `${before} ${text}` : text);
  }
  value.files = [...noted].map(([path, note]) => ({ path, note }));
  const missing = expect.shown.filter((f) => !noted.has(f.path)).map((f) => f.path);
  if (missing.length > 0) problems.push(`files: no note for ${listPaths(missing)}`);

  if (value.diagram !== undefined) {
    const diagram = mermaidSource(value.diagram);
    if (diagram) value.diagram = diagram;
    else {
      problems.push('diagram: expected Mermaid source starting with "sequenceDiagram", without code fences');
      delete value.diagram;
    }
  }
  if (problems.length === 0) return { kind: 'valid', value };
  const hint = strays > 0 ? `. Write notes only on: ${listPaths(expect.shown.map((f) => f.path))}` : '';
  return {
    kind: 'broken',
    error: `The ${expect.tool} input broke the contract: ${problems.slice(0, 10).join('; ')}${hint}`,
    usable: value,
  };
}

/** The diagram's source without the fence a model may wrap it in; undefined when it is not a sequence diagram. */
function mermaidSource(text: string): string | undefined {
  const source = text
    .trim()
    .replace(/^```\s*mermaid\s*\n/, '')
    .replace(/\n```$/, '')
    .trim();
  if (!/^sequenceDiagram\b/.test(source) || source.includes('```') || source.length > MAX_DIAGRAM_CHARS) {
    return undefined;
  }
  return source;
}

function listPaths(paths: string[]): string {
  const more = paths.length > HINT_PATHS ? ` and ${paths.length - HINT_PATHS} more` : '';
  return `${paths.slice(0, HINT_PATHS).join(', ')}${more}`;
}
