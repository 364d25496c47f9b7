import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import type { GitHubStandIn } from '../helpers/github-stand-in.js';
import {
  eachFindingOnce,
  FINDING_COUNT,
  findingIdCounts,
  isFollowUp,
  manyFindingsReview,
  startManyFilesGitHub,
  type ManyFilesGitHubState,
} from '../helpers/many-findings.js';
import { HEAD, pullRequest } from '../helpers/pull-request-scenario.js';
import { until } from '../helpers/until.js';

// A pull request whose review has 600 findings: more than one review body holds. GitHub's documented limits
// this encodes: a review or comment body is at most 65,536 characters ("body is too long"); a check-run
// request carries at most 50 annotations ("No more than 50 items are allowed"), more go in further updates.
const BODY_LIMIT = 65_536;
const ANNOTATIONS_PER_REQUEST = 50;

let app: TestApp | undefined;
let gh: GitHubStandIn | undefined;
afterEach(async () => {
  await app?.stop();
  await gh?.close();
  app = gh = undefined;
  expect(nock.pendingMocks()).toEqual([]);
});

test('600 findings: every one is in the review or a follow-up comment, and each is an annotation; a run again on the same head posts no follow-up twice', async () => {
  // The first review POST fails after the follow-up comments are posted: the retried job finds them again.
  const state: ManyFilesGitHubState = { reviews: [], comments: [], checkRuns: [], failReviews: [500] };
  gh = await startManyFilesGitHub(state);
  const review = manyFindingsReview();
  const claude = mockClaude().expectReview(review);
  app = await startTestApp({ apiBaseUrl: gh.apiUrl });
  await app.send('pull_request', payload('pull_request', 'opened'));
  await until(async () => (await app!.server.queue.counts()).done === 1, 'the review job');
  await app.server.worker.idle();
  expect(state.failReviews).toEqual([]); // the first attempt failed, the second posted
  expect(claude.requests).toHaveLength(1); // the retry published the review the first attempt made
  expect(gh.errors).toEqual([]);

  // One review, within GitHub's body limit, its 25 inline comments and a body that says where the rest is.
  expect(state.reviews).toHaveLength(1);
  const [posted] = state.reviews;
  expect(posted!.comments).toHaveLength(25);
  expect(posted!.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  const followUps = state.comments.filter((c) => isFollowUp(c.body));
  expect(followUps.length).toBeGreaterThan(1);
  for (const comment of followUps) expect(comment.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  const inFollowUps = findingIdCounts(followUps.map((c) => c.body));
  const links = followUps.map((c, i) => `[${i + 1}](${pullRequest().html_url}#issuecomment-${c.id})`);
  expect(posted!.body).toContain(
    `**${[...inFollowUps.values()].length} more findings**: in the [check run's annotations](${pullRequest().html_url}/checks?check_run_id=70) and in the follow-up comments ${links.join(', ')}`,
  );

  // Every finding exactly once across the inline comments, the review body and the follow-up comments.
  const inReview = [...posted!.comments.map((c) => c.body), posted!.body];
  expect(findingIdCounts([...inReview, ...followUps.map((c) => c.body)])).toEqual(eachFindingOnce());

  // And every finding exactly once in the check run's annotations, sent 50 per request.
  const checkUpdates = gh.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/check-runs/'));
  const batches = checkUpdates.map(
    (r) => (r.body as { output?: { annotations?: Array<{ message: string }> } }).output?.annotations ?? [],
  );
  expect(batches.map((b) => b.length)).toEqual(
    Array<number>(FINDING_COUNT / ANNOTATIONS_PER_REQUEST).fill(ANNOTATIONS_PER_REQUEST),
  );
  expect(findingIdCounts(batches.flat().map((a) => a.message))).toEqual(eachFindingOnce());
  expect((checkUpdates.at(-1)!.body as { status?: string }).status).toBe('completed');

  // The follow-up comments were posted once: the retried attempt found them by their markers.
  const followUpPosts = gh.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith('/issues/2/comments') && isFollowUp(JSON.stringify(r.body)),
  );
  expect(followUpPosts).toHaveLength(followUps.length);

  // A redelivered event on the same head: nothing more is posted.
  const before = { comments: state.comments.length, requests: gh.requests.length };
  await app.send('pull_request', payload('pull_request', 'opened'));
  await until(async () => (await app!.server.queue.counts()).done === 2, 'the second job');
  await app.server.worker.idle();
  expect(state.comments).toHaveLength(before.comments);
  expect(state.reviews).toHaveLength(1);
  expect(gh.requests.slice(before.requests).filter((r) => r.method !== 'GET')).toEqual([]);
  expect(state.checkRuns[0]!.head_sha).toBe(HEAD);
}, 60_000);

test('a review GitHub refuses inline (422) is posted again with all 600 findings in its body and the follow-up comments, updated in place', async () => {
  const state: ManyFilesGitHubState = { reviews: [], comments: [], checkRuns: [], failReviews: [422] };
  gh = await startManyFilesGitHub(state);
  mockClaude().expectReview(manyFindingsReview());
  app = await startTestApp({ apiBaseUrl: gh.apiUrl });
  await app.send('pull_request', payload('pull_request', 'opened'));
  await until(async () => (await app!.server.queue.counts()).done === 1, 'the review job');
  await app.server.worker.idle();
  expect(gh.errors).toEqual([]);

  const [posted] = state.reviews;
  expect(posted!.comments).toEqual([]);
  expect(posted!.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  expect(posted!.body).toContain('#### Findings GitHub could not place on the diff');
  const followUps = state.comments.filter((c) => isFollowUp(c.body));
  for (const comment of followUps) expect(comment.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  expect(findingIdCounts([posted!.body, ...followUps.map((c) => c.body)])).toEqual(eachFindingOnce());
  // Laid out twice (before and after the refusal), posted once: the second layout edits the same comments.
  const followUpPosts = gh.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith('/issues/2/comments') && isFollowUp(JSON.stringify(r.body)),
  );
  expect(followUpPosts).toHaveLength(followUps.length);
  const edits = gh.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/issues/comments/'));
  expect(edits.filter((r) => isFollowUp(JSON.stringify(r.body))).length).toBeGreaterThan(0);
}, 60_000);
