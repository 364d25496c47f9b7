import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import nock from 'nock';
import { ANTHROPIC, mockClaude, textReply, toolUseReply } from '../helpers/claude-fake.js';
import {
  createServedRepo,
  startGitHttpServer,
  type GitHttpServer,
  type ServedRepo,
} from '../helpers/git-http-server.js';
import { serveComments, serveFixRepository, serveNewPullRequest } from '../helpers/fix-routes.js';
import { mockGitHub, payload, type GitHubMock, type RecordedRequest } from '../helpers/github-mock.js';
import { until } from '../helpers/until.js';

const REPO = '/repos/Codertocat/Hello-World';
const TOKEN = 'ghs_fixflowInstallationToken000000000001';
const BRANCH = 'pullwise/issue-1-spelling-error-in-the-readme-file';
const README = '# Hello World\n\nPlease committ your changes before you push.\n';
const TEST_COMMAND = 'grep -q "commit your" README.md && ! grep -q committ README.md';

let app: TestApp | undefined;
let gh: GitHubMock;
let git: GitHttpServer;
let served: ServedRepo;
let gitRoot: string;

beforeEach(async () => {
  gh = mockGitHub();
  gitRoot = mkdtempSync(path.join(tmpdir(), 'pullwise-fix-git-'));
  git = await startGitHttpServer({ root: gitRoot, token: TOKEN });
  served = createServedRepo(git, 'Codertocat/Hello-World');
  served.write({ 'README.md': README });
  served.publish(served.commit('Initial commit'), 'main');
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await git.close();
  rmSync(gitRoot, { recursive: true, force: true });
  gh.assertAllValid();
});

const toolUse = toolUseReply;

const EDITOR = 'str_replace_based_edit_tool';

/** The agent's edit of README.md's misspelt "committ" (to `to`: a wrong spelling makes the tests fail). */
const spellingEdit = (id: string, to: string) =>
  toolUse(id, EDITOR, { command: 'str_replace', path: 'README.md', old_str: 'committ', new_str: to });

/** GitHub for an issue labelled `pullwise`: the repository, its config, comments (stateful), the App's bot. */
function mockIssueScenario(config: string) {
  gh.on(
    'POST',
    '/app/installations/1/access_tokens',
    { status: 201, body: { token: TOKEN, expires_at: new Date(Date.now() + 3600_000).toISOString() } },
    { times: 5 },
  );
  serveFixRepository(gh, REPO, { cloneUrl: served.cloneUrl, config });
  return serveComments(gh, REPO, 1, 700);
}

function mockBotAndPullRequest() {
  gh.on('GET', '/app', { body: { id: 1, slug: 'pullwise', name: 'Pullwise' } });
  gh.on('GET', '/users/pullwise%5Bbot%5D', { body: { id: 4242, login: 'pullwise[bot]', type: 'Bot' } });
  serveNewPullRequest(gh, REPO, BRANCH);
}

