import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  submitReviewReply,
  textReply,
  startClaudeStandIn,
  type ClaudeStandIn,
} from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { startGitHubHttpMock, type GitHubHttpMock } from '../helpers/github-http-mock.js';
import { runActionBundle } from '../helpers/action-runner.js';
import { LEAKED_SECRET_LINES, leakedSecrets, leaksIn } from '../helpers/leaked-secrets.js';
import {
  FILE_BEFORE,
  HEAD,
  PATCH,
  REPO,
  mockReviewScenario,
  reviewsPosted,
} from '../helpers/pull-request-scenario.js';

// The bundled Action (dist/index.js) run as the runner runs it, against a loopback GitHub that checks every
// request against GitHub's OpenAPI description and a loopback Claude.

let gh: GitHubHttpMock;
let claude: ClaudeStandIn | undefined;
beforeEach(async () => {
  gh = await startGitHubHttpMock();
});
afterEach(async () => {
  await gh.close();
  await claude?.close();
  claude = undefined;
  gh.assertAllValid();
});

const finding = {
  path: 'src/values.ts',
  line: 6,
  severity: 'major',
  body: 'Division by zero makes v6 Infinity.',
  suggestion: 'const v6 = 6;',
};
const KEY = 'sk-ant-action-test-key-123';
const TOKEN = 'ghs_workflow_token_for_tests';

/** The Actions token's own identity: GITHUB_TOKEN cannot read /user. */
const writes = (requests: GitHubHttpMock['requests']) => requests.filter((r) => r.method !== 'GET');

