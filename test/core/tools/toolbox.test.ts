import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ToolBox } from '../../../src/core/tools/toolbox.js';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';
import { shellRunner } from './shell-runner.js';
import { toolsFor } from './tool-harness.js';

let repo: TestRepo;

beforeEach(() => {
  repo = makeRepo();
  repo.write('src/a.ts', 'export const a = 1;\n');
});
afterEach(() => repo.cleanup());

describe('definitions', () => {
  test('an editing tool box offers the built-in editor and bash, then search_code and list_files', () => {
    const box = new ToolBox({
      root: repo.dir,
      runner: shellRunner(repo.dir),
      limits: { maxViewCharacters: 9000 },
    });
    expect(box.definitions.map((tool) => [tool.name, 'type' in tool ? tool.type : 'custom'])).toEqual([
      ['str_replace_based_edit_tool', 'text_editor_20250728'],
      ['bash', 'bash_20250124'],
      ['search_code', 'custom'],
      ['list_files', 'custom'],
    ]);
    expect(box.definitions[0]).toEqual({
      type: 'text_editor_20250728',
      name: 'str_replace_based_edit_tool',
      max_characters: 9000,
    });
  });

  test('custom tools carry a JSON Schema of their input', () => {
    const box = new ToolBox({ root: repo.dir });
    const search = box.definitions.find((tool) => tool.name === 'search_code');
    expect(search).toMatchObject({
      input_schema: {
        type: 'object',
        required: ['query'],
        properties: { query: { type: 'string' }, regex: {}, path: {}, glob: {}, max_results: {} },
      },
    });
  });

  test('without a runner there is no bash tool', () => {
    const box = new ToolBox({ root: repo.dir });
    expect(box.definitions.map((tool) => tool.name)).toEqual([
      'str_replace_based_edit_tool',
      'search_code',
      'list_files',
    ]);
  });

  test('read-only offers view_file instead of the editor, and no bash even with a runner', () => {
    const box = new ToolBox({ root: repo.dir, runner: shellRunner(repo.dir), readOnly: true });
    expect(box.definitions.map((tool) => tool.name)).toEqual(['view_file', 'search_code', 'list_files']);
  });

  test('a runner for another directory is a programming error, caught at construction', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'pullwise-elsewhere-'));
    try {
      expect(() => new ToolBox({ root: repo.dir, runner: shellRunner(elsewhere) })).toThrow(
        /not in the tools' root/,
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('run', () => {
  test('answers with a tool_result for the call id', async () => {
    const box = new ToolBox({ root: repo.dir });
    const result = await box.run({ id: 'toolu_42', name: 'list_files', input: {} });
    expect(result).toEqual({ type: 'tool_result', tool_use_id: 'toolu_42', content: 'src/a.ts' });
  });

  test('an unknown tool is an error result naming the tools offered', async () => {
    const { call } = toolsFor(repo.dir);
    expect(await call('delete_everything', {})).toEqual({
      text: 'Unknown tool delete_everything: the tools here are str_replace_based_edit_tool, search_code, list_files',
      isError: true,
    });
  });

  test('read-only refuses the editor and bash as tools it does not offer', async () => {
    const { call } = toolsFor(repo.dir, { readOnly: true, runner: shellRunner(repo.dir) });
    const edit = await call('str_replace_based_edit_tool', {
      command: 'create',
      path: 'x.ts',
      file_text: '',
    });
    expect(edit.isError).toBe(true);
    expect(edit.text).toMatch(/^Unknown tool str_replace_based_edit_tool/);
    expect((await call('bash', { command: 'touch x' })).isError).toBe(true);
  });

  test('view_file shows files in read-only mode', async () => {
    const { call } = toolsFor(repo.dir, { readOnly: true });
    expect(await call('view_file', { path: 'src/a.ts' })).toEqual({
      text: '1: export const a = 1;',
      isError: false,
    });
  });

  test.each([
    ['str_replace_based_edit_tool', null],
    ['str_replace_based_edit_tool', { command: 'view' }],
    ['search_code', { query: 42 }],
    ['list_files', 'src'],
  ])('bad input for %s (%j) is an error result, never an exception', async (name, input) => {
    const { call } = toolsFor(repo.dir);
    const result = await call(name, input);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^(Invalid input for|Unknown editor command)/);
  });

  test('a call made after the job was cancelled is answered as cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { call } = toolsFor(repo.dir);
    expect(await call('list_files', {}, controller.signal)).toEqual({
      text: 'cancelled: the job was stopped',
      isError: true,
    });
  });

  test('a ripgrep that is not installed falls back to git', async () => {
    const { box, call } = toolsFor(repo.dir, { ripgrep: '/nonexistent/rg' });
    expect(box.searchWith).toBe('git');
    expect(await call('search_code', { query: 'const a' })).toEqual({
      text: 'src/a.ts:1: export const a = 1;',
      isError: false,
    });
  });
});

describe('changes', () => {
  test('records each path the editor changed, once, and nothing for views, refusals or no-op edits', async () => {
    const { box, edit } = toolsFor(repo.dir);
    expect(box.changes()).toEqual({ editedPaths: [], commandsRun: 0 });
    await edit({ command: 'view', path: 'src/a.ts' });
    await edit({ command: 'str_replace', path: 'src/a.ts', old_str: 'missing', new_str: 'x' });
    await edit({ command: 'str_replace', path: 'src/a.ts', old_str: 'a = 1', new_str: 'a = 1' });
    await edit({ command: 'create', path: 'src/a.ts', file_text: 'export const a = 1;\n' });
    expect(box.changes().editedPaths).toEqual([]);

    await edit({ command: 'str_replace', path: 'src/a.ts', old_str: 'a = 1', new_str: 'a = 2' });
    await edit({ command: 'insert', path: 'src/a.ts', insert_line: 1, insert_text: 'export const b = 3;' });
    await edit({ command: 'create', path: 'lib/b.ts', file_text: 'export {};\n' });
    expect(box.changes()).toEqual({ editedPaths: ['lib/b.ts', 'src/a.ts'], commandsRun: 0 });
  });
});

describe('limits', () => {
  test('limits not given, or given as undefined, keep their defaults', () => {
    const box = new ToolBox({ root: repo.dir, limits: { maxViewCharacters: undefined, maxListResults: 7 } });
    expect(box.limits.maxViewCharacters).toBe(16_000);
    expect(box.limits.maxListResults).toBe(7);
    expect(box.limits.commandTimeoutMs).toBe(120_000);
  });
});
