import type { Usage } from '../model/usage.js';
import type { FixOutcome, FixTestRun } from './run-fix.js';

const TAIL_LINES = 40;

export function formatFixUsage(outcome: FixOutcome, usage: Usage, seconds: number): string {
  const tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return (
    `${outcome.agent.turns} turns · ${outcome.agent.toolCalls} tool calls · ` +
    `${tokens.toLocaleString('en-US')} input tokens (${usage.cacheReadTokens.toLocaleString('en-US')} from cache) · ` +
    `${usage.outputTokens.toLocaleString('en-US')} output tokens · $${usage.costUsd.toFixed(4)} · ${seconds.toFixed(1)} s`
  );
}

function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}\n${text}\n${marks}`;
}

function outputTail(tests: FixTestRun): string {
  const lines = tests.result.output.trimEnd().split('\n');
  const tail = lines.slice(-TAIL_LINES).join('\n');
  return lines.length > TAIL_LINES ? `… (${lines.length - TAIL_LINES} earlier lines)\n${tail}` : tail;
}

export function formatTests(outcome: FixOutcome, testCommandConfigured: boolean): string {
  const tests = outcome.tests;
  if (!tests) {
    return testCommandConfigured
      ? 'Tests were not run.'
      : 'No test command is configured (`fix.test_command` in `.github/pullwise.yml`), so the change was **not tested**.';
  }
  const seconds = (tests.result.durationMs / 1000).toFixed(1);
  const verdict = tests.passed
    ? `✅ \`${tests.command}\` passed in ${seconds} s.`
    : tests.result.killed === 'timeout'
      ? `❌ \`${tests.command}\` was stopped after ${seconds} s (time limit).`
      : `❌ \`${tests.command}\` failed (exit code ${tests.result.exitCode ?? tests.result.signal}) after ${seconds} s.`;
  return `${verdict}\n\n<details><summary>Test output (last lines)</summary>\n\n${fenced(outputTail(tests))}\n\n</details>`;
}

function fileList(outcome: FixOutcome): string {
  const items = outcome.changes.map((c) => `- \`${c.path}\` (${c.kind})`);
  if (outcome.reverted.length > 0) {
    items.push(
      ...outcome.reverted.map(
        (p) => `- \`${p}\` — changed by the agent and put back: Pullwise never edits workflows`,
      ),
    );
  }
  return items.join('\n');
}

/** The draft PR's body: what changed and why, the test result, and the cost. */
export function formatFixPullRequestBody(options: {
  /** None for a task: the PR then fixes no issue. */
  issueNumber?: number;
  outcome: FixOutcome;
  usage: Usage;
  seconds: number;
  testCommandConfigured: boolean;
}): string {
  const { outcome } = options;
  return [
    ...(options.issueNumber !== undefined ? [`Fixes #${options.issueNumber}`, ''] : []),
    '### What changed and why',
    outcome.summary || '_The agent gave no summary._',
    '',
    fileList(outcome),
    '',
    '### Tests',
    formatTests(outcome, options.testCommandConfigured),
    '',
    `<sub>Pullwise · ${formatFixUsage(outcome, options.usage, options.seconds)}. A draft: review it before merging.</sub>`,
  ].join('\n');
}

/** Why no PR was opened, honestly: no change, failing tests, or a limit that stopped the agent. */
export function formatNoPullRequest(options: {
  outcome: FixOutcome;
  usage: Usage;
  seconds: number;
  testCommandConfigured: boolean;
  pushedBranch?: { name: string; url?: string };
}): string {
  const { outcome } = options;
  const stopped =
    outcome.agent.stopReason === 'done' ? '' : ` The agent stopped early: ${outcome.agent.stopDetail}.`;
  const lines: string[] = [];
  if (outcome.changes.length === 0) {
    lines.push(`**Pullwise** made no change, so no pull request was opened.${stopped}`);
    if (outcome.summary) lines.push('', '> ' + outcome.summary.replace(/\n/g, '\n> '));
  } else {
    lines.push(
      `**Pullwise** changed ${outcome.changes.length} file(s) but the tests failed, so no pull request was opened.${stopped}`,
      '',
      outcome.summary,
      '',
      fileList(outcome),
      '',
      formatTests(outcome, options.testCommandConfigured),
    );
    if (options.pushedBranch) {
      const where = options.pushedBranch.url
        ? `[\`${options.pushedBranch.name}\`](${options.pushedBranch.url})`
        : `\`${options.pushedBranch.name}\``;
      lines.push('', `The work is on the branch ${where} for a human to continue.`);
    } else {
      lines.push('', 'The work was not pushed (set `fix.push_on_failure: true` to keep such branches).');
    }
  }
  if (outcome.reverted.length > 0 && outcome.changes.length === 0) lines.push('', fileList(outcome));
  lines.push('', `<sub>${formatFixUsage(outcome, options.usage, options.seconds)}</sub>`);
  return lines.join('\n');
}
