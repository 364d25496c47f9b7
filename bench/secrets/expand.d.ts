export interface SeededRandom {
  next(): number;
  int(n: number): number;
  chars(alphabet: string, n: number): string;
  pick<T>(list: readonly T[]): T;
}
export interface TemplateHelpers {
  jwt(random: SeededRandom): string;
  pem(random: SeededRandom, label: string): string;
  uuid(random: SeededRandom): string;
  base62Crc(text: string): string;
  crc32(text: string): number;
}
export type Template = string | ((random: SeededRandom, helpers: TemplateHelpers) => string);
export interface CorpusEntry {
  /** The id of the rule that must report every sample. */
  rule: string;
  /** At least three templates, in the contexts the credential is committed in (code, .env, YAML, JSON). */
  samples: readonly Template[];
  /** Lines that look like the credential but are not one; no rule may report them. */
  placeholders?: readonly string[];
}
export interface CorpusText {
  rule: string;
  text: string;
}
export function seededRandom(seed: number): SeededRandom;
export function crc32(text: string): number;
export function base62Crc(text: string): string;
export function expand(template: Template, random: SeededRandom): string;
export function placeholderVariants(template: Template): string[];
export function expandCorpus(
  entries: readonly CorpusEntry[],
  options?: { seed?: number; count?: number },
): CorpusText[];
export function corpusPlaceholders(entries: readonly CorpusEntry[]): CorpusText[];
