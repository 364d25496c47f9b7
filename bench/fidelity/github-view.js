// The diff GitHub would show for base..head, computed without Pullwise's code: `git diff -M` (renames at git's
// 50%, no copy detection) with no user or system config, parsed with jsdiff's `parsePatch`. Used to judge
// whether a comment is postable: GitHub takes a review comment on a line of the diff it shows (RIGHT: added
// or context lines, new numbering; LEFT: removed or context lines, old numbering), and a multi-line comment
// only when both ends lie in one hunk, the start before the end.

import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { parsePatch } from 'diff';

const run = promisify(execFile);

/** Git as GitHub runs it: its defaults, whatever the machine's config says. */
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull };
/** The repository's own config could still change the output: its defaults again, as flags. */
const GIT_DEFAULTS = [
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'diff.relative=false',
];
/** No external diff driver or textconv filter: GitHub shows the blobs as they are. */
const DIFF_FLAGS = ['--no-ext-diff', '--no-textconv'];

export async function git(dir, args) {
  const { stdout } = await run('git', [...GIT_DEFAULTS, ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  return stdout;
}

const strip = (name) =>
  name === undefined || name === '/dev/null' ? undefined : name.replace(/^[ab]\//, '');

/**
 * GitHub's view of base..head: every changed path (`git diff -M --name-only`) and, by path on the head side
 * (the old path for a deleted file), its hunks with the number of each line on each side.
 */
export async function githubView(dir, base, head) {
  const [names, patch] = await Promise.all([
    git(dir, ['diff', '-M', ...DIFF_FLAGS, '--name-only', '-z', base, head]),
    git(dir, ['diff', '-M', '--no-color', ...DIFF_FLAGS, base, head]),
  ]);
  const files = new Map();
  for (const index of parsePatch(patch)) {
    const oldPath = strip(index.oldFileName);
    const newPath = strip(index.newFileName);
    const file = {
      path: newPath ?? oldPath,
      oldPath,
      status: index.isCreate ? 'added' : index.isDelete ? 'deleted' : index.isRename ? 'renamed' : 'modified',
      binary: Boolean(index.isBinary),
      hunks: index.hunks.map(toHunk),
      right: new Map(),
      left: new Map(),
    };
    file.hunks.forEach((hunk, h) =>
      hunk.lines.forEach((line, position) => {
        const at = { hunk: h, position, kind: line.kind, text: line.text };
        if (line.newLine !== undefined) file.right.set(line.newLine, at);
        if (line.oldLine !== undefined) file.left.set(line.oldLine, at);
      }),
    );
    files.set(file.path, file);
  }
  return { changed: names.split('\0').filter(Boolean), files };
}

function toHunk(hunk) {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  const lines = [];
  for (const raw of hunk.lines) {
    const marker = raw[0];
    const text = raw.slice(1);
    if (marker === '+') lines.push({ kind: 'add', newLine: newLine++, text });
    else if (marker === '-') lines.push({ kind: 'del', oldLine: oldLine++, text });
    else if (marker === ' ') lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
    // "\ No newline at end of file" belongs to the line before it.
  }
  return { ...hunk, lines };
}

/** The diff line at `line` on `side` of a file of the view, or undefined when the diff does not show it. */
export function lineAt(file, side, line) {
  return (side === 'LEFT' ? file.left : file.right).get(line);
}

/**
 * Why GitHub would refuse a review comment at this place, or null when it would take it.
 * @param {{ path: string, line: number, side: 'LEFT'|'RIGHT', startLine?: number, startSide?: string }} c
 */
export function whyNotPostable(view, c) {
  const file = view.files.get(c.path);
  if (!file) return `${c.path} is not a file of the diff`;
  if (file.hunks.length === 0) return `${c.path} has no diff lines`;
  const end = lineAt(file, c.side, c.line);
  if (!end) return `line ${c.line} (${c.side}) is not in the diff`;
  if (c.startLine === undefined) return null;
  const startSide = c.startSide ?? c.side;
  const start = lineAt(file, startSide, c.startLine);
  if (!start) return `start line ${c.startLine} (${startSide}) is not in the diff`;
  if (start.hunk !== end.hunk) return `lines ${c.startLine}–${c.line} span two hunks`;
  if (start.position >= end.position) return `start line ${c.startLine} does not come before line ${c.line}`;
  return null;
}
