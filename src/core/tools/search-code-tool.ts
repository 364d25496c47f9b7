import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { grep, type SearchBackend } from './search-backends.js';
import { searchScope } from './search-scope.js';
import { inputSchema, parseToolInput } from './tool-input.js';
import type { WorkspacePaths } from './workspace-paths.js';

export const SEARCH_CODE_TOOL = 'search_code';

export interface SearchLimits {
  /** Most results one call may show (max_results is clamped to it). */
  maxSearchResults: number;
  /** Characters kept of a matching line. */
  maxSearchColumns: number;
  searchTimeoutMs: number;
  /** stdout read from the search command before it is stopped. */
  maxSearchOutputBytes: number;
}

const searchCodeInput = z.object({
  query: z.string().min(1).describe('Text to find (a literal string unless regex is true).'),
  path: z.string().nullish().describe('File or directory to search, relative to the repository root.'),
  glob: z.string().nullish().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.test.ts".'),
  regex: z.boolean().nullish().describe('Treat query as a regular expression. Default false.'),
  max_results: z.number().int().positive().nullish().describe('Most matching lines to show.'),
});

export const SEARCH_CODE_DEFINITION: Tool = {
  name: SEARCH_CODE_TOOL,
  description:
    'Search the repository\'s files for text (case-sensitive; .gitignore respected). Returns "path:line: text" ' +
    'for each matching line. Use it to find definitions, callers and usages before reading files.',
  input_schema: inputSchema(searchCodeInput),
};

export async function runSearchCode(
  paths: WorkspacePaths,
  backend: SearchBackend,
  input: unknown,
  limits: SearchLimits,
  signal?: AbortSignal,
): Promise<string> {
  const call = parseToolInput(SEARCH_CODE_TOOL, searchCodeInput, input);
  const scope = await searchScope(paths, call.path);
  const shown = Math.min(call.max_results ?? limits.maxSearchResults, limits.maxSearchResults);
  const found = await grep(
    backend,
    {
      query: call.query,
      regex: call.regex ?? false,
      path: scope,
      glob: call.glob ?? undefined,
      maxColumns: limits.maxSearchColumns,
    },
    {
      cwd: paths.realRoot,
      timeoutMs: limits.searchTimeoutMs,
      maxOutputBytes: limits.maxSearchOutputBytes,
      signal,
    },
  );
  if (found.items.length === 0)
    return `No matches for ${JSON.stringify(call.query)}${where(scope, call.glob)}.`;
  const lines = found.items.slice(0, shown).map((match) => `${match.path}:${match.line}: ${match.text}`);
  const hidden = found.items.length - lines.length;
  if (found.incomplete) {
    lines.push(
      `[More than ${found.items.length} matches; ${hidden} more not shown. Narrow the query, path or glob.]`,
    );
  } else if (hidden > 0) {
    lines.push(`[${hidden} more matches not shown. Narrow the query, path or glob, or raise max_results.]`);
  }
  return lines.join('\n');
}

function where(scope: string, glob: string | null | undefined): string {
  const parts = [scope ? ` in ${scope}` : '', glob ? ` (files matching ${glob})` : ''];
  return parts.join('');
}
