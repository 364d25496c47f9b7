import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeRepo, numberedLines, type TestRepo } from '../../helpers/git-repo.js';
import { toolsFor } from './tool-harness.js';

let repo: TestRepo;
let tools: ReturnType<typeof toolsFor>;
const read = (file: string) => readFileSync(path.join(repo.dir, file), 'utf8');

beforeEach(() => {
  repo = makeRepo();
  tools = toolsFor(repo.dir, { limits: { maxViewCharacters: 2000 } });
});
afterEach(() => repo.cleanup());

describe('view', () => {
  test('shows a file with each line numbered "n: text"', async () => {
    repo.write('a.py', 'def f():\n    return 1\n');
    expect(await tools.edit({ command: 'view', path: 'a.py' })).toEqual({
      text: '1: def f():\n2:     return 1',
      isError: false,
    });
  });

  test('view_range shows the lines asked for; -1 reads to the end', async () => {
    repo.write('n.txt', numberedLines(10));
    expect((await tools.edit({ command: 'view', path: 'n.txt', view_range: [3, 4] })).text).toBe(
      '3: line 3\n4: line 4',
    );
    expect((await tools.edit({ command: 'view', path: 'n.txt', view_range: [9, -1] })).text).toBe(
      '9: line 9\n10: line 10',
    );
  });

  test('a range past the end shows what there is and says how long the file is', async () => {
    repo.write('n.txt', numberedLines(3));
    expect((await tools.edit({ command: 'view', path: 'n.txt', view_range: [2, 50] })).text).toBe(
      '2: line 2\n3: line 3\n[n.txt has 3 lines.]',
    );
  });

  test.each([
    [[0, 2], /lines are numbered from 1/],
    [[7, 9], /starts at line 7, but n.txt has only 3 lines/],
    [[3, 2], /ends before it starts/],
  ])('view_range %j is refused', async (range, message) => {
    repo.write('n.txt', numberedLines(3));
    const result = await tools.edit({ command: 'view', path: 'n.txt', view_range: range });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });

  test('a large file is cut at max_characters, with the range to ask for next', async () => {
    repo.write('big.txt', numberedLines(1000));
    const { text, isError } = await tools.edit({ command: 'view', path: 'big.txt' });
    expect(isError).toBe(false);
    expect(text.length).toBeLessThanOrEqual(2000 + 200);
    const lines = text.split('\n');
    const lastShown = Number(/^(\d+):/.exec(lines[lines.length - 2]!)![1]);
    expect(lastShown).toBeGreaterThan(100);
    expect(lines.at(-1)).toBe(
      `[Output truncated at 2000 characters: showed lines 1-${lastShown} of 1000. ` +
        `Use view_range, e.g. [${lastShown + 1}, ${2 * lastShown}], to see more.]`,
    );
  });

  test('a directory lists entries two levels deep, without hidden files and node_modules', async () => {
    repo.write('src/lib/deep/x.ts', '');
    repo.write('src/a.ts', '');
    repo.write('src/.env', '');
    repo.write('node_modules/pkg/index.js', '');
    repo.write('README.md', '');
    const { text } = await tools.edit({ command: 'view', path: '.' });
    expect(text.split('\n')).toEqual([
      'Files and directories up to 2 levels deep in ., excluding hidden items and node_modules:',
      'README.md',
      'src/',
      'src/a.ts',
      'src/lib/',
    ]);
  });

  test('a binary file is refused politely', async () => {
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(await tools.edit({ command: 'view', path: 'logo.png' })).toEqual({
      text: 'logo.png is a binary file; the editor shows and edits text files only',
      isError: true,
    });
  });

  test('a missing file is an error naming it', async () => {
    expect(await tools.edit({ command: 'view', path: 'nope.ts' })).toEqual({
      text: 'nope.ts does not exist',
      isError: true,
    });
  });
});

describe('create', () => {
  test('writes the file, creating its directories', async () => {
    const result = await tools.edit({
      command: 'create',
      path: 'src/new/b.ts',
      file_text: 'export const b = 2;\n',
    });
    expect(result).toEqual({ text: 'Created src/new/b.ts (1 line).', isError: false });
    expect(read('src/new/b.ts')).toBe('export const b = 2;\n');
  });

  test('overwrites an existing file, says so, and keeps its CRLF line endings', async () => {
    repo.write('w.txt', 'old\r\ntext\r\n');
    const result = await tools.edit({ command: 'create', path: 'w.txt', file_text: 'new\ntext\n' });
    expect(result.text).toBe('Overwrote w.txt (2 lines).');
    expect(read('w.txt')).toBe('new\r\ntext\r\n');
  });

  test('refuses a directory as the target', async () => {
    repo.write('src/a.ts', '');
    const result = await tools.edit({ command: 'create', path: 'src', file_text: 'x' });
    expect(result).toEqual({ text: 'src is a directory; give a file path to create', isError: true });
  });
});

