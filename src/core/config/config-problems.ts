import * as z from 'zod';
import { closestKey } from './closest-key.js';
import { configSchema } from './schema.js';

/** One thing wrong with the config file: the dotted key (or `(file)`) and what is wrong with it. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/** The key for problems with the file as a whole: YAML syntax, or a top level that is not a mapping. */
export const FILE_KEY = '(file)';

export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          key: keyPath([...issue.path, key]),
          message: unknownKeyMessage(key, knownKeysAt(issue.path)),
        }))
      : [{ key: keyPath(issue.path), message: issue.message }],
  );
}

export function formatConfigProblems(problems: readonly ConfigProblem[], source: string): string {
  if (problems.length === 0) return '';
  const lines = problems.map(({ key, message }) =>
    key === FILE_KEY ? `- ${message}` : `- \`${key}\`: ${message}`,
  );
  return [`\`${source}\` has problems; Pullwise used the default configuration:`, ...lines].join('\n');
}

/** `review.path_instructions[0].path`; a key that is not a plain word (a model id with dots) is quoted. */
function keyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return FILE_KEY;
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      if (!/^[A-Za-z_][\w-]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

function unknownKeyMessage(key: string, known: string[]): string {
  const closest = closestKey(key, known);
  if (closest) return `unknown key "${key}" (did you mean "${closest}"?)`;
  return known.length > 0
    ? `unknown key "${key}"; the keys here are ${known.join(', ')}`
    : `unknown key "${key}"`;
}

/** The keys the schema allows in the mapping at `path`, so a typo can be matched to what was meant. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const part of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = schema.shape[String(part)] as z.ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The mapping schema behind defaults, optionals, transforms and a `true | { … }` union. */
function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  for (;;) {
    if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodPipe) {
      inner = inner.in as z.ZodType;
    } else if (inner instanceof z.ZodUnion) {
      const mapping = (inner.options as z.ZodType[]).find((option) => option instanceof z.ZodObject);
      if (!mapping) return inner;
      inner = mapping;
    } else {
      return inner;
    }
  }
}
