import type { Tool, ToolTextEditor20250728 } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { createFile, insertIntoFile, replaceInFile, type EditOutcome } from './edit-file.js';
import { ToolError } from './tool-error.js';
import { inputSchema, parseToolInput } from './tool-input.js';
import { viewPath, type ViewLimits } from './view-path.js';
import type { WorkspacePaths } from './workspace-paths.js';

export const EDITOR_TOOL = 'str_replace_based_edit_tool';
export const VIEW_FILE_TOOL = 'view_file';

export function editorDefinition(maxCharacters: number): ToolTextEditor20250728 {
  return { type: 'text_editor_20250728', name: EDITOR_TOOL, max_characters: maxCharacters };
}

const COMMANDS = ['view', 'create', 'str_replace', 'insert'] as const;
const filePath = z
  .string()
  .describe('Path relative to the repository root (an absolute path inside it works too).');
const viewRange = z
  .tuple([z.number().int(), z.number().int()])
  .nullish()
  .describe('[first, last] line to show, 1-based and inclusive; last = -1 reads to the end of the file.');

const editorInput = z.discriminatedUnion('command', [
  z.object({ command: z.literal('view'), path: filePath, view_range: viewRange }),
  z.object({ command: z.literal('create'), path: filePath, file_text: z.string() }),
  // new_str may be left out to delete old_str, as the tool's own description allows.
  z.object({
    command: z.literal('str_replace'),
    path: filePath,
    old_str: z.string(),
    new_str: z.string().nullish(),
  }),
  // Anthropic's page names the text `new_str`, but Claude 4 models send `insert_text` (the name the memory tool
  // uses too): both are accepted.
  z.object({
    command: z.literal('insert'),
    path: filePath,
    insert_line: z.number().int(),
    insert_text: z.string().nullish(),
    new_str: z.string().nullish(),
  }),
]);

/** One call of the built-in editor. Throws ToolError for anything the model should correct. */
export async function runEditor(
  paths: WorkspacePaths,
  input: unknown,
  limits: ViewLimits,
): Promise<EditOutcome> {
  const command = (input as { command?: unknown } | null)?.command;
  if (typeof command !== 'string' || !(COMMANDS as readonly string[]).includes(command)) {
    throw new ToolError(
      `Unknown editor command ${JSON.stringify(command)}: use one of ${COMMANDS.join(', ')} ` +
        '(undo_edit is not available; make another edit instead)',
    );
  }
  const call = parseToolInput(EDITOR_TOOL, editorInput, input);
  switch (call.command) {
    case 'view':
      return { message: await viewPath(paths, call.path, call.view_range, limits) };
    case 'create':
      return createFile(paths, call.path, call.file_text);
    case 'str_replace':
      return replaceInFile(paths, call.path, call.old_str, call.new_str ?? '', limits);
    case 'insert': {
      const text = call.insert_text ?? call.new_str;
      if (text == null) throw new ToolError('insert needs insert_text: the text to insert after insert_line');
      return insertIntoFile(paths, call.path, call.insert_line, text, limits);
    }
  }
}

const viewFileInput = z.object({ path: filePath, view_range: viewRange });

/**
 * Read-only sessions (the agentic review) get this instead of the editor: the built-in editor's schema is
 * part of the model and cannot be narrowed to `view`, and offering edits only to refuse them wastes turns.
 */
export const VIEW_FILE_DEFINITION: Tool = {
  name: VIEW_FILE_TOOL,
  description:
    'Show a file of the repository with numbered lines ("12: text"), all of it or view_range [first, last] ' +
    '(-1 = to the end); or list a directory two levels deep.',
  input_schema: inputSchema(viewFileInput),
};

export async function runViewFile(
  paths: WorkspacePaths,
  input: unknown,
  limits: ViewLimits,
): Promise<string> {
  const call = parseToolInput(VIEW_FILE_TOOL, viewFileInput, input);
  return viewPath(paths, call.path, call.view_range, limits);
}
