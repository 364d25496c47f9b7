import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { runReviewJob } from '../../src/jobs/review-job.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { testJobDeps } from '../helpers/job-deps.js';
import { MemoryGitHub } from '../helpers/memory-github.js';
import { FILE_AFTER, HEAD, memoryReviewScenario, reviewPayload } from '../helpers/pull-request-scenario.js';

// `review.on_push`: after the first review of a pull request, what a push gets.

const FULL = 'Codertocat/Hello-World';
const NEXT = '1'.repeat(40);
const payload = (trigger: string, headSha = HEAD) => reviewPayload({ trigger, headSha });
const MAJOR = {
  path: 'src/values.ts',
  line: 6,
  severity: 'major',
  body: 'Division by zero makes v6 Infinity.',
};
const MINOR = {
  path: 'src/values.ts',
  line: 5,
  severity: 'minor',
  body: 'The constant v5 has no unit in its name.',
};
const NIT = { path: 'src/values.ts', line: 4, severity: 'nit', body: 'Trailing comment is stale here.' };

let gh: MemoryGitHub;
beforeEach(() => {
  gh = new MemoryGitHub();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/** The first review, then a push: the PR's head moves to NEXT (same change, so the whole PR is re-read). */
async function firstReviewThenPush(config?: string) {
  memoryReviewScenario(gh, config === undefined ? {} : { config });
  mockClaude().expectReview({ summary: 'First.', comments: [] });
  await runReviewJob(payload('opened'), testJobDeps(gh));
  const repo = gh.repos.get(FULL)!;
  repo.files[NEXT] = { 'src/values.ts': FILE_AFTER };
  gh.pulls.get(`${FULL}#2`)!.head.sha = NEXT;
}

describe('re-reviews after a push', () => {
  test('by default (severe): inline comments from major only, the rest listed in the review body', async () => {
    await firstReviewThenPush();
    mockClaude().expectReview({ summary: 'Second.', comments: [MAJOR, MINOR, NIT] });

    const outcome = await runReviewJob(payload('synchronize', NEXT), testJobDeps(gh));

    expect(outcome).toMatchObject({ status: 'reviewed', comments: 1 });
    const review = gh.state.reviews.at(-1)!;
    expect(review.comments.map((c) => c.line)).toEqual([6]);
    expect(review.body).toContain('Less severe findings on this push');
    expect(review.body).toContain('The constant v5 has no unit in its name.');
    expect(review.body).toContain('Trailing comment is stale here.');
    // Every finding is still in the check run.
    expect(gh.state.checkRuns.at(-1)!.annotations).toHaveLength(3);
    expect(gh.state.checkRuns.at(-1)!.title).toContain('2 less severe in the review body');
  });

  test('the first review, and a review asked for by command, post every finding inline', async () => {
    memoryReviewScenario(gh);
    mockClaude().expectReview({ summary: 'First.', comments: [MAJOR, MINOR] });
    await runReviewJob(payload('opened'), testJobDeps(gh));
    expect(gh.state.reviews.at(-1)!.comments).toHaveLength(2);

    gh.repos.get(FULL)!.files[NEXT] = { 'src/values.ts': FILE_AFTER };
    gh.pulls.get(`${FULL}#2`)!.head.sha = NEXT;
    mockClaude().expectReview({ summary: 'Asked.', comments: [NIT] });
    await runReviewJob({ ...payload('command'), headSha: undefined }, testJobDeps(gh));
    expect(gh.state.reviews.at(-1)!.comments.map((c) => c.line)).toEqual([4]);
  });

  test('on_push: all posts every finding inline after a push', async () => {
    await firstReviewThenPush('review:\n  on_push: all\n');
    mockClaude().expectReview({ summary: 'Second.', comments: [MAJOR, MINOR] });
    await runReviewJob(payload('synchronize', NEXT), testJobDeps(gh));
    expect(gh.state.reviews.at(-1)!.comments).toHaveLength(2);
  });

  test('on_push: off reviews no push after the first review', async () => {
    await firstReviewThenPush('review:\n  on_push: off\n');
    const outcome = await runReviewJob(payload('synchronize', NEXT), testJobDeps(gh));
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'review.on_push is off and the pull request was reviewed before',
    });
    expect(gh.state.reviews).toHaveLength(1);
  });

  test('when the review threads cannot be read, the review is posted anyway and says so', async () => {
    await firstReviewThenPush();
    gh.failNext('reviewThreads', 502);
    mockClaude().expectReview({ summary: 'Second.', comments: [MAJOR] });

    const outcome = await runReviewJob(payload('synchronize', NEXT), testJobDeps(gh));

    expect(outcome).toMatchObject({ status: 'reviewed', comments: 1 });
    expect(gh.state.reviews.at(-1)!.body).toContain('Earlier review threads could not be read');
  });
});
