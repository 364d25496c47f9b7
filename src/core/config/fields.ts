import * as z from 'zod';

// Builders for the config's value types. Each one carries its own plain-English error, so a problem says
// what is expected ("a whole number between 1 and 100") next to what the file holds, rather than zod's
// generic "expected number, received string".

type Issue = { code: string; input?: unknown };

/** How a value from the file is quoted back to the user; long text is cut so a comment stays short. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

function expecting(expected: string) {
  return (issue: Issue) => `expected ${expected}, got ${describeValue(issue.input)}`;
}

export function wholeNumber(min: number, max?: number) {
  const error = expecting(
    max === undefined ? `a whole number of at least ${min}` : `a whole number between ${min} and ${max}`,
  );
  const schema = z.int({ error }).min(min, { error });
  return max === undefined ? schema : schema.max(max, { error });
}

export function positiveNumber() {
  return z.number({ error: expecting('a number greater than 0') }).positive({
    error: expecting('a number greater than 0'),
  });
}

export function nonNegativeNumber() {
  return z.number({ error: expecting('a number of 0 or more') }).nonnegative({
    error: expecting('a number of 0 or more'),
  });
}

export function flag() {
  return z.boolean({ error: expecting('true or false') });
}

export function text() {
  return z.string({ error: expecting('text') });
}

export function nonEmptyText() {
  return z.string({ error: expecting('non-empty text') }).min(1, { error: expecting('non-empty text') });
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expecting(`one of ${values.join(', ')}`) });
}

/**
 * A glob over repository paths. A leading "!" is refused: in a list it would read as .gitignore's
 * "re-include", but a glob library treats it as "everything except", the opposite of what was meant.
 */
export function glob() {
  const error = expecting('a glob pattern such as "docs/**" or "*.snap" (not empty, not starting with "!")');
  return z
    .string({ error })
    .min(1, { error })
    .refine((pattern) => !pattern.startsWith('!'), { error });
}

/** A JavaScript regular expression, given as its source text (no slashes or flags). */
export function regexText() {
  return z.string({ error: expecting('a regular expression') }).superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
      ctx.addIssue({
        code: 'custom',
        message: `expected a regular expression, got ${describeValue(source)}: ${reason}`,
      });
    }
  });
}

export function list<T extends z.ZodType>(item: T, expected: string) {
  return z.array(item, { error: expecting(`a list of ${expected}`) });
}

/** A mapping from names chosen by the user (model ids, say) to values. */
export function mapOf<T extends z.ZodType>(value: T, expected: string) {
  return z.record(nonEmptyText(), value, { error: expecting(`a mapping from ${expected}`) });
}

/** A mapping with a fixed set of keys; unknown keys are reported by the loader, with a suggestion. */
export function section<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? undefined : expecting('a mapping of settings')(issue),
  });
}
