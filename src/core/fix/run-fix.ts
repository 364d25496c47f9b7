import type { InstructionFile } from '../config/instruction-files.js';
import type { AgentRun, AgentTools } from '../agent/types.js';
import { runAgent } from '../agent/run-agent.js';
import type { PullwiseConfig } from '../config/schema.js';
import type { ModelClient } from '../model/client.js';
import type { CommandResult, CommandRunner } from '../workspace/command-runner.js';
import {
  commitMessageFrom,
  fixSystemPrompt,
  fixTaskMessage,
  summaryFrom,
  type FixTask,
} from './fix-prompt.js';
import {
  revertProtectedChanges,
  workspaceChanges,
  type GitWorkspace,
  type WorkspaceChange,
} from './workspace-changes.js';

export interface FixTestRun {
  command: string;
  passed: boolean;
  result: CommandResult;
}

export interface FixOutcome {
  agent: AgentRun;
  /** What the agent changed (protected files excluded): exactly what gets committed. */
  changes: WorkspaceChange[];
  /** Workflow files the agent changed and Pullwise put back. */
  reverted: string[];
  /** Absent when nothing changed or no test command is configured. */
  tests?: FixTestRun;
  commitMessage: string;
  /** What the agent says it did (its last text, without the Commit: line). */
  summary: string;
}

export type FixStep = 'agent' | 'tests';

const TEST_OUTPUT_BYTES = 200_000;

/**
 * The fix pipeline on a checkout: the agent works with the tools, its changes are read from git (workflow
 * edits undone), then the repository's own test command — from config, never from issue text — runs in the
 * sandbox. Committing, pushing and reporting are the caller's (they differ between issue and PR).
 */
export async function runFix(options: {
  workspace: GitWorkspace;
  runner: CommandRunner;
  tools: AgentTools;
  model: ModelClient;
  config: PullwiseConfig;
  task: FixTask;
  /** The repository's instruction files (AGENTS.md…) as the base has them, never as the checkout. */
  instructionFiles?: InstructionFile[];
  signal?: AbortSignal;
  onStep?: (step: FixStep, detail: string) => void | Promise<void>;
}): Promise<FixOutcome> {
  const { workspace, runner, config, task, signal } = options;
  await options.onStep?.('agent', 'started');
  const agent = await runAgent({
    model: options.model,
    system: fixSystemPrompt(config.fix.instructions, options.instructionFiles),
    task: fixTaskMessage(task),
    tools: options.tools,
    maxTurns: config.fix.max_turns,
    maxOutputTokens: config.budget.max_output_tokens,
    signal,
  });
  const all = await workspaceChanges(workspace);
  const reverted = await revertProtectedChanges(workspace, all);
  const changes = all.filter((change) => !reverted.includes(change.path));
  const fallback =
    task.kind === 'issue'
      ? `Fix #${task.number}: ${task.title}`
      : task.kind === 'task'
        ? task.title.slice(0, 72)
        : `Apply requested change`;
  const outcome: FixOutcome = {
    agent,
    changes,
    reverted,
    commitMessage: commitMessageFrom(agent.finalText, fallback),
    summary: summaryFrom(agent.finalText),
  };
  const command = config.fix.test_command.trim();
  if (changes.length === 0 || !command || agent.stopReason === 'cancelled') return outcome;

  await options.onStep?.('tests', command);
  const result = await runner.run(command, {
    timeoutMs: config.fix.test_timeout_seconds * 1000,
    maxOutputBytes: TEST_OUTPUT_BYTES,
    signal,
  });
  outcome.tests = { command, passed: result.exitCode === 0, result };
  return outcome;
}
