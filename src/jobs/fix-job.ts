import { readInstructionFiles } from '../core/config/instruction-files.js';
import { runFix, type FixStep } from '../core/fix/run-fix.js';
import type { FixJobPayload } from '../intake/job-payloads.js';
import { authoriseFix, workingHeadline } from './fix-authorise.js';
import type { FixContext, FixJobEnd } from './fix-context.js';
import { prepareFix, type PreparedFix } from './fix-prepare.js';
import { publishFix } from './fix-publish.js';
import type { JobDeps } from './job-deps.js';

export type { FixJobEnd } from './fix-context.js';

export type FixJobOutcome = FixJobEnd & {
  /** What the job said (as comments; for a task, only here): the caller's report. */
  said: string[];
};

/**
 * `fix`: from an issue (label or command) a draft PR whose tests passed; on a same-repo PR a commit on its
 * branch; on a fork PR suggestions (never a push). Four steps: authorise (may this run, with what), prepare
 * (a sandboxed checkout), the agent, publish. The job reports progress in one tracking comment and ends
 * with an honest answer whatever happened.
 */
export async function runFixJob(payload: FixJobPayload, deps: JobDeps): Promise<FixJobOutcome> {
  const said: string[] = [];
  const authorised = await authoriseFix(payload, deps, said);
  if ('end' in authorised) return { ...authorised.end, said };
  const context = authorised.context;
  const ready = await prepareFix(context);
  try {
    if ('end' in ready) return { ...ready.end, said };
    const outcome = await runAgent(context, ready.prepared);
    return { ...(await publishFix(context, ready.prepared, outcome)), said };
  } finally {
    await ready.workspace.remove();
  }
}

/** The third step: the agent edits the checkout and the tests run on its change (core/fix). */
async function runAgent(context: FixContext, prepared: PreparedFix) {
  const { payload, deps, pr, issue, config, steps } = context;
  const onStep = async (step: FixStep) => {
    steps.done(step === 'agent' ? 1 : 2);
    await context.track(workingHeadline(context));
  };
  // The root instruction files on the branch the config came from: a PR's own edit of them is not used.
  const instructionFiles = await readInstructionFiles(async (paths) => {
    const texts = new Map<string, string | null>();
    for (const file of paths) texts.set(file, await deps.github.fileText(context.repo, file, pr?.base.ref));
    return texts;
  }, []);
  const outcome = await runFix({
    instructionFiles,
    workspace: prepared.workspace,
    runner: prepared.runner,
    tools: prepared.tools,
    model: context.model,
    config,
    task: {
      kind: pr ? 'pull-request' : issue ? 'issue' : 'task',
      number: payload.issue_number,
      title: payload.title,
      body: payload.body,
      instruction: payload.instruction,
      thread: payload.thread,
      testCommand: config.fix.test_command,
    },
    signal: deps.signal,
    onStep,
  });
  deps.log.info(
    { stop: outcome.agent.stopReason, changes: outcome.changes.length, tests: outcome.tests?.passed },
    'fix done',
  );
  return outcome;
}
