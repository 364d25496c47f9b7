import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runActionBundle } from '../helpers/action-runner.js';
import { textReply, toolUseReply, startClaudeStandIn, type ClaudeStandIn } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { serveComments, serveFixRepository, serveNewPullRequest } from '../helpers/fix-routes.js';
import { startGitHubHttpMock, type GitHubHttpMock } from '../helpers/github-http-mock.js';
import {
  createServedRepo,
  startGitHttpServer,
  type GitHttpServer,
  type ServedRepo,
} from '../helpers/git-http-server.js';

// The bundled Action doing a fix end to end: real git over HTTP (a loopback `git http-backend` that requires
// the workflow's token), the agent's edit made by the real editor tool, the test command in real bubblewrap.

const REPO = '/repos/Codertocat/Hello-World';
const TOKEN = 'ghs_actionWorkflowToken0000000000000001';
const README = '# Hello World\n\nPlease committ your changes before you push.\n';
const TEST_COMMAND = 'grep -q "commit your" README.md && ! grep -q committ README.md';
const EDITOR = 'str_replace_based_edit_tool';

let gh: GitHubHttpMock;
let claude: ClaudeStandIn | undefined;
let git: GitHttpServer;
let served: ServedRepo;
let gitRoot: string;
beforeEach(async () => {
  gh = await startGitHubHttpMock();
  gitRoot = mkdtempSync(path.join(tmpdir(), 'pullwise-action-git-'));
  git = await startGitHttpServer({ root: gitRoot, token: TOKEN });
  served = createServedRepo(git, 'Codertocat/Hello-World');
  served.write({ 'README.md': README });
  served.publish(served.commit('Initial commit'), 'main');
});
afterEach(async () => {
  await gh.close();
  await claude?.close();
  claude = undefined;
  await git.close();
  rmSync(gitRoot, { recursive: true, force: true });
  gh.assertAllValid();
});

const toolUse = (id: string, name: string, input: unknown) => ({
  status: 200,
  body: toolUseReply(id, name, input),
});

/** Claude fixes the typo with the editor tool, then says what it did. */
const fixingClaude = () =>
  startClaudeStandIn([
    toolUse('tu_1', EDITOR, {
      command: 'str_replace',
      path: 'README.md',
      old_str: 'committ',
      new_str: 'commit',
    }),
    { status: 200, body: textReply('Fixed the misspelt "committ".\nCommit: Fix the spelling of "commit"') },
  ]);

/** The repository, its config, the actor's permission, and who commits: the Actions bot (GITHUB_TOKEN). */
function mockRepository(branch: string) {
  serveFixRepository(gh, REPO, {
    cloneUrl: served.cloneUrl,
    config: `fix:\n  test_command: '${TEST_COMMAND}'\n`,
  });
  gh.on('GET', '/user', { status: 403, body: { message: 'Resource not accessible by integration' } });
  gh.on('GET', '/users/github-actions%5Bbot%5D', {
    body: { id: 41898282, login: 'github-actions[bot]', type: 'Bot' },
  });
  serveNewPullRequest(gh, REPO, branch);
}

const posted = (method: string, suffix: string) =>
  gh.requests.filter((r) => r.method === method && r.path.split('?')[0]!.endsWith(suffix));

describe('the Action fixes', () => {
  test('an issue labelled with the `label` input becomes a tested draft PR by github-actions[bot]', async () => {
    const branch = 'pullwise/issue-1-spelling-error-in-the-readme-file';
    mockRepository(branch);
    const comments = serveComments(gh, REPO, 1, 700);
    claude = await fixingClaude();
    const event = payload('issues', 'labeled');
    event.label = { ...event.label, name: 'autofix' };

    const run = await runActionBundle({
      eventName: 'issues',
      payload: event,
      inputs: { anthropic_api_key: 'sk-ant-action-key-1234', github_token: TOKEN, label: 'autofix' },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);

    const tip = served.refSha(`refs/heads/${branch}`);
    expect(served.bareGit('show', `${tip}:README.md`)).toBe(README.replace('committ', 'commit'));
    expect(served.bareGit('log', '-1', '--format=%an <%ae>|%B', tip).trim()).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.127.0.0.1>|Fix the spelling of "commit"\n\nFixes #1',
    );
    const [pr] = posted('POST', `${REPO}/pulls`);
    expect(pr!.body).toMatchObject({ head: branch, base: 'main', draft: true });
    expect((pr!.body as { body: string }).body).toContain(`✅ \`${TEST_COMMAND}\` passed`);
    expect(comments.some((c) => c.body.includes('opened a draft pull request: #3'))).toBe(true);
    expect(git.requests.every((r) => r.token === TOKEN)).toBe(true);

    expect(run.outputs).toMatchObject({ pr_number: '3', branch, conclusion: 'success' });
    expect(Number(run.outputs.cost_usd)).toBeGreaterThan(0);
    expect(run.summary).toContain(
      `Draft pull request [#3](https://github.com/Codertocat/Hello-World/pull/3) from \`${branch}\`.`,
    );
  });

  test('workflow_dispatch with a prompt: the task becomes a draft PR, with no issue to comment on', async () => {
    const branch = 'pullwise/task-fix-the-typo-in-the-readme';
    mockRepository(branch);
    claude = await fixingClaude();
    const event = payload('workflow_dispatch');
    event.repository = { ...event.repository, full_name: 'Codertocat/Hello-World', name: 'Hello-World' };

    const run = await runActionBundle({
      eventName: 'workflow_dispatch',
      payload: event,
      inputs: {
        anthropic_api_key: 'sk-ant-action-key-1234',
        github_token: TOKEN,
        prompt: 'Fix the typo in the README\nIt says "committ".',
      },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);

    // The agent got the prompt as its task, fenced as text.
    const task = JSON.stringify(claude!.requests[0]!.messages[0].content);
    expect(task).toContain('Resolve the task a maintainer gave');
    expect(task).toContain('It says \\"committ\\".');
    const tip = served.refSha(`refs/heads/${branch}`);
    expect(served.bareGit('show', `${tip}:README.md`)).toBe(README.replace('committ', 'commit'));
    expect(served.bareGit('log', '-1', '--format=%B', tip).trim()).toBe('Fix the spelling of "commit"');
    const [pr] = posted('POST', `${REPO}/pulls`);
    expect((pr!.body as { body: string }).body).toMatch(/^### What changed and why/);
    expect(posted('POST', '/comments')).toEqual([]);
    expect(run.outputs).toMatchObject({ pr_number: '3', branch, conclusion: 'success' });
    expect(run.summary).toContain('## Pullwise: task on Codertocat/Hello-World');
    expect(run.summary).toContain('opened a draft pull request: #3');
  });

  test('workflow_dispatch by someone without write access runs nothing', async () => {
    gh.on('GET', `${REPO}/collaborators/Codertocat/permission`, {
      body: { permission: 'read', user: { login: 'Codertocat' } },
    });
    claude = await startClaudeStandIn([]);
    const run = await runActionBundle({
      eventName: 'workflow_dispatch',
      payload: payload('workflow_dispatch'),
      inputs: {
        anthropic_api_key: 'sk-ant-action-key-1234',
        github_token: TOKEN,
        prompt: 'Delete everything',
      },
      apiUrl: gh.apiUrl,
      claudeUrl: claude.url,
    });
    expect(run.code).toBe(0);
    expect(claude.requests).toEqual([]);
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${REPO}/collaborators/Codertocat/permission`,
    ]);
    expect(run.outputs.conclusion).toBe('skipped');
  });
});
