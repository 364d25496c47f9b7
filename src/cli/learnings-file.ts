import { readFile } from 'node:fs/promises';
import { learningSet, type Learning } from '../core/learnings/learning.js';
import { PullwiseError } from '../core/errors.js';

/** The learnings of `--learnings FILE`: `{ "learnings": [...] }` as exported, checked entry by entry. */
export async function readLearningsFile(file: string): Promise<Learning[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PullwiseError(`cannot read --learnings ${file}: ${(error as Error).message}`, 'usage');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PullwiseError(`--learnings ${file} is not JSON: ${(error as Error).message}`, 'usage');
  }
  const parsed = learningSet.safeParse(Array.isArray(json) ? { learnings: json } : json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
      .join('; ');
    throw new PullwiseError(`--learnings ${file} is not a set of learnings: ${where}`, 'usage');
  }
  return parsed.data.learnings;
}
