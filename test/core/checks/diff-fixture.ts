// Test fixture only: DiffFile objects from a real `git diff`, parsed with the `diff` package's parsePatch.
// The product's own git diff parser lives in src/core/diff; this stays small on purpose.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parsePatch, type StructuredPatch } from 'diff';
import type { DiffFile, DiffLine, Hunk } from '../../../src/core/diff/types.js';

/** path → content; a path missing from `head` is deleted in the head commit. */
export type FileSet = Record<string, string | Buffer>;

/** Commits `base`, then `head`, and returns `git diff -U3 base head` as DiffFile objects. */
export function diffFilesFromGit(base: FileSet, head: FileSet): DiffFile[] {
  const repo = mkdtempSync(join(tmpdir(), 'pullwise-checks-'));
  // Isolated from the user's git config (noprefix, autocrlf, …) so the patch has the standard shape.
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'core.autocrlf=false', ...args], {
      cwd: repo,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  try {
    git('init', '-q');
    writeFiles(repo, base);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'base');
    git('tag', 'base');
    for (const path of Object.keys(base)) rmSync(join(repo, path), { force: true });
    writeFiles(repo, head);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'head');
    const patch = git('diff', '--no-color', '--no-renames', '-U3', 'base', 'HEAD');
    return parsePatch(patch).map((p) =>
      toDiffFile(p, (path) => Number(git('cat-file', '-s', `HEAD:${path}`).trim())),
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

function writeFiles(repo: string, files: FileSet): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
}

function toDiffFile(patch: StructuredPatch, blobSize: (path: string) => number): DiffFile {
  const deleted = patch.isDelete === true;
  const path = ((deleted ? patch.oldFileName : patch.newFileName) ?? '').replace(/^[ab]\//, '');
  const hunks = patch.hunks.map(toHunk);
  const lines = hunks.flatMap((h) => h.lines);
  return {
    path,
    status: patch.isCreate ? 'added' : deleted ? 'deleted' : 'modified',
    modeChanged: false,
    binary: patch.isBinary === true,
    submodule: false,
    ...(deleted ? {} : { newSize: blobSize(path) }),
    additions: lines.filter((l) => l.kind === 'add').length,
    deletions: lines.filter((l) => l.kind === 'del').length,
    hunks,
  };
}

function toHunk(hunk: StructuredPatch['hunks'][number]): Hunk {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  const lines: DiffLine[] = [];
  for (const raw of hunk.lines) {
    const marker = raw[0];
    const text = raw.slice(1);
    if (marker === '\\') {
      const last = lines.at(-1);
      if (last) last.noNewlineAtEof = true;
    } else if (marker === '+') lines.push({ kind: 'add', newLine: newLine++, text });
    else if (marker === '-') lines.push({ kind: 'del', oldLine: oldLine++, text });
    else lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
  }
  return {
    oldStart: hunk.oldStart,
    oldLines: hunk.oldLines,
    newStart: hunk.newStart,
    newLines: hunk.newLines,
    lines,
  };
}
