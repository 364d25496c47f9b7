import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import type { GitHub } from '../../src/github/github-port.js';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import { makeRepo, numberedLines, type TestRepo } from './git-repo.js';
import { startThreadsGitHub, type ThreadsGitHub } from './threads-github.js';

const repo = { owner: 'Codertocat', repo: 'Hello-World' };
const FILE = 'src/app.ts';

let git: TestRepo;
let gh: ThreadsGitHub;
let github: GitHub;
let base: string;
let head: string;

beforeEach(async () => {
  git = makeRepo();
  git.write(FILE, numberedLines(60));
  git.write('docs/old.md', numberedLines(10, 'doc'));
  base = git.commit('base');
  git.git('checkout', '--quiet', '-b', 'feature');
  git.write(
    FILE,
    numberedLines(60).replace('line 5\n', 'line 5 changed\n').replace('line 20\n', 'line 20 changed\n'),
  );
  git.git('mv', 'docs/old.md', 'docs/new.md');
  head = git.commit('change lines 5 and 20, rename the doc');
  gh = await startThreadsGitHub({
    repoDir: git.dir,
    baseSha: base,
    headSha: head,
    permissions: { octocat: 'write' },
  });
  // The GHES layout (REST under /api/v3, GraphQL at /api/graphql) exercises both of the stand-in's paths.
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_test' },
    baseUrl: gh.apiUrl,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  github = octokitGitHub(octokit);
});

afterEach(async () => {
  await gh.close();
  git.cleanup();
  expect(gh.errors).toEqual([]);
});

/** A review on the head with one comment on line 5 and one on lines 19–20. */
async function reviewTwoLines() {
  await github.createReview(repo, 1, {
    commitId: head,
    body: 'Two findings.',
    comments: [
      { path: FILE, line: 5, side: 'RIGHT', body: 'Line 5 is wrong.' },
      { path: FILE, start_line: 19, start_side: 'RIGHT', line: 20, side: 'RIGHT', body: 'Lines 19–20 too.' },
    ],
  });
  return (await github.reviewThreads(repo, 1)).map((t) => ({ threadId: t.id, commentId: t.comments[0]!.id }));
}

/** Changes line 5 again and adds three lines after line 10: the 19–20 thread moves down by three. */
function pushFixOfLine5() {
  const lines = numberedLines(60)
    .replace('line 5\n', 'line 5 fixed\n')
    .replace('line 10\n', 'line 10\nnew a\nnew b\nnew c\n')
    .replace('line 20\n', 'line 20 changed\n');
  git.write(FILE, lines);
  gh.push(git.commit('fix line 5'));
}

test('the pull request, its files, compare and contents come from git', async () => {
  const pr = await github.pullRequest(repo, 1);
  expect(pr).toMatchObject({
    number: 1,
    head: { sha: head, ref: 'feature' },
    base: { sha: base, ref: 'main' },
  });
  const files = await github.pullRequestFiles(repo, 1);
  expect(
    files.map(({ filename, status, additions, deletions, changes, previous_filename }) => ({
      filename,
      status,
      additions,
      deletions,
      changes,
      previous_filename,
    })),
  ).toEqual([
    {
      filename: 'docs/new.md',
      status: 'renamed',
      additions: 0,
      deletions: 0,
      changes: 0,
      previous_filename: 'docs/old.md',
    },
    {
      filename: FILE,
      status: 'modified',
      additions: 2,
      deletions: 2,
      changes: 4,
      previous_filename: undefined,
    },
  ]);
  expect(files[1]?.patch).toBe(
    git
      .git('diff', `${base}...${head}`, '--', FILE)
      .replace(/^[^]*?\n(?=@@)/, '')
      .replace(/\n$/, ''),
  );
  expect((await github.compare(repo, base, head))?.status).toBe('ahead');
  expect(await github.compare(repo, base, 'f'.repeat(40))).toBeUndefined();
  expect(await github.fileText(repo, FILE, head)).toBe(git.git('show', `${head}:${FILE}`));
  expect(await github.fileText(repo, 'docs/old.md', head)).toBeNull();
  expect([await github.permission(repo, 'octocat'), await github.permission(repo, 'hubot')]).toEqual([
    'write',
    'read',
  ]);
});

