import { matchesAny } from './ignore.js';
import type { PullwiseConfig } from './schema.js';

export interface PathInstructions {
  path: string;
  instructions: string;
}

/**
 * The `review.path_instructions` that apply to each path, joined in the order of the config file. Paths no
 * entry matches are left out. Globs read like `review.ignore` ones, so one glob means the same everywhere.
 */
export function instructionsForPaths(
  config: Pick<PullwiseConfig, 'review'>,
  paths: readonly string[],
): PathInstructions[] {
  return paths.flatMap((path) => {
    const matching = config.review.path_instructions.filter((entry) => matchesAny([entry.path], path));
    if (matching.length === 0) return [];
    return [{ path, instructions: matching.map((entry) => entry.instructions).join('\n\n') }];
  });
}
