import type { BashLimits } from './bash-tool.js';
import type { ListLimits } from './list-files-tool.js';
import type { SearchLimits } from './search-code-tool.js';
import type { ViewLimits } from './view-path.js';

export interface ToolLimits extends ViewLimits, BashLimits, SearchLimits, ListLimits {}

// Sized so one result stays well under the agent loop's own trim (20 000 characters by default): a result
// cut by the tool says how to get the rest, one cut by the loop only says that something is missing.
export const DEFAULT_TOOL_LIMITS: ToolLimits = {
  maxViewCharacters: 16_000,
  maxFileBytes: 4 * 1024 * 1024,
  maxDirectoryEntries: 400,
  commandTimeoutMs: 120_000,
  maxCommandOutputBytes: 16_000,
  maxSearchResults: 100,
  maxSearchColumns: 300,
  searchTimeoutMs: 15_000,
  maxSearchOutputBytes: 4 * 1024 * 1024,
  maxListResults: 500,
};
