import type { ToolBash20250124 } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import type { CommandResult, CommandRunner } from '../workspace/command-runner.js';
import { parseToolInput } from './tool-input.js';
import { ToolError } from './tool-error.js';

export const BASH_TOOL = 'bash';

export const BASH_DEFINITION: ToolBash20250124 = { type: 'bash_20250124', name: BASH_TOOL };

export interface BashLimits {
  /** Per command: the runner kills the whole process tree when it passes. */
  commandTimeoutMs: number;
  /** Output kept per command (stdout and stderr together). */
  maxCommandOutputBytes: number;
}

const bashInput = z.object({ command: z.string().nullish(), restart: z.boolean().nullish() });

// The runner starts a fresh shell per command (in the sandbox), so there is no session to restart, and the
// model must not count on `cd` or variables carrying over: said whenever it asks for a restart.
const RESTARTED =
  'The bash session was restarted. Each command runs in a fresh shell in the repository root: ' +
  'working directory and variables do not carry over between calls.';

export interface BashOutcome {
  text: string;
  isError: boolean;
}

export async function runBash(
  runner: CommandRunner,
  input: unknown,
  limits: BashLimits,
  signal?: AbortSignal,
  onCommand?: () => void,
): Promise<BashOutcome> {
  const call = parseToolInput(BASH_TOOL, bashInput, input);
  const command = call.command?.trim() ? call.command : undefined;
  if (call.restart && !command) return { text: RESTARTED, isError: false };
  if (!command) throw new ToolError('bash needs a command (or restart: true)');
  onCommand?.();
  const result = await runner.run(command, {
    timeoutMs: limits.commandTimeoutMs,
    maxOutputBytes: limits.maxCommandOutputBytes,
    signal,
  });
  const text = describeResult(result, limits);
  return {
    text: call.restart ? `${RESTARTED}\n${text}` : text,
    isError: result.killed !== undefined,
  };
}

/** The output, then one line saying how the command ended, which the model reads to decide what next. */
export function describeResult(result: CommandResult, limits: BashLimits): string {
  const parts: string[] = [result.output.length > 0 ? result.output.replace(/\n$/, '') : '(no output)'];
  if (result.truncated) {
    parts.push(`[output truncated to ${limits.maxCommandOutputBytes} bytes]`);
  }
  if (result.killed === 'timeout') {
    parts.push(`[the command was killed after ${seconds(limits.commandTimeoutMs)} s (timeout)]`);
  } else if (result.killed === 'cancelled') {
    parts.push('[the command was cancelled: the job is stopping]');
  } else if (result.exitCode === null) {
    parts.push(`[the command was ended by signal ${result.signal ?? 'unknown'}]`);
  } else {
    parts.push(`[exit code ${result.exitCode}]`);
  }
  return parts.join('\n');
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}
