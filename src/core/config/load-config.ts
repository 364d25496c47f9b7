import { LineCounter, parseDocument } from 'yaml';
import { FILE_KEY, problemsFromIssues, type ConfigProblem } from './config-problems.js';
import { describeValue } from './fields.js';
import { configSchema, defaultConfig, type PullwiseConfig } from './schema.js';

export { formatConfigProblems, type ConfigProblem } from './config-problems.js';

/** Where the repository config lives (read from the base branch, never from a PR's head). */
export const CONFIG_PATH = '.github/pullwise.yml';

export interface ParsedConfig {
  config: PullwiseConfig;
  problems: ConfigProblem[];
}

/** Settings given outside the file (the Action's inputs), in the file's shape; they win over the file. */
export type ConfigOverrides = Record<string, unknown>;

/**
 * Parses the text of the config file (`null` when the repository has none). A file with any problem yields the
 * full defaults plus the problems, never a half-applied config: the job runs on defaults and says why.
 * `overrides` apply on top of the file, or of the defaults when the file has problems; check them first with
 * `checkConfigOverrides`, since a bad override here counts as a problem of the file.
 */
export function parseConfig(
  text: string | null,
  source = CONFIG_PATH,
  overrides: ConfigOverrides = {},
): ParsedConfig {
  const onDefaults = (problems: ConfigProblem[]): ParsedConfig => {
    const withOverrides = configSchema.safeParse(overrides);
    return { config: withOverrides.success ? withOverrides.data : defaultConfig(), problems };
  };
  if (text === null || text.trim() === '') return onDefaults([]);

  const read = readYaml(text, source);
  if ('problem' in read) return onDefaults([read.problem]);
  if (read.value === null || read.value === undefined) return onDefaults([]);
  if (!isMapping(read.value)) {
    return onDefaults([
      {
        key: FILE_KEY,
        message: `${source} must be a mapping of settings such as "model: …", got ${describeValue(read.value)}`,
      },
    ]);
  }

  const result = configSchema.safeParse(mergeOverrides(withoutEmptyValues(read.value), overrides));
  if (!result.success) return onDefaults(problemsFromIssues(result.error.issues));
  return { config: result.data, problems: [] };
}

/** The problems of the overrides on their own (each named by its config key), before any file is read. */
export function checkConfigOverrides(overrides: ConfigOverrides): ConfigProblem[] {
  const result = configSchema.safeParse(overrides);
  return result.success ? [] : problemsFromIssues(result.error.issues);
}

/** Overrides merged into the file's settings: mappings key by key, anything else replaced. */
function mergeOverrides(value: unknown, overrides: unknown): unknown {
  if (!isMapping(value) || !isMapping(overrides)) return overrides === undefined ? value : overrides;
  const merged: Record<string, unknown> = { ...value };
  for (const [key, entry] of Object.entries(overrides)) merged[key] = mergeOverrides(value[key], entry);
  return merged;
}

function readYaml(text: string, source: string): { value: unknown } | { problem: ConfigProblem } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  // Later errors are usually knock-on effects of the first one, so only the first is reported.
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = `${source} is not valid YAML: line ${line}, column ${col}: ${error.message}`;
    return { problem: { key: FILE_KEY, message } };
  }
  try {
    return { value: document.toJS() };
  } catch (error) {
    // toJS throws on alias bombs (too many alias expansions) and similar abuse.
    return {
      problem: { key: FILE_KEY, message: `${source} could not be read: ${(error as Error).message}` },
    };
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

/**
 * YAML reads `key:` with nothing after it as null. It is taken as "not set", so a section whose every entry is
 * commented out (a common way to keep a setting around) falls back to its defaults instead of failing.
 */
function withoutEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyValues);
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null)
      .map(([key, entry]) => [key, withoutEmptyValues(entry)]),
  );
}
