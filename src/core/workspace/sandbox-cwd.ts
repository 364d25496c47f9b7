import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { PullwiseError } from '../errors.js';

/** The absolute working directory of a command: `cwd` resolved in the workspace, which it must not leave. */
export async function commandCwd(root: string, cwd: string | undefined): Promise<string> {
  const target = resolve(root, cwd ?? '.');
  if (!isInside(root, target)) throw outside(cwd);
  // A link inside the checkout may point out of it. (One that does not exist yet fails when the command starts.)
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target).catch(() => undefined)]);
  if (realTarget !== undefined && !isInside(realRoot, realTarget)) throw outside(cwd);
  return target;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel));
}

function outside(cwd: string | undefined): PullwiseError {
  return new PullwiseError(
    `The working directory "${cwd}" is outside the workspace`,
    'cwd-outside-workspace',
  );
}
