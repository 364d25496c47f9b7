import { realpathSync } from 'node:fs';
import type {
  Tool,
  ToolBash20250124,
  ToolResultBlockParam,
  ToolTextEditor20250728,
} from '@anthropic-ai/sdk/resources/messages';
import type { AgentTools, ToolCall } from '../agent/types.js';
import type { CommandRunner } from '../workspace/command-runner.js';
import { BASH_DEFINITION, BASH_TOOL, runBash } from './bash-tool.js';
import {
  EDITOR_TOOL,
  VIEW_FILE_DEFINITION,
  VIEW_FILE_TOOL,
  editorDefinition,
  runEditor,
  runViewFile,
} from './editor-tool.js';
import { LIST_FILES_DEFINITION, LIST_FILES_TOOL, runListFiles } from './list-files-tool.js';
import { findOnPath } from './run-search-command.js';
import type { SearchBackend } from './search-backends.js';
import { SEARCH_CODE_DEFINITION, SEARCH_CODE_TOOL, runSearchCode } from './search-code-tool.js';
import { ToolError } from './tool-error.js';
import { DEFAULT_TOOL_LIMITS, type ToolLimits } from './tool-limits.js';
import { WorkspacePaths } from './workspace-paths.js';

export interface ToolBoxOptions {
  /** The checkout the tools work on; every path the model gives must lead inside it. */
  root: string;
  /** Runs the bash tool's commands (in the sandbox); without it the bash tool is not offered. */
  runner?: CommandRunner;
  /** For the agentic review: only view_file, search_code and list_files are offered. */
  readOnly?: boolean;
  limits?: Partial<ToolLimits>;
  /** ripgrep's executable, or false to search with git; by default `rg` when it is on PATH. */
  ripgrep?: string | false;
}

/** What the tool box offers: Anthropic's built-in editor and bash, and custom tools with an input schema. */
export type ToolDefinition = Tool | ToolTextEditor20250728 | ToolBash20250124;

/** What the tools may have changed: files the editor changed, and how many shell commands ran. */
export interface ToolBoxChanges {
  /** Paths relative to the root whose content the editor changed, sorted. */
  editedPaths: string[];
  /** Commands given to the runner: any of them may have changed files too. */
  commandsRun: number;
}

/**
 * The tools an agent uses on a checkout: Anthropic's built-in editor and bash, plus search_code and
 * list_files. `run` answers every call with a tool_result and never throws: refusals, bad input and failures
 * become `is_error` results the model can act on.
 */
export class ToolBox implements AgentTools {
  readonly definitions: ToolDefinition[];
  readonly limits: ToolLimits;
  /** What search_code and list_files run: ripgrep when it was found, else git. */
  readonly searchWith: SearchBackend['kind'];
  private readonly offered: string[];
  private readonly paths: WorkspacePaths;
  private readonly runner: CommandRunner | undefined;
  private readonly backend: SearchBackend;
  private readonly edited = new Set<string>();
  private commandsRun = 0;

  constructor(options: ToolBoxOptions) {
    this.paths = new WorkspacePaths(options.root);
    // A limit given as undefined (an unset config value) keeps its default.
    const given = Object.entries(options.limits ?? {}).filter(([, value]) => value !== undefined);
    this.limits = { ...DEFAULT_TOOL_LIMITS, ...Object.fromEntries(given) };
    const readOnly = options.readOnly ?? false;
    this.runner = readOnly ? undefined : options.runner;
    if (this.runner && realpathSync(this.runner.root) !== this.paths.realRoot) {
      throw new Error(
        `The command runner works in ${this.runner.root}, not in the tools' root ${options.root}`,
      );
    }
    const ripgrep = options.ripgrep === false ? undefined : findOnPath(options.ripgrep ?? 'rg');
    this.backend = ripgrep ? { kind: 'ripgrep', executable: ripgrep } : { kind: 'git' };
    this.searchWith = this.backend.kind;
    const definitions: ToolDefinition[] = [
      readOnly ? VIEW_FILE_DEFINITION : editorDefinition(this.limits.maxViewCharacters),
      ...(this.runner ? [BASH_DEFINITION] : []),
      SEARCH_CODE_DEFINITION,
      LIST_FILES_DEFINITION,
    ];
    this.definitions = definitions;
    this.offered = definitions.map((definition) => definition.name);
  }

  async run(call: ToolCall, signal?: AbortSignal): Promise<ToolResultBlockParam> {
    const result = (content: string, isError = false): ToolResultBlockParam => ({
      type: 'tool_result',
      tool_use_id: call.id,
      content,
      ...(isError ? { is_error: true } : {}),
    });
    if (signal?.aborted) return result('cancelled: the job was stopped', true);
    try {
      const outcome = await this.dispatch(call, signal);
      return result(outcome.text, outcome.isError);
    } catch (error) {
      if (error instanceof ToolError) return result(error.message, true);
      const message = error instanceof Error ? error.message : String(error);
      return result(`${call.name} failed: ${message}`, true);
    }
  }

  changes(): ToolBoxChanges {
    return { editedPaths: [...this.edited].sort(), commandsRun: this.commandsRun };
  }

  private async dispatch(call: ToolCall, signal?: AbortSignal): Promise<{ text: string; isError: boolean }> {
    if (!this.offered.includes(call.name)) {
      throw new ToolError(`Unknown tool ${call.name}: the tools here are ${this.offered.join(', ')}`);
    }
    const ok = (text: string) => ({ text, isError: false });
    switch (call.name) {
      case EDITOR_TOOL: {
        const outcome = await runEditor(this.paths, call.input, this.limits);
        if (outcome.changed !== undefined) this.edited.add(outcome.changed);
        return ok(outcome.message);
      }
      case VIEW_FILE_TOOL:
        return ok(await runViewFile(this.paths, call.input, this.limits));
      case BASH_TOOL:
        return runBash(this.runner!, call.input, this.limits, signal, () => this.commandsRun++);
      case SEARCH_CODE_TOOL:
        return ok(await runSearchCode(this.paths, this.backend, call.input, this.limits, signal));
      case LIST_FILES_TOOL:
        return ok(await runListFiles(this.paths, this.backend, call.input, this.limits, signal));
      default:
        throw new ToolError(`Unknown tool ${call.name}`);
    }
  }
}
