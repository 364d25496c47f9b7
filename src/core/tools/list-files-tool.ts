import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { listFiles, type SearchBackend } from './search-backends.js';
import { searchScope } from './search-scope.js';
import { inputSchema, parseToolInput } from './tool-input.js';
import type { WorkspacePaths } from './workspace-paths.js';

export const LIST_FILES_TOOL = 'list_files';

export interface ListLimits {
  /** Most paths one call may show (max_results is clamped to it). */
  maxListResults: number;
  searchTimeoutMs: number;
  maxSearchOutputBytes: number;
}

const listFilesInput = z.object({
  path: z.string().nullish().describe('Directory to list, relative to the repository root (default: all).'),
  glob: z.string().nullish().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.json".'),
  max_results: z.number().int().positive().nullish().describe('Most paths to show.'),
});

export const LIST_FILES_DEFINITION: Tool = {
  name: LIST_FILES_TOOL,
  description:
    "List the repository's files (recursively, .gitignore respected), one path per line, sorted. " +
    'Use path and glob to narrow the list.',
  input_schema: inputSchema(listFilesInput),
};

export async function runListFiles(
  paths: WorkspacePaths,
  backend: SearchBackend,
  input: unknown,
  limits: ListLimits,
  signal?: AbortSignal,
): Promise<string> {
  const call = parseToolInput(LIST_FILES_TOOL, listFilesInput, input);
  const scope = await searchScope(paths, call.path);
  const shown = Math.min(call.max_results ?? limits.maxListResults, limits.maxListResults);
  const found = await listFiles(backend, scope, call.glob ?? undefined, {
    cwd: paths.realRoot,
    timeoutMs: limits.searchTimeoutMs,
    maxOutputBytes: limits.maxSearchOutputBytes,
    signal,
  });
  if (found.items.length === 0) {
    return `No files${scope ? ` in ${scope}` : ''}${call.glob ? ` matching ${call.glob}` : ''}.`;
  }
  const lines = found.items.slice(0, shown);
  const hidden = found.items.length - lines.length;
  if (found.incomplete) {
    lines.push(`[More than ${found.items.length} files; ${hidden} more not shown. Narrow the path or glob.]`);
  } else if (hidden > 0) {
    lines.push(`[${hidden} more files not shown. Narrow the path or glob, or raise max_results.]`);
  }
  return lines.join('\n');
}