describe('the Action on pull_request', () => {
  test('reviews the PR: one review, a check run, outputs and a job summary, secrets masked', async () => {
    mockReviewScenario(gh);
    claude = await startClaudeStandIn([
      { status: 200, body: submitReviewReply({ summary: 'One risky change.', comments: [finding] }) },
    ]);
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { anthropic_api_key: KEY, github_token: TOKEN, fail_on: 'critical' },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const [review] = reviewsPosted(gh.requests);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(review!.body).toMatchObject({
      commit_id: HEAD,
      event: 'COMMENT',
      comments: [{ path: 'src/values.ts', line: 6, side: 'RIGHT' }],
    });
    expect(review!.headers.authorization).toBe(`token ${TOKEN}`);
    expect(claude.requests).toHaveLength(1);
    expect(claude.requests[0]!.messages[0].content).toContain('6+ const v6 = 6 / 0;');
    const checkDone = gh.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/check-runs/77'));
    expect(checkDone!.body).toMatchObject({ status: 'completed', conclusion: 'success' });

    expect(run.outputs).toEqual({
      review_id: '900',
      comments: '1',
      findings: '1',
      pr_number: '2',
      branch: '',
      cost_usd: expect.stringMatching(/^0\.\d{4}$/),
      conclusion: 'success',
    });
    expect(Number(run.outputs.cost_usd)).toBeGreaterThan(0);
    expect(run.summary).toContain('## Pullwise: review of Codertocat/Hello-World#2');
    expect(run.summary).toContain(
      `[Review posted](https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-900)`,
    );
    expect(run.summary).toContain('| major | 1 |');
    expect(run.summary).toContain('| major | `src/values.ts:6` | Division by zero makes v6 Infinity. |');
    expect(run.summary).toContain('1 changed, 1 reviewed by the model, 0 skipped');
    expect(run.summary).toMatch(/1 model calls · [\d,]+ input tokens/);
    expect(run.summary).toContain(`${new URL(gh.apiUrl).origin}/Codertocat/Hello-World/actions/runs/4242`);
    // Both secrets are masked before anything is printed, and never printed themselves.
    const masks = run.commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
    expect(masks).toEqual([KEY, TOKEN]);
    expect(run.stdout.split(KEY)).toHaveLength(2); // only inside its own add-mask command
  });

  test('credentials the PR adds: a finding on each line, none in the summary, log, outputs, requests or model input', async () => {
    const { secrets, configLines, envLines, forbidden } = leakedSecrets(21);
    mockReviewScenario(gh, {
      addedFiles: { 'src/config.ts': `${configLines.join('\n')}\n`, '.env': `${envLines.join('\n')}\n` },
    });
    // The model quotes one back; the summary lists model findings too, so it must be masked there.
    const quoted = {
      path: 'src/config.ts',
      line: 3,
      severity: 'critical',
      body: `Hard-coded ${secrets.stripeKey}.`,
    };
    claude = await startClaudeStandIn([
      { status: 200, body: submitReviewReply({ summary: 'Secrets everywhere.', comments: [quoted] }) },
    ]);
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { anthropic_api_key: KEY, github_token: TOKEN },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    const [review] = reviewsPosted(gh.requests);
    const comments = (review!.body as { comments: Array<{ path: string; line: number; body: string }> })
      .comments;
    const secretLines = comments.filter((c) => /secrets rule/.test(c.body)).map((c) => `${c.path}:${c.line}`);
    expect(secretLines.sort()).toEqual([...LEAKED_SECRET_LINES].sort());
    expect(run.summary).toContain('| critical |');
    const everything = [
      run.summary,
      run.stdout,
      run.stderr,
      JSON.stringify(run.outputs),
      JSON.stringify(writes(gh.requests).map((r) => r.body)),
      JSON.stringify(claude.requests),
    ].join('\n');
    expect(leaksIn(everything, forbidden)).toEqual([]);
  });

  test('fail_on: a finding at that severity fails the step and the check', async () => {
    mockReviewScenario(gh);
    claude = await startClaudeStandIn([
      { status: 200, body: submitReviewReply({ summary: 'One risky change.', comments: [finding] }) },
    ]);
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { anthropic_api_key: KEY, github_token: TOKEN, fail_on: 'major' },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.conclusion).toBe('failure');
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: 'Pullwise found 1 finding(s) at or above fail_on (major)',
      }),
    );
    const checkDone = gh.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/check-runs/77'));
    expect(checkDone!.body).toMatchObject({ conclusion: 'failure' });
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
  });

  test('without an API key the built-in checks run and the summary says the model review was skipped', async () => {
    mockReviewScenario(gh);
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { github_token: TOKEN },
      apiUrl: gh.apiUrl,
    });
    expect(run.code).toBe(0);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(run.summary).toMatch(/model review skipped.*anthropic_api_key input is empty/i);
    expect(run.outputs).toMatchObject({ findings: '0', conclusion: 'success', cost_usd: '0.0000' });
  });

  test('a fork PR: read-only token, no secrets — nothing is written, findings become annotations', async () => {
    const event = payload('pull_request', 'opened');
    event.pull_request.head.repo.full_name = 'forker/Hello-World';
    // The fork left a `debugger;` in: the built-in checks find it without any model.
    mockReviewScenario(gh, {
      headRepo: 'forker/Hello-World',
      change: {
        after: FILE_BEFORE.replace('const v6 = 6;', 'debugger;'),
        patch: PATCH.replace('+const v6 = 6 / 0;', '+debugger;'),
      },
    });
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: event,
      inputs: { github_token: TOKEN },
      apiUrl: gh.apiUrl,
    });
    expect(run.code).toBe(0);
    expect(writes(gh.requests)).toEqual([]);
    expect(run.summary).toContain('not posted: this run’s token cannot write to the pull request');
    expect(run.summary).toMatch(
      /GitHub gives no secrets \(ANTHROPIC_API_KEY\) to `pull_request` runs from forks/,
    );
    expect(run.outputs).toMatchObject({ review_id: '', comments: '0', findings: '1', pr_number: '2' });
    // Shown on the PR's diff as a workflow annotation (no write access needed) and in the summary.
    expect(run.commands).toContainEqual({
      command: 'warning',
      properties: { title: 'Pullwise: major', file: 'src/values.ts', line: '6', endLine: '6' },
      message: expect.stringContaining('A `debugger` statement was left in'),
    });
    expect(run.summary).toContain('`src/values.ts:6`');
  });

  test('pull_request_target on a fork PR: reviewed and posted, but verify_command never runs the fork’s code', async () => {
    mockReviewScenario(gh, {
      headRepo: 'forker/Hello-World',
      config: 'review:\n  verify_command: "npm test"\n',
    });
    claude = await startClaudeStandIn([
      { status: 200, body: submitReviewReply({ summary: 'One risky change.', comments: [finding] }) },
    ]);
    const run = await runActionBundle({
      eventName: 'pull_request_target',
      payload: payload('pull_request', 'opened'),
      inputs: { anthropic_api_key: KEY, github_token: TOKEN },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    // No checkout was even asked for (the PR's clone URL is never read), and the suggestion is posted unverified.
    const [review] = reviewsPosted(gh.requests);
    const comment = (review!.body as { comments: Array<{ body: string }> }).comments[0]!.body;
    expect(comment).toContain('```suggestion\nconst v6 = 6;\n```');
    expect(comment).not.toContain('Verified');
    expect(run.outputs).toMatchObject({ review_id: '900', comments: '1' });
  });

  test('a bad input fails the step naming the input, before any request', async () => {
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { github_token: TOKEN, fail_on: 'serious' },
      apiUrl: gh.apiUrl,
    });
    expect(run.code).toBe(1);
    expect(run.commands.find((c) => c.command === 'error')!.message).toMatch(/^input fail_on: /);
    expect(gh.requests).toEqual([]);
  });
});

