import { randomUUID } from 'node:crypto';
import { chmod, lstat, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PullwiseError } from '../errors.js';
import { ToolError } from '../tools/tool-error.js';
import { WorkspacePaths } from '../tools/workspace-paths.js';
import type { CommandRunner } from '../workspace/command-runner.js';
import { applySuggestion } from './apply-suggestion.js';
import { count } from './count.js';
import type { ReviewComment, SuggestionVerification } from '../findings/finding.js';

export interface VerifyOptions {
  /** A scratch copy of the change's head that the caller prepared: each suggestion is applied here, then undone. */
  root: string;
  /** Runs the command in `root` (normally the sandbox). */
  runner: CommandRunner;
  /** The repository's verify command (`review.verify_command`), e.g. "npm test". */
  command: string;
  /** Time limit of one run: a run that passes it counts as failing. */
  timeoutMs: number;
  /** Output kept of one run; only the exit status is used, so little is needed. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

const DEFAULT_MAX_OUTPUT_BYTES = 16_000;

/**
 * Runs the verify command once per suggestion on the RIGHT side, with that suggestion applied to the scratch
 * copy, and records the outcome on the comment. A passing suggestion stays committable; a failing one (non-zero
 * exit, timeout, or lines that cannot be replaced) loses its ```suggestion block, so GitHub offers no commit of
 * it, and keeps its text as plain code. The runs take turns because they share the copy; after each one the
 * file is restored byte for byte, whatever the run did. A runner that fails (rather than a failing command)
 * or a cancelled job ends the verification with an error, after the restore.
 */
export async function verifySuggestions(
  comments: ReviewComment[],
  options: VerifyOptions,
): Promise<ReviewComment[]> {
  const paths = new WorkspacePaths(options.root);
  if ((await realpath(options.runner.root)) !== paths.realRoot) {
    // A caller's mistake; the message may reach a posted review, so it names no server folder.
    throw new Error('the command runner works in another folder than the scratch copy');
  }
  const verified: ReviewComment[] = [];
  for (const comment of comments) {
    const suggestion = comment.suggestion;
    if (suggestion === undefined || comment.side !== 'RIGHT' || (comment.startSide ?? 'RIGHT') !== 'RIGHT') {
      verified.push(comment);
      continue;
    }
    const outcome = await verifyOne(paths, comment, suggestion, options);
    const verification: SuggestionVerification = { command: options.command, ...outcome };
    if (outcome.passed) {
      verified.push({ ...comment, verification });
    } else {
      const { suggestion: _removed, ...rest } = comment;
      verified.push({ ...rest, verification: { ...verification, code: suggestion } });
    }
  }
  return verified;
}

/** One line for the review summary: what was verified, and what was not. */
export function describeVerification(comments: ReviewComment[], command: string): string | undefined {
  const outcomes = comments.flatMap((c) => (c.verification ? [c.verification] : []));
  if (outcomes.length === 0) return undefined;
  const failed = outcomes.filter((v) => !v.passed).length;
  const passed = outcomes.length - failed;
  const failures =
    failed > 0
      ? `; ${failed} did not pass and ${failed === 1 ? 'is' : 'are'} shown as plain code instead`
      : '';
  return `${count(outcomes.length, 'suggestion')} checked with \`${command}\`: ${passed} passed${failures}.`;
}

async function verifyOne(
  paths: WorkspacePaths,
  comment: ReviewComment,
  suggestion: string,
  options: VerifyOptions,
): Promise<{ passed: boolean; detail?: string }> {
  if (options.signal?.aborted) throw cancelled();
  const file = await suggestedFile(paths, comment.path);
  if (typeof file === 'string') return { passed: false, detail: `could not be applied: ${file}` };
  const original = await readFile(file.absolute);
  const text = original.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(original)) {
    return { passed: false, detail: 'could not be applied: the file is not UTF-8 text' };
  }
  const applied = applySuggestion(
    text,
    { startLine: comment.startLine ?? comment.line, line: comment.line },
    suggestion,
  );
  if (!applied.ok) return { passed: false, detail: `could not be applied: ${applied.error}` };

  let result;
  try {
    await replaceFile(file, applied.text);
    result = await options.runner.run(options.command, {
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      signal: options.signal,
    });
  } finally {
    await replaceFile(file, original);
  }
  if (result.killed === 'cancelled') throw cancelled();
  if (result.killed === 'timeout') {
    return { passed: false, detail: `timed out after ${Math.round(options.timeoutMs / 1000)} s` };
  }
  if (result.exitCode === 0) return { passed: true };
  return {
    passed: false,
    detail:
      result.exitCode !== null ? `exit code ${result.exitCode}` : `ended by ${result.signal ?? 'a signal'}`,
  };
}

interface SuggestedFile {
  absolute: string;
  /** As the comment names it: for messages, which must not show the server's folders. */
  relative: string;
  /** The real folder it lies in, checked again before every write. */
  realDir: string;
  mode: number;
}

/** The regular file the comment names, reached without a symbolic link; or why there is none. */
async function suggestedFile(paths: WorkspacePaths, given: string): Promise<SuggestedFile | string> {
  let resolved;
  try {
    resolved = paths.resolve(given, 'write');
  } catch (error) {
    if (error instanceof ToolError) return error.message;
    throw error;
  }
  if (resolved.relative !== path.posix.normalize(given)) return `${given} is reached through a symbolic link`;
  const stats = await lstat(resolved.absolute).catch(() => undefined);
  if (!stats?.isFile()) return `${given} is not a regular file in the scratch copy`;
  return {
    absolute: resolved.absolute,
    relative: resolved.relative,
    realDir: path.dirname(resolved.absolute),
    mode: stats.mode & 0o7777,
  };
}

/**
 * Writes beside the file and renames over it, never through it: the command ran with write access to the copy
 * and may have left a symbolic link at this path, which a plain write would follow out of the copy. A folder
 * on the way that no longer leads where it did is refused.
 */
async function replaceFile(file: SuggestedFile, content: string | Buffer): Promise<void> {
  const dir = await realpath(path.dirname(file.absolute)).catch(() => undefined);
  if (dir !== file.realDir) {
    throw new PullwiseError(
      `The verify command moved or replaced the folder of ${file.relative}: the scratch copy cannot be restored`,
    );
  }
  const temporary = path.join(dir, `.pullwise-verify-${randomUUID()}`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await chmod(temporary, file.mode); // exactly, whatever the umask
    await rename(temporary, file.absolute);
  } finally {
    await rm(temporary, { force: true });
  }
}

function cancelled(): PullwiseError {
  return new PullwiseError('the job was cancelled', 'cancelled');
}