test('each inline comment of a review becomes a thread of the bot on the review’s commit', async () => {
  await reviewTwoLines();
  const threads = await github.reviewThreads(repo, 1);
  expect(threads).toEqual([
    expect.objectContaining({
      isResolved: false,
      isOutdated: false,
      path: FILE,
      diffSide: 'RIGHT',
      line: 5,
      startLine: null,
      originalLine: 5,
      originalStartLine: null,
    }),
    expect.objectContaining({
      isOutdated: false,
      line: 20,
      startLine: 19,
      originalLine: 20,
      originalStartLine: 19,
    }),
  ]);
  expect(threads[0]?.comments).toEqual([
    {
      id: expect.any(Number),
      body: 'Line 5 is wrong.',
      author: { login: 'pullwise[bot]', isBot: true },
      originalCommit: head,
      url: expect.stringMatching(/^https:\/\/github\.com\/Codertocat\/Hello-World\/pull\/1#discussion_r\d+$/),
    },
  ]);
  expect(gh.reviews).toEqual([expect.objectContaining({ body: 'Two findings.', commitId: head })]);
});

test('after a push, a thread whose line changed is outdated and one whose lines moved follows them', async () => {
  await reviewTwoLines();
  pushFixOfLine5();
  const [changed, moved] = await github.reviewThreads(repo, 1);
  expect(changed).toMatchObject({ isOutdated: true, line: null, startLine: null, originalLine: 5 });
  expect(moved).toMatchObject({
    isOutdated: false,
    line: 23,
    startLine: 22,
    originalLine: 20,
    originalStartLine: 19,
  });
  expect((await github.pullRequest(repo, 1)).head.sha).toBe(gh.headSha);
});

test('the App replies and resolves; a person’s reply and resolve show up too', async () => {
  const [first, second] = await reviewTwoLines();
  pushFixOfLine5();
  await github.replyToReviewComment(repo, 1, first!.commentId, 'Fixed in the last push.');
  await github.resolveReviewThread(first!.threadId);
  gh.replyAsPerson(second!.commentId, 'octocat', 'Intended.');
  gh.resolveAsPerson(second!.threadId, 'octocat');
  const threads = await github.reviewThreads(repo, 1);
  expect(threads.map((t) => t.isResolved)).toEqual([true, true]);
  expect(threads.map((t) => t.comments.map((c) => [c.author?.login, c.body]))).toEqual([
    [
      ['pullwise[bot]', 'Line 5 is wrong.'],
      ['pullwise[bot]', 'Fixed in the last push.'],
    ],
    [
      ['pullwise[bot]', 'Lines 19–20 too.'],
      ['octocat', 'Intended.'],
    ],
  ]);
  expect(threads[1]?.comments[1]?.author).toEqual({ login: 'octocat', isBot: false });
  expect(gh.threads.map((t) => t.resolvedBy)).toEqual(['pullwise[bot]', 'octocat']);
});

test('thumbsDown lists the bot’s reacted comment only, each person once', async () => {
  const [first, second] = await reviewTwoLines();
  gh.react(first!.commentId, 'octocat');
  gh.react(first!.commentId, 'octocat');
  gh.react(first!.commentId, 'hubot');
  const reply = gh.replyAsPerson(second!.commentId, 'octocat', 'Intended.');
  gh.react(reply, 'hubot');
  expect(await github.thumbsDown(repo)).toEqual([
    {
      pullNumber: 1,
      comment: expect.objectContaining({
        id: first!.commentId,
        path: FILE,
        author: { login: 'pullwise[bot]', isBot: true },
      }),
      users: ['octocat', 'hubot'],
    },
  ]);
});

test('reviewComment reads one comment by its REST id, null for an unknown one', async () => {
  const [first] = await reviewTwoLines();
  expect(await github.reviewComment(repo, first!.commentId)).toEqual({
    id: first!.commentId,
    body: 'Line 5 is wrong.',
    path: FILE,
    authorIsBot: true,
    url: `https://github.com/Codertocat/Hello-World/pull/1#discussion_r${first!.commentId}`,
  });
  expect(await github.reviewComment(repo, 987654)).toBeNull();
});

test('a review with a comment off the diff is refused with 422, and nothing of it is kept', async () => {
  const review = github.createReview(repo, 1, {
    commitId: head,
    body: 'One finding on the diff, one off it.',
    comments: [
      { path: FILE, line: 5, side: 'RIGHT', body: 'On the diff.' },
      { path: FILE, line: 40, side: 'RIGHT', body: 'Line 40 is not in any hunk.' },
    ],
  });
  await expect(review).rejects.toMatchObject({ status: 422 });
  expect([gh.reviews, gh.threads]).toEqual([[], []]);
});

test('GraphQL for a pull request the stand-in does not have answers errors, and the adapter rejects', async () => {
  await expect(github.reviewThreads(repo, 2)).rejects.toThrow(
    /Could not resolve to a PullRequest with the number of 2/,
  );
});