describe('the Action on comments', () => {
  test('`@pullwise ask` from a writer is answered in the thread', async () => {
    const event = payload('issue_comment', 'created');
    event.comment.body = '@pullwise ask what does this issue need?';
    gh.on('GET', `${REPO}/contents/.github%2Fpullwise.yml`, { status: 404, body: { message: 'Not Found' } });
    gh.on('GET', `${REPO}/collaborators/Codertocat/permission`, {
      body: { permission: 'write', role_name: 'write', user: null },
    });
    gh.on('GET', `${REPO}/issues/1`, {
      body: { number: 1, title: 'Spelling error in the README file', body: 'It is broken.' },
    });
    gh.on('POST', `${REPO}/issues/1/comments`, (req) => ({
      status: 201,
      body: { id: 5, body: (req.body as any).body },
    }));
    claude = await startClaudeStandIn([{ status: 200, body: textReply('Fix the spelling of "Hello".') }]);
    const run = await runActionBundle({
      eventName: 'issue_comment',
      payload: event,
      inputs: { anthropic_api_key: KEY, github_token: TOKEN },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    const answer = gh.requests.find((r) => r.method === 'POST');
    expect((answer!.body as { body: string }).body).toBe('Fix the spelling of "Hello".');
    expect(run.summary).toContain('### Answer');
    expect(run.outputs).toMatchObject({ conclusion: 'success', pr_number: '' });
  });

  test('a commenter without write access gets nothing run', async () => {
    const event = payload('issue_comment', 'created');
    event.comment.body = '@pullwise ask anything';
    gh.on('GET', `${REPO}/contents/.github%2Fpullwise.yml`, {
      body: 'triggers:\n  unauthorized_reply: ""\n',
      headers: { 'content-type': 'application/vnd.github.raw' },
    });
    gh.on('GET', `${REPO}/collaborators/Codertocat/permission`, {
      body: { permission: 'read', role_name: 'read', user: null },
    });
    claude = await startClaudeStandIn([]);
    const run = await runActionBundle({
      eventName: 'issue_comment',
      payload: event,
      inputs: { anthropic_api_key: KEY, github_token: TOKEN },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    expect(writes(gh.requests)).toEqual([]);
    expect(claude.requests).toEqual([]);
    expect(run.summary).toContain('Nothing ran: Codertocat has no write access.');
    expect(run.outputs.conclusion).toBe('skipped');
  });

  test('a comment without the trigger phrase (trigger_phrase input) does nothing', async () => {
    const event = payload('issue_comment', 'created');
    event.comment.body = '@pullwise help';
    const run = await runActionBundle({
      eventName: 'issue_comment',
      payload: event,
      inputs: { github_token: TOKEN, trigger_phrase: '/bot' },
      apiUrl: gh.apiUrl,
    });
    expect(run.code).toBe(0);
    expect(gh.requests).toEqual([]);
    expect(run.outputs.conclusion).toBe('skipped');
    expect(run.summary).toContain('nothing to do for issue_comment.created');
  });

  test('`@pullwise fix` on a fork PR is refused in one line: the fork’s code never runs next to secrets', async () => {
    const event = payload('issue_comment', 'created');
    event.comment.body = '@pullwise fix the division';
    event.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
    const forkPr = {
      number: 1,
      state: 'open',
      title: 'Update',
      body: '',
      head: { sha: HEAD, ref: 'feature', repo: { full_name: 'forker/Hello-World' } },
      base: { sha: HEAD, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } },
    };
    gh.on('GET', `${REPO}/pulls/1`, { body: forkPr }, { times: 2 });
    gh.on(
      'GET',
      `${REPO}/contents/.github%2Fpullwise.yml?ref=main`,
      { status: 404, body: { message: 'Not Found' } },
      { times: 2 },
    );
    gh.on('GET', `${REPO}/collaborators/Codertocat/permission`, {
      body: { permission: 'admin', user: null },
    });
    gh.on('GET', `${REPO}/issues/1`, { body: { number: 1, title: 'Update', body: '' } });
    gh.on('GET', REPO, {
      body: {
        full_name: 'Codertocat/Hello-World',
        default_branch: 'main',
        clone_url: 'http://127.0.0.1:9/none.git',
      },
    });
    gh.on('POST', `${REPO}/issues/1/comments`, (req) => ({
      status: 201,
      body: { id: 6, body: (req.body as any).body },
    }));
    claude = await startClaudeStandIn([]);
    const run = await runActionBundle({
      eventName: 'issue_comment',
      payload: event,
      inputs: { anthropic_api_key: KEY, github_token: TOKEN },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    expect(claude.requests).toEqual([]);
    const [refusal] = writes(gh.requests);
    expect((refusal!.body as { body: string }).body).toContain(
      'does not run `fix` on a pull request from a fork here',
    );
    expect(run.outputs).toMatchObject({ conclusion: 'skipped', pr_number: '1' });
  });
});
