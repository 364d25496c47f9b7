import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import type { FixJobPayload } from '../../src/intake/job-payloads.js';
import { runFixJob } from '../../src/jobs/fix-job.js';
import { PermanentJobError } from '../../src/queue/job-errors.js';
import { ANTHROPIC, mockClaude, textReply, toolUseReply } from '../helpers/claude-fake.js';
import {
  createServedRepo,
  startGitHttpServer,
  type GitHttpServer,
  type ServedRepo,
} from '../helpers/git-http-server.js';
import { testJobDeps } from '../helpers/job-deps.js';
import { MemoryGitHub } from '../helpers/memory-github.js';

// The fix job's decisions on the in-memory GitHub: real git over HTTP (a loopback `git http-backend` that
// requires the token the port hands out), the agent's edits by the real editor tool, tests in real bubblewrap.
// The App's own path (webhook → queue → job, Octokit) is test/app/fix-flow.test.ts.

const FULL = 'Codertocat/Hello-World';
const TOKEN = 'ghs_fixJobInstallationToken0000000000001';
const README = '# Hello World\n\nPlease committ your changes before you push.\n';
const TEST_COMMAND = 'grep -q "commit your" README.md && ! grep -q committ README.md';
const BRANCH = 'pullwise/issue-1-spelling-error-in-the-readme-file';
const EDITOR = 'str_replace_based_edit_tool';
const PR_LINE = 'Thanks for contributting!';

