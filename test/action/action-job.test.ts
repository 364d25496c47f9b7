import { describe, expect, test } from '@jest/globals';
import { configOverrides, readActionInputs } from '../../src/action/action-inputs.js';
import { decideActionJob, type ActionEvent } from '../../src/action/action-job.js';
import { parseConfig } from '../../src/core/config/load-config.js';
import { payload } from '../helpers/github-mock.js';

const inputs = (values: Record<string, string> = {}) =>
  readActionInputs(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  );
const event = (name: string, body: Record<string, unknown>): ActionEvent => ({
  name,
  payload: body,
  repository: 'Codertocat/Hello-World',
  actor: 'Codertocat',
  runId: '1-1',
});

describe('which job a workflow run is', () => {
  test('the App’s decisions: review on open, nothing on close, commands by phrase, fixes by label', () => {
    expect(decideActionJob(event('pull_request', payload('pull_request', 'opened')), inputs()).type).toBe(
      'review',
    );
    expect(
      decideActionJob(event('pull_request_target', payload('pull_request', 'opened')), inputs()).type,
    ).toBe('review');
    expect(decideActionJob(event('pull_request', payload('pull_request', 'closed')), inputs())).toEqual({
      type: 'none',
      reason: 'nothing to do for pull_request.closed (see the README for the events Pullwise acts on)',
    });
    const comment = payload('issue_comment', 'created');
    comment.comment.body = '/bot help';
    expect(decideActionJob(event('issue_comment', comment), inputs()).type).toBe('none');
    expect(decideActionJob(event('issue_comment', comment), inputs({ trigger_phrase: '/bot' })).type).toBe(
      'command',
    );
    const labelled = payload('issues', 'labeled'); // label "bug"
    expect(decideActionJob(event('issues', labelled), inputs({ label: 'autofix' })).type).toBe('none');
    expect(decideActionJob(event('issues', labelled), inputs({ label: 'bug' })).type).toBe('fix');
  });

  test('dispatched and scheduled runs are tasks from the prompt, and need one', () => {
    const job = decideActionJob(
      event('schedule', { schedule: '0 3 * * 1' }),
      inputs({ prompt: 'Update the\nchangelog' }),
    );
    expect(job).toMatchObject({
      type: 'fix',
      payload: {
        owner: 'Codertocat',
        repo: 'Hello-World',
        trigger: 'task',
        title: 'Update the',
        body: 'Update the\nchangelog',
        requester: { login: 'Codertocat' },
      },
    });
    expect(job.type === 'fix' && job.payload.issue_number).toBeUndefined();
    expect(decideActionJob(event('workflow_dispatch', payload('workflow_dispatch')), inputs())).toEqual({
      type: 'none',
      reason: 'a workflow_dispatch run needs the `prompt` input',
    });
  });
});

describe('inputs as settings', () => {
  test('win over the config file, max_cost_usd capping reviews and fixes alike', () => {
    const overrides = configOverrides(
      inputs({
        model: 'claude-opus-4-1',
        fail_on: 'major',
        max_cost_usd: '0.5',
        label: 'autofix',
        trigger_phrase: '/bot',
      }),
    );
    const { config, problems } = parseConfig(
      'review:\n  fail_on: none\n  max_comments: 5\n',
      undefined,
      overrides,
    );
    expect(problems).toEqual([]);
    expect(config.model).toBe('claude-opus-4-1');
    expect(config.review).toMatchObject({ fail_on: 'major', max_comments: 5 });
    expect(config.budget.max_usd).toBe(0.5);
    expect(config.fix).toMatchObject({ max_usd: 0.5, label: 'autofix' });
    expect(config.triggers.phrase).toBe('/bot');
  });

  test('still apply when the file is broken (the job runs on defaults plus the inputs)', () => {
    const { config, problems } = parseConfig(
      'review: [',
      undefined,
      configOverrides(inputs({ fail_on: 'minor' })),
    );
    expect(problems).toHaveLength(1);
    expect(config.review.fail_on).toBe('minor');
  });

  test('a bad input is named', () => {
    expect(() => configOverrides(inputs({ max_cost_usd: 'lots' }))).toThrow(
      'input max_cost_usd must be a positive number of dollars, got "lots"',
    );
    expect(() => configOverrides(inputs({ fail_on: 'serious' }))).toThrow(/^input fail_on: /);
  });
});
