import * as z from 'zod';

// What a repository's maintainers taught the reviewer: a rule (`@pullwise learn …`), or a finding they
// dismissed (`@pullwise ignore [why]` in reply to it, or a 👎 on it). Kept per repository behind a store;
// a review reads them into its cached instructions and withholds new findings that match a dismissal.

/** The finding a dismissal is about: enough to know the same finding when it comes again. */
export const dismissedFinding = z.object({
  path: z.string().min(1),
  /** "model" or "check:<id>". */
  source: z.string().min(1),
  body: z.string(),
  /** The finding's fingerprint (src/core/review/fingerprint.ts). */
  fingerprint: z.string().min(1),
});

export const learning = z.object({
  /** Its number in the repository's list, for `@pullwise forget N`; never reused. */
  number: z.number().int().positive(),
  kind: z.enum(['rule', 'dismissal']),
  /** What the reviewer should know; may be empty for a bare 👎. Sanitised, capped. */
  text: z.string(),
  /** Only for the files this glob matches (picomatch), when set. */
  pathGlob: z.string().min(1).optional(),
  finding: dismissedFinding.optional(),
  /** Who taught it (a GitHub login). */
  author: z.string(),
  /** Where it was taught: the comment's URL. */
  link: z.string().optional(),
  /** ISO 8601. */
  createdAt: z.string(),
});

export type Learning = z.infer<typeof learning>;
export type DismissedFinding = z.infer<typeof dismissedFinding>;

/** A learning to store: the store numbers and dates it. */
export type NewLearning = Omit<Learning, 'number' | 'createdAt'> & {
  /**
   * Where it came from, e.g. `reaction:<comment id>:<login>`: a learning with a key is stored once, and a key
   * whose learning was forgotten is never stored again (a 👎 read at every review must not bring it back).
   */
  key?: string;
};

/** An exported set (`@pullwise learnings` attaches one; `pullwise review --learnings FILE` applies it). */
export const learningSet = z.object({ learnings: z.array(learning) });