function labelledIssue() {
  const event = payload('issues', 'labeled');
  event.label = { ...event.label, name: 'pullwise' };
  event.installation ??= { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' }; // as an App receives it
  return event;
}

/** Every file under dir (recursively), for secrets that must not be on disk. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
}

const toolResultsSent = (requests: Array<Record<string, any>>) =>
  requests.flatMap((r) =>
    r.messages.flatMap((m: { content: unknown }) =>
      Array.isArray(m.content) ? m.content.filter((b: { type: string }) => b.type === 'tool_result') : [],
    ),
  );
const lastRequestToolResults = (requests: Array<Record<string, any>>, id: string) =>
  toolResultsSent(requests).find((b: { tool_use_id: string }) => b.tool_use_id === id)?.content as string;

const created = (requests: RecordedRequest[], method: string, suffix: string) =>
  requests.filter((r) => r.method === method && r.path.split('?')[0]!.endsWith(suffix));

describe('issue → draft pull request', () => {
  test('a labelled issue gets a draft PR whose commit holds exactly the agent’s edit, tested in the sandbox', async () => {
    const comments = mockIssueScenario(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    mockBotAndPullRequest();
    const claude = mockClaude()
      .expectMessage(200, toolUse('tu_1', EDITOR, { command: 'view', path: 'README.md' }))
      .expectMessage(200, spellingEdit('tu_2', 'commit'))
      .expectMessage(200, toolUse('tu_3', 'bash', { command: 'cat README.md; env; git diff --stat' }))
      .expectMessage(
        200,
        textReply(
          'Fixed the misspelt "committ" in README.md.\nCommit: Fix the spelling of "commit" in the README',
        ),
      );
    const main = served.refSha('refs/heads/main');
    app = await startTestApp({ env: { GITHUB_TOKEN: 'ghp_shouldNeverReachTheSandbox0000000000' } });

    expect(await app.send('issues', labelledIssue())).toBe(200);
    await app.server.worker.idle();

    // The model saw the file and its own edit; the sandbox's environment holds no secret.
    expect(lastRequestToolResults(claude.requests, 'tu_1')).toContain('3: Please committ your changes');
    const bash = lastRequestToolResults(claude.requests, 'tu_3');
    expect(bash).toContain('Please commit your changes');
    expect(bash).toMatch(/README\.md \| 2 \+-/); // git works in the sandbox, on the worktree's read-only git folder
    for (const secret of [TOKEN, 'sk-ant-test-key', 'ghp_shouldNeverReachTheSandbox'])
      expect(bash).not.toContain(secret);

    // The pushed branch: one commit on main, by the App's bot, changing exactly that word.
    const tip = served.refSha(`refs/heads/${BRANCH}`);
    expect(served.bareGit('rev-parse', `${tip}^`).trim()).toBe(main);
    expect(served.bareGit('diff', '--name-only', main, tip).trim()).toBe('README.md');
    expect(served.bareGit('show', `${tip}:README.md`)).toBe(README.replace('committ', 'commit'));
    expect(served.bareGit('log', '-1', '--format=%an <%ae>|%s', tip).trim()).toBe(
      'pullwise[bot] <4242+pullwise[bot]@users.noreply.github.com>|Fix the spelling of "commit" in the README',
    );

    const [pr] = created(gh.requests, 'POST', `${REPO}/pulls`);
    expect(pr!.body).toMatchObject({ head: BRANCH, base: 'main', draft: true });
    const body = (pr!.body as { body: string }).body;
    expect(body).toMatch(/^Fixes #1\n/);
    expect(body).toContain('Fixed the misspelt "committ" in README.md.');
    expect(body).toContain(`✅ \`${TEST_COMMAND}\` passed`);
    expect(body).toMatch(/\$\d+\.\d{4}/);
    expect(comments.some((c) => c.body.includes('opened a draft pull request: #3'))).toBe(true);
    expect(comments[0]!.body).toMatch(/- \[x\] Open a draft pull request/);

    // The token was used (every git request carried it) and stored nowhere.
    expect(git.requests.length).toBeGreaterThan(0);
    expect(git.requests.every((r) => r.token === TOKEN)).toBe(true);
    const leaked = filesUnder(app.dataDir).filter((file) => readFileSync(file).includes(TOKEN));
    expect(leaked).toEqual([]);
    expect(readdirSync(path.join(app.dataDir, 'work'))).toEqual([]); // the working copy is removed
  });

  test('GitHub refusing the pull request ends the job at once: the agent is not paid for twice, the issue is told', async () => {
    const comments = mockIssueScenario(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    gh.on('GET', '/app', { body: { id: 1, slug: 'pullwise', name: 'Pullwise' } });
    gh.on('GET', '/users/pullwise%5Bbot%5D', { body: { id: 4242, login: 'pullwise[bot]', type: 'Bot' } });
    serveNewPullRequest(gh, REPO, BRANCH, {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ message: 'Draft pull requests are not supported here' }],
      },
    });
    const claude = mockClaude()
      .expectMessage(200, spellingEdit('tu_1', 'commit'))
      .expectMessage(200, textReply('Fixed.\nCommit: Fix spelling'));
    app = await startTestApp();

    expect(await app.send('issues', labelledIssue())).toBe(200);
    await app.server.worker.idle();

    expect(claude.requests).toHaveLength(2);
    const [job] = await app.server.queue.list();
    expect(job).toMatchObject({ type: 'fix', state: 'dead', attempts: 1 });
    const told = comments.find((c) => c.body.includes('could not finish this fix job'))?.body ?? '';
    expect(told).toContain('the change was made but could not be published');
    expect(told).toContain('ask again with a `fix` command');
  });

  // A worker that stalls past its lease can wake to find its job claimed by another worker: the other run does
  // the fix, and this one must not push its own branch over it. Either fence stops it alone (checked by taking
  // each out): the one on the Octokit writes made before the push, and the one on the push itself.
  test('a run that lost its job to another worker while the agent worked pushes nothing', async () => {
    mockIssueScenario(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    mockBotAndPullRequest();
    mockClaude().expectMessage(200, spellingEdit('tu_1', 'commit'));
    let lastCallSent = false;
    nock(ANTHROPIC)
      .post('/v1/messages')
      .delay(1500)
      .reply(200, textReply('Fixed it.\nCommit: Fix spelling'))
      .on('request', () => (lastCallSent = true));
    const refsBefore = served.bareGit('for-each-ref', '--format=%(refname) %(objectname)');
    app = await startTestApp({ appEnv: { concurrency: 1 } }); // so it does not claim the job again itself
    const { queue, worker } = app.server;

    expect(await app.send('issues', labelledIssue())).toBe(200);
    await until(() => lastCallSent, 'the agent’s last model call');
    expect(await queue.recoverWorker(worker.workerId)).toBe(1);
    const other = await queue.claim('another-worker', 60_000);
    expect(other).not.toBeNull();
    await until(() => worker.running().length === 0, 'the first run to give the job up', 5000);

    expect(served.bareGit('for-each-ref', '--format=%(refname) %(objectname)')).toBe(refsBefore);
    expect(created(gh.requests, 'POST', `${REPO}/pulls`)).toEqual([]);
    expect(await queue.complete(other!, {})).toBe(true);
    nock.cleanAll(); // the pull request it was stopped from opening stays unasked
  });
});

// git must be on PATH for the server's checkout; fail early with a clear message otherwise.
execFileSync('git', ['--version']);

describe('fix on a pull request', () => {
  const PR_LINE = 'Thanks for contributting!';
  const PATCH = `@@ -1,3 +1,4 @@\n # Hello World\n \n Please committ your changes before you push.\n+${PR_LINE}`;

  /** PR #2 whose head adds a misspelt line; `fork` decides where its head lives. */
  function mockPullRequestScenario(head: { sha: string; ref: string; fork: boolean }, mainSha: string) {
    const comments = mockIssueScenario('fix:\n  test_command: "! grep -q contributting README.md"\n');
    const pr = {
      number: 2,
      state: 'open',
      title: 'Add a thank-you line',
      body: 'Small README change.',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/2',
      head: {
        ref: head.ref,
        sha: head.sha,
        repo: { full_name: head.fork ? 'octo-fork/Hello-World' : 'Codertocat/Hello-World' },
      },
      base: { ref: 'main', sha: mainSha, repo: { full_name: 'Codertocat/Hello-World' } },
    };
    gh.on('GET', `${REPO}/pulls/2`, { body: pr }, { times: 2 });
    gh.on('GET', `${REPO}/issues/2`, {
      body: { number: 2, title: pr.title, body: pr.body, pull_request: {} },
    });
    gh.on('GET', `${REPO}/contents/.github%2Fpullwise.yml?ref=main`, {
      body: 'fix:\n  test_command: "! grep -q contributting README.md"\n',
      headers: { 'content-type': 'application/vnd.github.raw' },
    });
    const prComments = serveComments(gh, REPO, 2, 800);
    return { comments, prComments };
  }

  function fixCommentOnPullRequest(body: string) {
    const event = payload('issue_comment', 'created');
    event.issue.number = 2;
    event.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/2' };
    event.comment.body = body;
    event.installation ??= { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
    return event;
  }

  const fixTheTypo = () =>
    mockClaude()
      .expectMessage(
        200,
        toolUse('tu_1', EDITOR, {
          command: 'str_replace',
          path: 'README.md',
          old_str: 'contributting',
          new_str: 'contributing',
        }),
      )
      .expectMessage(200, textReply('Corrected "contributting".\nCommit: Fix a typo in the thank-you line'));

  test('on a same-repo PR the fix is committed to its branch and the thread gets the commit link', async () => {
    const main = served.refSha('refs/heads/main');
    served.branch('feature', main);
    served.write({ 'README.md': `${README}${PR_LINE}\n` });
    const head = served.commit('Add a thank-you line');
    served.publish(head, 'feature');
    served.publish(head, 'refs/pull/2/head');
    const { prComments } = mockPullRequestScenario({ sha: head, ref: 'feature', fork: false }, main);
    gh.on('GET', '/app', { body: { id: 1, slug: 'pullwise', name: 'Pullwise' } });
    gh.on('GET', '/users/pullwise%5Bbot%5D', { body: { id: 4242, login: 'pullwise[bot]', type: 'Bot' } });
    fixTheTypo();
    app = await startTestApp();

    expect(await app.send('issue_comment', fixCommentOnPullRequest('@pullwise fix the typo'))).toBe(200);
    await app.server.worker.idle();

    const tip = served.refSha('refs/heads/feature');
    expect(served.bareGit('rev-parse', `${tip}^`).trim()).toBe(head);
    expect(served.bareGit('show', `${tip}:README.md`)).toBe(`${README}Thanks for contributing!\n`);
    const answer = prComments.find((c) => c.body.includes('/commit/'))?.body ?? '';
    expect(answer).toContain(`https://github.com/Codertocat/Hello-World/commit/${tip}`);
    expect(answer).toContain('to `feature`');
    expect(answer).toContain('passed');
  });

  test('on a fork PR nothing is pushed: the change comes as a review with a committable suggestion', async () => {
    const main = served.refSha('refs/heads/main');
    served.branch('fork-work', main);
    served.write({ 'README.md': `${README}${PR_LINE}\n` });
    const head = served.commit('Add a thank-you line');
    served.publish(head, 'refs/pull/2/head'); // a fork's head reaches the base repository only as this ref
    mockPullRequestScenario({ sha: head, ref: 'patch-1', fork: true }, main);
    gh.on('GET', `${REPO}/pulls/2/files?per_page=100`, {
      body: [
        {
          sha: 'a'.repeat(40),
          filename: 'README.md',
          status: 'modified',
          additions: 1,
          deletions: 0,
          changes: 1,
          patch: PATCH,
        },
      ],
    });
    gh.on('POST', `${REPO}/pulls/2/reviews`, { status: 200, body: { id: 901 } });
    fixTheTypo();
    const refsBefore = served.bareGit('for-each-ref', '--format=%(refname) %(objectname)');
    app = await startTestApp();

    expect(await app.send('issue_comment', fixCommentOnPullRequest('@pullwise fix the typo'))).toBe(200);
    await app.server.worker.idle();

    expect(served.bareGit('for-each-ref', '--format=%(refname) %(objectname)')).toBe(refsBefore);
    expect(git.requests.filter((r) => r.service === 'git-receive-pack')).toEqual([]);
    const [review] = created(gh.requests, 'POST', `${REPO}/pulls/2/reviews`);
    expect(review!.body).toMatchObject({
      commit_id: head,
      event: 'COMMENT',
      comments: [
        {
          path: 'README.md',
          line: 4,
          side: 'RIGHT',
          body: expect.stringContaining('```suggestion\nThanks for contributing!\n```'),
        },
      ],
    });
    expect((review!.body as { body: string }).body).toContain('comes from a fork');
  });
});