let gh: MemoryGitHub;
let git: GitHttpServer;
let served: ServedRepo;
let root: string;
beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pullwise-fix-job-'));
  git = await startGitHttpServer({ root: path.join(root, 'git'), token: TOKEN });
  served = createServedRepo(git, FULL);
  served.write({ 'README.md': README });
  served.publish(served.commit('Initial commit'), 'main');
  gh = new MemoryGitHub(TOKEN);
});
afterEach(async () => {
  await git.close();
  rmSync(root, { recursive: true, force: true });
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function repository(config: string, files: Record<string, string> = {}) {
  gh.addRepository(FULL, {
    cloneUrl: served.cloneUrl,
    files: { main: { '.github/pullwise.yml': config, ...files } },
    permissions: { Codertocat: 'admin' },
  });
  gh.addIssue(FULL, 1, { title: 'Spelling error in the README file', body: 'It says committ.' });
}

const labelled = (label = 'pullwise'): FixJobPayload => ({
  owner: 'Codertocat',
  repo: 'Hello-World',
  issue_number: 1,
  isPullRequest: false,
  trigger: 'label',
  label,
  requester: { login: 'Codertocat', type: 'User' },
  title: 'Spelling error in the README file',
  body: 'It says committ.',
  instruction: '',
  replyTo: { kind: 'issue', issue_number: 1 },
});

const onPullRequest = (): FixJobPayload => ({
  ...labelled(),
  issue_number: 2,
  isPullRequest: true,
  trigger: 'command',
  label: undefined,
  title: 'Add a thank-you line',
  body: 'Small README change.',
  instruction: 'the typo',
  replyTo: { kind: 'issue', issue_number: 2 },
});

const edit = (id: string, from: string, to: string) =>
  toolUseReply(id, EDITOR, { command: 'str_replace', path: 'README.md', old_str: from, new_str: to });

const deps = () => testJobDeps(gh, { dataDir: path.join(root, 'data') });
const refs = () => served.bareGit('for-each-ref', '--format=%(refname) %(objectname)');
const said = (issue: number, text: string) =>
  gh.commentsOn(issue).find((c) => c.body.includes(text))?.body ?? '';

/** PR #2 whose head adds a misspelt line, on `ref`; a fork's head reaches the base only as refs/pull/2/head. */
function pullRequest(fork: boolean) {
  repository('fix:\n  test_command: "! grep -q contributting README.md"\n');
  const main = served.refSha('refs/heads/main');
  served.branch('feature', main);
  served.write({ 'README.md': `${README}${PR_LINE}\n` });
  const head = served.commit('Add a thank-you line');
  if (!fork) served.publish(head, 'feature');
  served.publish(head, 'refs/pull/2/head');
  gh.addPullRequest(FULL, {
    number: 2,
    title: 'Add a thank-you line',
    body: 'Small README change.',
    head: {
      sha: head,
      ref: fork ? 'patch-1' : 'feature',
      repoFullName: fork ? 'octo-fork/Hello-World' : FULL,
    },
    base: { sha: main, ref: 'main', repoFullName: FULL, cloneUrl: served.cloneUrl },
    files: [
      {
        filename: 'README.md',
        status: 'modified',
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: `@@ -1,3 +1,4 @@\n # Hello World\n \n Please committ your changes before you push.\n+${PR_LINE}`,
      },
    ],
  });
  return head;
}

describe('the fix job on an issue, on the GitHub port', () => {
  test('a tested change becomes one draft pull request, and the issue is told with its tracking ticked', async () => {
    repository(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    mockClaude()
      .expectMessage(200, edit('tu_1', 'committ', 'commit'))
      .expectMessage(200, textReply('Fixed the misspelling.\nCommit: Fix the spelling of "commit"'));

    const outcome = await runFixJob(labelled(), deps());

    expect(outcome).toMatchObject({ status: 'pull-request', branch: BRANCH });
    expect(gh.state.opened).toEqual([
      expect.objectContaining({ head: BRANCH, base: 'main', title: 'Fix the spelling of "commit"' }),
    ]);
    expect(gh.state.opened[0]!.body).toMatch(/^Fixes #1\n/);
    expect(served.bareGit('show', `refs/heads/${BRANCH}:README.md`)).toBe(
      README.replace('committ', 'commit'),
    );
    expect(said(1, 'opened a draft pull request')).toContain(
      `#${outcome.status === 'pull-request' && outcome.number}`,
    );
    expect(said(1, 'pullwise:fix-tracking')).toMatch(/- \[x\] Open a draft pull request/);
  });

  test('failing tests: no pull request, no push, and an honest comment with the test output', async () => {
    repository(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    mockClaude()
      .expectMessage(200, edit('tu_1', 'committ', 'comitt'))
      .expectMessage(200, textReply('Fixed it.\nCommit: Fix spelling'));
    const before = refs();

    expect(await runFixJob(labelled(), deps())).toMatchObject({ status: 'tests-failed' });

    expect(gh.state.opened).toEqual([]);
    expect(refs()).toBe(before);
    const answer = said(1, 'tests failed');
    expect(answer).toContain('no pull request was opened');
    expect(answer).toContain(`❌ \`${TEST_COMMAND}\` failed (exit code 1)`);
    expect(answer).toContain('`README.md` (modified)');
    expect(answer).toContain('The work was not pushed');
  });

  test('failing tests with fix.push_on_failure: the branch is pushed for a human, still no pull request', async () => {
    repository(`fix:\n  test_command: '${TEST_COMMAND}'\n  push_on_failure: true\n`);
    mockClaude()
      .expectMessage(200, edit('tu_1', 'committ', 'comitt'))
      .expectMessage(200, textReply('Tried.\nCommit: Attempt a spelling fix'));

    expect(await runFixJob(labelled(), deps())).toMatchObject({ status: 'tests-failed', branch: BRANCH });

    expect(gh.state.opened).toEqual([]);
    expect(served.bareGit('show', `refs/heads/${BRANCH}:README.md`)).toContain('comitt');
    expect(said(1, 'tests failed')).toContain(`The work is on the branch [\`${BRANCH}\`]`);
  });

  test('an agent that changes nothing opens no pull request and says why', async () => {
    repository('');
    mockClaude().expectMessage(200, textReply('The README is already correct; nothing to change.'));

    expect(await runFixJob(labelled(), deps())).toMatchObject({ status: 'no-change' });

    expect(gh.state.opened).toEqual([]);
    expect(said(1, 'made no change')).toContain('The README is already correct');
  });

  test('the agent works under the repository’s AGENTS.md and CLAUDE.md, as the default branch has them', async () => {
    repository('', {
      'AGENTS.md': 'Run the linter before you finish.\n',
      'CLAUDE.md': 'Keep lines under 80.\n',
    });
    const claude = mockClaude().expectMessage(200, textReply('Nothing to change.'));

    expect(await runFixJob(labelled(), deps())).toMatchObject({ status: 'no-change' });

    const system = String(claude.requests[0]!.system?.[0]?.text ?? claude.requests[0]!.system);
    expect(system).toContain('<instructions path="AGENTS.md">\nRun the linter before you finish.');
    expect(system).toContain('<instructions path="CLAUDE.md">\nKeep lines under 80.');
  });

  test('a label other than fix.label, or a requester who may not write, starts nothing', async () => {
    repository('fix:\n  label: autofix\n');
    const claude = mockClaude();

    expect(await runFixJob(labelled(), deps())).toMatchObject({ status: 'skipped' });
    const stranger = { ...labelled('autofix'), requester: { login: 'octocat', type: 'User' as const } };
    expect(await runFixJob(stranger, deps())).toEqual({
      status: 'skipped',
      reason: 'octocat has no write access',
      said: [],
    });

    expect(claude.requests).toEqual([]);
    expect(gh.state.comments).toEqual([]);
    expect(gh.calls).not.toContain('gitToken');
  });

  test('GitHub refusing the pull request ends the job for good: the agent is not paid for twice', async () => {
    repository(`fix:\n  test_command: '${TEST_COMMAND}'\n`);
    const claude = mockClaude()
      .expectMessage(200, edit('tu_1', 'committ', 'commit'))
      .expectMessage(200, textReply('Fixed.\nCommit: Fix spelling'));
    gh.failNext('createDraftPullRequest', 422);

    const failed = runFixJob(labelled(), deps());

    await expect(failed).rejects.toBeInstanceOf(PermanentJobError);
    await expect(failed).rejects.toThrow('the change was made but could not be published');
    expect(claude.requests).toHaveLength(2);
  });

  test('a task with no model says so and checks nothing out', async () => {
    repository('');
    const outcome = await runFixJob(
      labelled(),
      testJobDeps(gh, { env: {}, dataDir: path.join(root, 'data') }),
    );

    expect(outcome).toMatchObject({ status: 'skipped', reason: 'the server has no ANTHROPIC_API_KEY' });
    expect(said(1, 'cannot work on this')).toContain('no ANTHROPIC_API_KEY');
    expect(git.requests).toEqual([]);
  });
});

describe('the fix job on a pull request, on the GitHub port', () => {
  const fixTheTypo = () =>
    mockClaude()
      .expectMessage(200, edit('tu_1', 'contributting', 'contributing'))
      .expectMessage(200, textReply('Corrected "contributting".\nCommit: Fix a typo in the thank-you line'));

  test('on a same-repo PR the fix is committed to its branch and the thread gets the commit link', async () => {
    const head = pullRequest(false);
    fixTheTypo();

    const outcome = await runFixJob(onPullRequest(), deps());

    const tip = served.refSha('refs/heads/feature');
    expect(outcome).toMatchObject({ status: 'committed', sha: tip, branch: 'feature' });
    expect(served.bareGit('rev-parse', `${tip}^`).trim()).toBe(head);
    expect(said(2, '/commit/')).toContain(`https://github.com/${FULL}/commit/${tip}`);
  });

  test('a PR branch that moves while the agent works is never overwritten: the thread is told to ask again', async () => {
    pullRequest(false);
    served.write({ 'NOTES.md': 'pushed by the author meanwhile\n' });
    const authorsPush = served.commit('Author pushes while Pullwise works');
    mockClaude().expectMessage(200, edit('tu_1', 'contributting', 'contributing'));
    nock(ANTHROPIC)
      .post('/v1/messages')
      .reply(200, () => {
        served.publish(authorsPush, 'feature');
        return textReply('Corrected it.\nCommit: Fix a typo');
      });

    expect(await runFixJob(onPullRequest(), deps())).toMatchObject({
      status: 'head-moved',
      branch: 'feature',
    });

    expect(served.refSha('refs/heads/feature')).toBe(authorsPush);
    expect(said(2, 'did not push')).toContain('`feature` moved on from');
  });

  test('on a fork PR nothing is pushed: the change comes as one review with a committable suggestion', async () => {
    const head = pullRequest(true);
    fixTheTypo();
    const before = refs();

    expect(await runFixJob(onPullRequest(), deps())).toMatchObject({ status: 'suggested', comments: 1 });

    expect(refs()).toBe(before);
    expect(git.requests.filter((r) => r.service === 'git-receive-pack')).toEqual([]);
    const [review] = gh.state.reviews;
    expect(review).toMatchObject({
      commitId: head,
      comments: [{ path: 'README.md', line: 4, side: 'RIGHT' }],
    });
    expect(review!.comments[0]!.body).toContain('```suggestion\nThanks for contributing!\n```');
    expect(review!.body).toContain('comes from a fork');
  });

  test('a fork PR where secrets sit next to the job (the Action) is refused before any checkout', async () => {
    pullRequest(true);

    const outcome = await runFixJob(onPullRequest(), testJobDeps(gh, { runForkCode: false }));

    expect(outcome).toMatchObject({
      status: 'skipped',
      reason: 'fix on a fork pull request, where secrets are present',
    });
    expect(said(2, 'does not run `fix` on a pull request from a fork')).not.toBe('');
    expect(git.requests).toEqual([]);
  });
});
