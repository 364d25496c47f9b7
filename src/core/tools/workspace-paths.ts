import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from './tool-error.js';

/** A path the model gave, resolved to where it really is inside the checkout. */
export interface WorkspacePath {
  /** Real absolute path (symbolic links resolved; a missing tail is appended to its deepest real ancestor). */
  absolute: string;
  /** The same path relative to the checkout root, with `/` separators; '' for the root itself. */
  relative: string;
}

export type PathAccess = 'read' | 'write';

// Symbolic-link hops followed through dangling links before giving up (the kernel's own limit is 40).
const MAX_LINK_HOPS = 40;

/**
 * Confines the model's paths to the checkout. Paths are relative to the root or absolute; whatever the
 * spelling (`..`, a symbolic link at any component, a dangling link that a create would write through), the
 * real target must lie inside the root, and writes never go into `.git/` (hooks and config there would run
 * code outside the sandbox).
 */
export class WorkspacePaths {
  /** The root as given, and as it really is: the model may use either spelling in absolute paths. */
  readonly root: string;
  readonly realRoot: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
  }

  resolve(given: string, access: PathAccess): WorkspacePath {
    if (given.trim() === '')
      throw new ToolError('path is empty: give a path relative to the repository root');
    if (given.includes('\0')) throw new ToolError('path contains a NUL character');

    const lexical = this.insideLexically(given);
    if (lexical === undefined) throw new ToolError(`path ${given} is outside the repository`);

    const real = this.realPath(lexical, 0, given);
    const relative = path.relative(this.realRoot, real);
    if (!isInside(relative)) {
      throw new ToolError(`path ${given} leads outside the repository through a symbolic link`);
    }
    const posix = relative.split(path.sep).join('/');
    if (access === 'write' && isGitDir(posix)) {
      throw new ToolError(`path ${given} is inside .git/: the repository's git data cannot be edited`);
    }
    return { absolute: real, relative: posix };
  }

  /** The absolute path under realRoot that `given` names, or undefined when it escapes lexically. */
  private insideLexically(given: string): string | undefined {
    if (!path.isAbsolute(given)) {
      const absolute = path.resolve(this.realRoot, given);
      return isInside(path.relative(this.realRoot, absolute)) ? absolute : undefined;
    }
    const absolute = path.resolve(given);
    for (const base of [this.realRoot, this.root]) {
      const relative = path.relative(base, absolute);
      if (isInside(relative)) return path.join(this.realRoot, relative);
    }
    return undefined;
  }

  /**
   * realpath of the deepest existing ancestor plus the missing tail. A dangling link is followed by hand (a
   * create would write to its target), and so is any link on the way, by realpath.
   */
  private realPath(absolute: string, hops: number, given: string): string {
    const tail: string[] = [];
    let existing = absolute;
    for (;;) {
      const stat = lstatOrUndefined(existing);
      if (stat) {
        if (!stat.isSymbolicLink()) return path.join(realpathSync(existing), ...tail);
        try {
          return path.join(realpathSync(existing), ...tail);
        } catch {
          if (hops >= MAX_LINK_HOPS)
            throw new ToolError(`path ${given} has too many levels of symbolic links`);
          const target = path.resolve(path.dirname(existing), readlinkSync(existing));
          return this.realPath(path.join(target, ...tail), hops + 1, given);
        }
      }
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...tail);
      tail.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function isInside(relative: string): boolean {
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function isGitDir(relative: string): boolean {
  return relative.split('/')[0]?.toLowerCase() === '.git';
}