describe('str_replace', () => {
  test('replaces the one match and shows the edited lines with context', async () => {
    repo.write('n.txt', numberedLines(10));
    const result = await tools.edit({
      command: 'str_replace',
      path: 'n.txt',
      old_str: 'line 5\n',
      new_str: 'five\n',
    });
    expect(result).toEqual({
      text: 'Edited n.txt.\nLines 2-8 now read:\n2: line 2\n3: line 3\n4: line 4\n5: five\n6: line 6\n7: line 7\n8: line 8',
      isError: false,
    });
    expect(read('n.txt')).toBe(numberedLines(10).replace('line 5\n', 'five\n'));
  });

  test('an empty or missing new_str deletes old_str', async () => {
    repo.write('a.txt', 'keep\ndrop\nkeep too\n');
    await tools.edit({ command: 'str_replace', path: 'a.txt', old_str: 'drop\n', new_str: '' });
    expect(read('a.txt')).toBe('keep\nkeep too\n');
    await tools.edit({ command: 'str_replace', path: 'a.txt', old_str: ' too' });
    expect(read('a.txt')).toBe('keep\nkeep\n');
  });

  test('no match is an error and the file is untouched', async () => {
    repo.write('a.txt', 'alpha\n');
    const result = await tools.edit({ command: 'str_replace', path: 'a.txt', old_str: 'beta', new_str: 'x' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^No match for old_str in a\.txt; nothing was replaced\./);
    expect(read('a.txt')).toBe('alpha\n');
  });

  test('several matches are an error naming their lines, and the file is untouched', async () => {
    repo.write('a.ts', 'let x = 1;\nfoo();\nlet y = 2;\nfoo();\n');
    const result = await tools.edit({
      command: 'str_replace',
      path: 'a.ts',
      old_str: 'foo();',
      new_str: 'bar();',
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^old_str matches 2 times in a\.ts \(at lines 2, 4\); nothing was replaced\./,
    );
    expect(read('a.ts')).toBe('let x = 1;\nfoo();\nlet y = 2;\nfoo();\n');
  });

  test("in a CRLF file the model's \\n text matches, and the file stays CRLF with its final newline", async () => {
    repo.write('win.txt', 'one\r\ntwo\r\nthree\r\n');
    const result = await tools.edit({
      command: 'str_replace',
      path: 'win.txt',
      old_str: 'one\ntwo',
      new_str: 'one\nTWO\nTWO and a half',
    });
    expect(result.isError).toBe(false);
    expect(read('win.txt')).toBe('one\r\nTWO\r\nTWO and a half\r\nthree\r\n');
  });

  test('a file without a final newline keeps having none', async () => {
    repo.write('a.txt', 'first\nlast');
    await tools.edit({ command: 'str_replace', path: 'a.txt', old_str: 'first', new_str: 'FIRST' });
    expect(read('a.txt')).toBe('FIRST\nlast');
  });

  test('an edit to a missing file points to create', async () => {
    const result = await tools.edit({ command: 'str_replace', path: 'gone.ts', old_str: 'a', new_str: 'b' });
    expect(result).toEqual({
      text: 'gone.ts does not exist; use the create command to make a new file',
      isError: true,
    });
  });
});

describe('insert', () => {
  test('insert_text goes after insert_line; 0 is the top', async () => {
    repo.write('a.txt', 'one\ntwo\n');
    await tools.edit({ command: 'insert', path: 'a.txt', insert_line: 1, insert_text: 'one and a half\n' });
    await tools.edit({ command: 'insert', path: 'a.txt', insert_line: 0, insert_text: 'zero' });
    expect(read('a.txt')).toBe('zero\none\none and a half\ntwo\n');
  });

  test('new_str, the key of the documented schema, is accepted too', async () => {
    repo.write('a.txt', 'one\n');
    const result = await tools.edit({ command: 'insert', path: 'a.txt', insert_line: 1, new_str: 'two\n' });
    expect(result.text).toBe('Edited a.txt.\nLines 1-2 now read:\n1: one\n2: two');
    expect(read('a.txt')).toBe('one\ntwo\n');
  });

  test("appending keeps the file's line endings and final-newline convention", async () => {
    repo.write('crlf.txt', 'a\r\nb\r\n');
    repo.write('bare.txt', 'a\nb');
    await tools.edit({ command: 'insert', path: 'crlf.txt', insert_line: 2, insert_text: 'c\nd\n' });
    await tools.edit({ command: 'insert', path: 'bare.txt', insert_line: 2, insert_text: 'c' });
    expect(read('crlf.txt')).toBe('a\r\nb\r\nc\r\nd\r\n');
    expect(read('bare.txt')).toBe('a\nb\nc');
  });

  test('a line out of range is an error giving the valid range', async () => {
    repo.write('a.txt', 'one\ntwo\n');
    const result = await tools.edit({ command: 'insert', path: 'a.txt', insert_line: 5, insert_text: 'x' });
    expect(result).toEqual({
      text: 'insert_line 5 is out of range: a.txt has 2 lines (use 0 to insert at the top, 2 to append at the end)',
      isError: true,
    });
  });

  test('without the text to insert it is an error', async () => {
    repo.write('a.txt', 'one\n');
    const result = await tools.edit({ command: 'insert', path: 'a.txt', insert_line: 1 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/insert needs insert_text/);
  });
});

describe('syntax check after an edit', () => {
  test('a TypeScript edit that breaks the file is kept and the error reported in the same result', async () => {
    repo.write('src/a.ts', 'export function f(a: number) {\n  return a + 1;\n}\n');
    const result = await tools.edit({
      command: 'str_replace',
      path: 'src/a.ts',
      old_str: 'a + 1;',
      new_str: 'a + ;',
    });
    expect(result.isError).toBe(false);
    expect(result.text.split('\n')[0]).toBe(
      'Edited src/a.ts. Syntax error after the edit: Unexpected token (2:13). ' +
        'The edit was kept; fix the file with another edit.',
    );
    expect(read('src/a.ts')).toContain('a + ;');
  });

  test('a valid TypeScript edit reports no error', async () => {
    repo.write('src/a.ts', 'export const a = 1;\n');
    const result = await tools.edit({
      command: 'str_replace',
      path: 'src/a.ts',
      old_str: 'const a = 1;',
      new_str: 'const a = <T,>(x: T): T => x;',
    });
    expect(result.text).not.toMatch(/Syntax error/);
  });

  test('JSON created broken is reported with line and column', async () => {
    const result = await tools.edit({ command: 'create', path: 'data.json', file_text: '{\n  "a": 1,\n}\n' });
    expect(result.text).toMatch(
      /^Created data\.json \(3 lines\)\. Syntax error after the edit: .+ \(3:0\)\./,
    );
  });

  test('tsconfig.json may have comments and trailing commas', async () => {
    const text = '{\n  // strict mode\n  "compilerOptions": { "strict": true, },\n}\n';
    const result = await tools.edit({ command: 'create', path: 'tsconfig.json', file_text: text });
    expect(result.text).toBe('Created tsconfig.json (4 lines).');
  });

  test('a YAML insert that breaks the document is reported', async () => {
    repo.write('.github/pullwise.yml', 'review:\n  max_comments: 5\n');
    const result = await tools.edit({
      command: 'insert',
      path: '.github/pullwise.yml',
      insert_line: 2,
      insert_text: 'fix: a: b\n',
    });
    expect(result.text.split('\n')[0]).toBe(
      'Edited .github/pullwise.yml. Syntax error after the edit: ' +
        'Nested mappings are not allowed in compact mappings (3:5). ' +
        'The edit was kept; fix the file with another edit.',
    );
  });

  test('an insert into valid YAML reports no error', async () => {
    repo.write('config.yaml', 'a: 1\n');
    const result = await tools.edit({
      command: 'insert',
      path: 'config.yaml',
      insert_line: 1,
      insert_text: 'b: 2\n',
    });
    expect(result.text).toBe('Edited config.yaml.\nLines 1-2 now read:\n1: a: 1\n2: b: 2');
  });
});

describe('input and refusals', () => {
  test('undo_edit is not part of text_editor_20250728', async () => {
    repo.write('a.txt', 'x\n');
    const result = await tools.edit({ command: 'undo_edit', path: 'a.txt' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^Unknown editor command "undo_edit": use one of view, create, str_replace, insert/,
    );
  });

  test('a missing required field is named', async () => {
    const result = await tools.edit({ command: 'create', path: 'a.txt' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Invalid input for str_replace_based_edit_tool: file_text: /);
  });

  test('writes outside the checkout or into .git are refused and nothing is written', async () => {
    const outsideFile = path.join(path.dirname(repo.dir), `${path.basename(repo.dir)}-escape.txt`);
    const escape = await tools.edit({
      command: 'create',
      path: `../${path.basename(outsideFile)}`,
      file_text: 'x',
    });
    expect(escape).toEqual({
      text: `path ../${path.basename(outsideFile)} is outside the repository`,
      isError: true,
    });
    const before = read('.git/config');
    const git = await tools.edit({
      command: 'str_replace',
      path: '.git/config',
      old_str: '[core]',
      new_str: '[x]',
    });
    expect(git.isError).toBe(true);
    expect(git.text).toMatch(/inside \.git\//);
    expect(read('.git/config')).toBe(before);
  });

  test('a file may be edited through an absolute path inside the checkout', async () => {
    writeFileSync(path.join(repo.dir, 'abs.txt'), 'a\n');
    const result = await tools.edit({
      command: 'str_replace',
      path: path.join(repo.dir, 'abs.txt'),
      old_str: 'a',
      new_str: 'b',
    });
    expect(result.text.split('\n')[0]).toBe('Edited abs.txt.');
    expect(read('abs.txt')).toBe('b\n');
  });
});
