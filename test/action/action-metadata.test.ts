import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { readActionInputs } from '../../src/action/action-inputs.js';
import type { ActionOutputs } from '../../src/action/action-report.js';

// action.yml, the code that reads it, the example workflows and the README's snippets must agree: an input
// the code ignores, an output it never sets or an example using either would fail users silently.

const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};
const OUTPUTS: Array<keyof ActionOutputs> = [
  'review_id',
  'comments',
  'findings',
  'pr_number',
  'branch',
  'cost_usd',
  'conclusion',
];
const EVENTS = [
  'pull_request',
  'pull_request_target',
  'issue_comment',
  'pull_request_review_comment',
  'issues',
  'workflow_dispatch',
  'schedule',
];

/** Example workflows: the files under examples/workflows and the yaml blocks of the README's Action section. */
function workflows(): Array<{ name: string; workflow: any }> {
  const dir = 'examples/workflows';
  const files = readdirSync(dir).map((file) => ({
    name: file,
    workflow: parse(readFileSync(path.join(dir, file), 'utf8')),
  }));
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## The GitHub Action'));
  const blocks = [...section.slice(0, section.indexOf('\n## ', 5)).matchAll(/```yaml\n([\s\S]*?)```/g)];
  return [...files, ...blocks.map((b, i) => ({ name: `README block ${i + 1}`, workflow: parse(b[1]!) }))];
}

describe('action.yml', () => {
  test('runs the bundled file on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  test('declares exactly the inputs the Action reads, with the workflow token as github_token', () => {
    const env = Object.fromEntries(
      Object.keys(action.inputs).map((name) => [`INPUT_${name.toUpperCase()}`, name]),
    );
    const read = readActionInputs(env);
    expect(Object.values(read).sort()).toEqual(Object.keys(action.inputs).sort());
    expect(action.inputs.github_token!.default).toBe('${{ github.token }}');
  });

  test('declares exactly the outputs the Action sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUTS].sort());
  });
});

describe('example workflows', () => {
  const all = workflows();
  test('there are examples for reviews, commands and issue → PR, and a README snippet', () => {
    expect(all.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        'pullwise-review.yml',
        'pullwise-commands.yml',
        'pullwise-issue-to-pr.yml',
        'pullwise-review-bedrock.yml',
        'pullwise-review-vertex.yml',
        'README block 1',
      ]),
    );
  });

  test.each(all.map((w) => [w.name, w.workflow]))(
    '%s uses only real inputs, outputs and events',
    (_, workflow) => {
      const events = Object.keys(workflow.on);
      for (const event of events) expect(EVENTS).toContain(event);
      const steps = Object.values(workflow.jobs as Record<string, { steps: any[] }>).flatMap(
        (job) => job.steps,
      );
      const pullwise = steps.filter((step) => String(step.uses ?? '').startsWith('pullwise/pullwise@'));
      expect(pullwise.length).toBeGreaterThan(0);
      for (const step of pullwise) {
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
      }
      const text = JSON.stringify(workflow);
      for (const [, output] of text.matchAll(/steps\.pullwise\.outputs\.(\w+)/g))
        expect(OUTPUTS).toContain(output);
      // Whatever writes needs write permissions in the workflow; nothing asks for more than Pullwise uses,
      // and an OIDC token only where a cloud's login action exchanges it for the model platform's credentials.
      const cloudLogin = steps.some((step) =>
        /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth)@/.test(
          String(step.uses ?? ''),
        ),
      );
      const allowed = ['contents', 'pull-requests', 'issues', 'checks', ...(cloudLogin ? ['id-token'] : [])];
      for (const scope of Object.keys(workflow.permissions ?? {})) expect(allowed).toContain(scope);
    },
  );
});
