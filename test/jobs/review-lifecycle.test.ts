import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import { runReviewJob, type ReviewJobOutcome } from '../../src/jobs/review-job.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';
import { testJobDeps } from '../helpers/job-deps.js';
import { reviewPayload } from '../helpers/pull-request-scenario.js';
import { startThreadsGitHub, type StandInThread, type ThreadsGitHub } from '../helpers/threads-github.js';

// The finding lifecycle across a push, through the real Octokit adapter, on a stateful GitHub over a real git
// repository whose REST requests are checked against GitHub's OpenAPI description and GraphQL documents
// against its GraphQL schema. Three findings (a check's, two of the model's) → a push that fixes the check's
// and one of the model's → two replies, two threads resolved, the third untouched, nothing posted again.

const FILE = 'src/app.ts';
const BASE_TEXT = numberedLines(60);
// threads-github serves the one pull request #1.
const payload = (trigger: string, headSha: string) => reviewPayload({ pull_number: 1, trigger, headSha });
const DIVIDE = {
  path: FILE,
  line: 20,
  severity: 'major',
  body: 'Dividing by `count` fails when it is zero.',
};
const NAMING = {
  path: FILE,
  line: 40,
  severity: 'minor',
  body: 'The name `tmp2` says nothing of what it holds.',
};
const RETRY = {
  path: FILE,
  line: 50,
  severity: 'major',
  body: 'The retry loop never gives up on a 4xx answer.',
};

let git: TestRepo;
let gh: ThreadsGitHub;
let firstHead: string;
let base: string;

beforeEach(async () => {
  git = makeRepo();
  git.write(FILE, BASE_TEXT);
  base = git.commit('base');
  git.git('checkout', '--quiet', '-b', 'feature');
  git.write(
    FILE,
    BASE_TEXT.replace('line 10\n', 'debugger;\n')
      .replace('line 20\n', 'line 20 divides\n')
      .replace('line 40\n', 'line 40 tmp2\n')
      .replace('line 50\n', 'line 50 retries\n'),
  );
  firstHead = git.commit('the change');
});
afterEach(async () => {
  expect(gh.errors).toEqual([]);
  await gh.close();
  git.cleanup();
  expect(nock.pendingMocks()).toEqual([]);
});

function deps() {
  const octokit = new ProbotOctokit({
    auth: { token: 'ghs_test' },
    baseUrl: gh.apiUrl,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return testJobDeps(octokitGitHub(octokit));
}
const threadOn = (line: number) => gh.threads.find((t) => t.originalLine === line)!;
const findingId = (thread: StandInThread) => `F${thread.comments[0]!.id}`;

/** The first review: the debugger check's finding and the model's three, one thread each. */
async function firstReview(config?: string) {
  gh = await startThreadsGitHub({
    repoDir: git.dir,
    baseSha: base,
    headSha: firstHead,
    ...(config ? { config } : {}),
  });
  mockClaude().expectReview({ summary: 'Three risks.', comments: [DIVIDE, NAMING, RETRY] });
  const outcome = await runReviewJob(payload('opened', firstHead), deps());
  expect(outcome).toMatchObject({ status: 'reviewed', comments: 4 });
  expect(gh.threads).toHaveLength(4);
}

/** A push that removes the debugger statement, rewrites the division and touches the retry loop. */
function pushFixes(): string {
  git.write(
    FILE,
    BASE_TEXT.replace('line 20\n', 'line 20 guards count\n')
      .replace('line 40\n', 'line 40 tmp2\n')
      .replace('line 50\n', 'line 50 retries, now with a cap\n'),
  );
  const head = git.commit('fix the division');
  gh.push(head);
  return head;
}

describe('the finding lifecycle', () => {
  test('fixed findings get a reply and are resolved; the others stay as they are; nothing is posted again', async () => {
    await firstReview();
    // A person resolves the retry thread before the push: it stays as they left it, whatever changes.
    gh.resolveAsPerson(threadOn(50).id, 'Codertocat');
    const head = pushFixes();
    const claude = mockClaude().expectReview({
      summary: 'The division is guarded now.',
      // The model says the naming problem again, in other words: it is not posted again.
      comments: [{ ...NAMING, body: 'The name `tmp2` says nothing about what it holds here.' }],
      addressed: [{ id: findingId(threadOn(20)), how: 'The division now checks `count` first.' }],
    });

    const outcome = (await runReviewJob(payload('synchronize', head), deps())) as Extract<
      ReviewJobOutcome,
      { status: 'reviewed' }
    >;

    // One review call: the division's finding was shown with its new line; the resolved one was not.
    expect(claude.requests).toHaveLength(1);
    const asked = JSON.stringify(claude.requests[0]!.messages);
    expect(asked).toContain(`[${findingId(threadOn(20))}] ${FILE} (major)`);
    expect(asked).toContain('20: line 20 guards count');
    expect(asked).not.toContain(findingId(threadOn(50)));
    expect(asked).not.toContain(findingId(threadOn(40)));

    const replies = (line: number) =>
      threadOn(line)
        .comments.slice(1)
        .map((c) => c.body);
    expect(replies(10)).toEqual([
      expect.stringMatching(/^Addressed in `[0-9a-f]{7}`: the debug-leftovers check no longer finds it\./),
    ]);
    expect(replies(20)).toEqual([
      expect.stringContaining(
        `Addressed in \`${head.slice(0, 7)}\`: The division now checks \`count\` first.`,
      ),
    ]);
    expect(threadOn(10).isResolved && threadOn(20).isResolved).toBe(true);
    expect(threadOn(40)).toMatchObject({ isResolved: false, comments: [expect.anything()] });
    expect(threadOn(50)).toMatchObject({ isResolved: true, resolvedBy: 'Codertocat' });
    expect(replies(50)).toEqual([]);

    expect(gh.threads).toHaveLength(4);
    expect(outcome).toMatchObject({ comments: 0, threads: { addressed: 2, open: 1 } });
    const second = gh.reviews.at(-1)!;
    expect(second.body).toContain('Earlier findings: 2 addressed, 1 open.');
    expect(gh.checkRuns.at(-1)).toMatchObject({ status: 'completed' });
    const tracking = gh.issueComments.find((c) => c.body.includes('reviewed'))!;
    expect(tracking.body).toContain('earlier findings: 2 addressed, 1 open');
  });

  test('a thread a person answered stays theirs; resolve_addressed: false replies without resolving', async () => {
    await firstReview('review:\n  resolve_addressed: false\n');
    gh.replyAsPerson(threadOn(20).comments[0]!.id, 'Codertocat', 'I will fix this in a follow-up.');
    const head = pushFixes();
    mockClaude().expectReview({ summary: 'ok', comments: [] });

    await runReviewJob(payload('synchronize', head), deps());

    expect(threadOn(20).comments.map((c) => c.user.login)).toEqual(['pullwise[bot]', 'Codertocat']);
    expect(threadOn(10).comments.at(-1)!.body).toContain('Addressed in');
    expect(threadOn(10).isResolved).toBe(false);

    // The next review does not settle the same thread twice.
    git.write(FILE, readFileSync(join(git.dir, FILE), 'utf8').replace('line 30\n', 'line 30 again\n'));
    const third = git.commit('another push');
    gh.push(third);
    mockClaude().expectReview({ summary: 'ok', comments: [] });
    await runReviewJob(payload('synchronize', third), deps());
    expect(threadOn(10).comments).toHaveLength(2);
  });
});
