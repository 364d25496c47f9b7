import picomatch from 'picomatch';
import {
  runSearchCommand,
  type SearchCommandOptions,
  type SearchCommandResult,
} from './run-search-command.js';
import { ToolError } from './tool-error.js';

/**
 * How search_code and list_files read the checkout: ripgrep when it is installed, else git. Both respect
 * .gitignore and skip .git/. The git fallback sees tracked files and untracked ones that are not ignored
 * (`--untracked`, `-co --exclude-standard`): the same set as ripgrep in a git checkout, but its regular
 * expressions are POSIX extended ones rather than ripgrep's Rust syntax, and it lists symbolic links as
 * entries where ripgrep skips them.
 */
export type SearchBackend = { kind: 'ripgrep'; executable: string } | { kind: 'git' };

export interface GrepQuery {
  query: string;
  regex: boolean;
  /** Relative to the root, '' for all of it. */
  path: string;
  glob?: string;
  /** Longer lines are cut to this many characters. */
  maxColumns: number;
}

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

export interface Listing<T> {
  items: T[];
  /** The output cap stopped the command: there are more than `items`. */
  incomplete: boolean;
}

// Run with every git command: repository config could otherwise start a program (the fsmonitor hook), and
// user config could change grep's output (columns, full names) or its pattern syntax.
const GIT_SAFE = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'grep.column=false',
  '-c',
  'grep.fullName=false',
  '-c',
  'grep.patternType=default',
];

export async function grep(
  backend: SearchBackend,
  query: GrepQuery,
  options: SearchCommandOptions,
): Promise<Listing<GrepMatch>> {
  const scope = query.path ? [query.path] : [];
  if (backend.kind === 'ripgrep') {
    const args = [
      '--no-config',
      '--line-number',
      '--with-filename',
      '--no-heading',
      '--null',
      '--color=never',
      '--hidden',
      '--glob=!.git',
      `--max-columns=${query.maxColumns}`,
      '--max-columns-preview',
      ...(query.regex ? [] : ['--fixed-strings']),
      ...(query.glob ? [`--glob=${query.glob}`] : []),
      '--regexp',
      query.query,
      '--',
      ...scope,
    ];
    const result = await runSearchCommand(backend.executable, args, options);
    checkExit('rg', result);
    return {
      items: parseMatches(result.stdout, /^([^\0]*)\0(\d+):(.*)$/, query),
      incomplete: result.truncated,
    };
  }
  const args = [
    ...GIT_SAFE,
    'grep',
    '--untracked',
    '-I',
    '-n',
    '-z',
    '--no-color',
    query.regex ? '--extended-regexp' : '--fixed-strings',
    '-e',
    query.query,
    '--',
    ...scope,
  ];
  const result = await runSearchCommand('git', args, options);
  checkExit('git grep', result);
  const matches = parseMatches(result.stdout, /^([^\0]*)\0(\d+)\0(.*)$/, query);
  return { items: filterByGlob(matches, query.glob, (match) => match.path), incomplete: result.truncated };
}

export async function listFiles(
  backend: SearchBackend,
  scopePath: string,
  glob: string | undefined,
  options: SearchCommandOptions,
): Promise<Listing<string>> {
  const scope = scopePath ? [scopePath] : [];
  if (backend.kind === 'ripgrep') {
    const args = ['--no-config', '--files', '--null', '--hidden', '--glob=!.git'];
    if (glob) args.push(`--glob=${glob}`);
    const result = await runSearchCommand(backend.executable, [...args, '--', ...scope], options);
    checkExit('rg --files', result);
    return { items: nulSeparated(result.stdout).sort(), incomplete: result.truncated };
  }
  const present = await runSearchCommand(
    'git',
    [...GIT_SAFE, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...scope],
    options,
  );
  checkExit('git ls-files', present);
  // --cached still names tracked files deleted from the working tree.
  const deleted = await runSearchCommand(
    'git',
    [...GIT_SAFE, 'ls-files', '-z', '--deleted', '--', ...scope],
    options,
  );
  checkExit('git ls-files', deleted);
  const gone = new Set(nulSeparated(deleted.stdout));
  const files = [...new Set(nulSeparated(present.stdout))].filter((file) => !gone.has(file));
  return { items: filterByGlob(files, glob, (file) => file).sort(), incomplete: present.truncated };
}

// rg exits 1 and git grep 1 when nothing matched; 2 (rg) or 128 (git) is an error, but rg also says 2 when
// some files could not be read, so results that did come back are kept.
function checkExit(command: string, result: SearchCommandResult): void {
  if (result.truncated || result.exitCode === 0 || result.exitCode === 1) return;
  if (result.stdout.length > 0) return;
  const detail = result.stderr.split('\n').slice(0, 6).join('\n');
  throw new ToolError(`${command} failed${detail ? `: ${detail}` : ` with exit code ${result.exitCode}`}`);
}

function parseMatches(stdout: string, pattern: RegExp, query: GrepQuery): GrepMatch[] {
  const matches: GrepMatch[] = [];
  const lines = stdout.split('\n');
  lines.pop(); // the last piece is empty, or a line cut by the output cap
  for (const raw of lines) {
    const parsed = pattern.exec(raw);
    if (!parsed) continue;
    matches.push({ path: parsed[1]!, line: Number(parsed[2]), text: cutLine(parsed[3]!, query.maxColumns) });
  }
  return matches.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

function cutLine(text: string, maxColumns: number): string {
  const line = text.replace(/\r$/, '');
  return line.length > maxColumns ? `${line.slice(0, maxColumns)}… [line cut]` : line;
}

function nulSeparated(stdout: string): string[] {
  const items = stdout.split('\0');
  items.pop(); // empty after the last NUL, or a name cut by the output cap
  return items.filter(Boolean);
}

// A glob without a slash matches the file name at any depth, as ripgrep's --glob (and .gitignore) do.
function filterByGlob<T>(items: T[], glob: string | undefined, pathOf: (item: T) => string): T[] {
  if (!glob) return items;
  const matches = picomatch(glob, { dot: true, basename: true });
  return items.filter((item) => matches(pathOf(item)));
}
