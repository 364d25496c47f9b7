import { statOrThrow } from './view-path.js';
import type { WorkspacePaths } from './workspace-paths.js';

/** The file or directory a search is limited to, relative to the root ('' for all); it must exist. */
export async function searchScope(paths: WorkspacePaths, given: string | null | undefined): Promise<string> {
  if (!given) return '';
  const target = paths.resolve(given, 'read');
  await statOrThrow(target.absolute, given);
  return target.relative;
}
