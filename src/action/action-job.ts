import { jobForEvent } from '../intake/job-for-event.js';
import type { CommandJobPayload, FixJobPayload, ReviewJobPayload } from '../intake/job-payloads.js';
import type { ActionInputs } from './action-inputs.js';

export type ActionJob =
  | { type: 'review'; payload: ReviewJobPayload }
  | { type: 'command'; payload: CommandJobPayload }
  | { type: 'fix'; payload: FixJobPayload }
  | { type: 'none'; reason: string };

export interface ActionEvent {
  /** GITHUB_EVENT_NAME */
  name: string;
  /** The parsed file at GITHUB_EVENT_PATH. */
  payload: Record<string, unknown>;
  /** GITHUB_REPOSITORY (`owner/repo`): scheduled runs' payloads name no repository. */
  repository: string;
  /** GITHUB_ACTOR: who started a dispatched or scheduled run. */
  actor: string;
  /** GITHUB_RUN_ID and attempt: the Action's stand-in for a delivery id. */
  runId: string;
}

const TASK_EVENTS = new Set(['workflow_dispatch', 'schedule']);

/**
 * Which job this workflow run is — decided exactly as the App decides a webhook (the same `jobForEvent`), so
 * the Action and the App do the same work for the same event. `pull_request_target` is a review like
 * `pull_request`; a dispatched or scheduled run with a `prompt` is a task: the fix agent on the default branch.
 */
export function decideActionJob(event: ActionEvent, inputs: ActionInputs): ActionJob {
  const name = event.name === 'pull_request_target' ? 'pull_request' : event.name;
  if (TASK_EVENTS.has(name)) {
    if (!inputs.prompt) return { type: 'none', reason: `a ${name} run needs the \`prompt\` input` };
    const [owner = '', repo = ''] = event.repository.split('/');
    const title = inputs.prompt.split('\n')[0]!.trim().slice(0, 72) || 'Task';
    return {
      type: 'fix',
      payload: {
        owner,
        repo,
        isPullRequest: false,
        trigger: 'task',
        requester: { login: event.actor, type: 'User' },
        title,
        body: inputs.prompt,
        instruction: '',
      },
    };
  }
  const job = jobForEvent(name, event.payload, event.runId, () => ({
    phrase: inputs.triggerPhrase || '@pullwise',
    ...(inputs.label ? { fixLabel: inputs.label } : {}),
  }));
  if (!job) return { type: 'none', reason: describeIgnored(event) };
  return { type: job.type, payload: job.payload } as ActionJob;
}

function describeIgnored(event: ActionEvent): string {
  const action = typeof event.payload.action === 'string' ? `.${event.payload.action}` : '';
  return `nothing to do for ${event.name}${action} (see the README for the events Pullwise acts on)`;
}
