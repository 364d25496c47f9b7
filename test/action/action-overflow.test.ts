import { afterEach, expect, test } from '@jest/globals';
import { runActionBundle } from '../helpers/action-runner.js';
import { submitReviewReply, startClaudeStandIn, type ClaudeStandIn } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import type { GitHubStandIn } from '../helpers/github-stand-in.js';
import {
  eachFindingOnce,
  findingIdCounts,
  isFollowUp,
  manyFindingsReview,
  startManyFilesGitHub,
  type ManyFilesGitHubState,
} from '../helpers/many-findings.js';

// The bundled Action (dist/index.js) on a pull request whose review has 600 findings. GitHub's documented
// limits this encodes: a review or comment body is at most 65,536 characters; a check-run request carries
// at most 50 annotations; a step's job summary is at most 1 MiB.
const BODY_LIMIT = 65_536;
const STEP_SUMMARY_LIMIT = 1024 * 1024;

let gh: GitHubStandIn | undefined;
let claude: ClaudeStandIn | undefined;
afterEach(async () => {
  await gh?.close();
  await claude?.close();
  gh = claude = undefined;
});

test('600 findings through the Action: the review, its follow-up comments and the annotations hold them all; the job summary lists them within 1 MiB', async () => {
  const state: ManyFilesGitHubState = { reviews: [], comments: [], checkRuns: [], failReviews: [] };
  gh = await startManyFilesGitHub(state);
  claude = await startClaudeStandIn([{ status: 200, body: submitReviewReply(manyFindingsReview()) }]);
  const run = await runActionBundle({
    eventName: 'pull_request',
    payload: payload('pull_request', 'opened'),
    inputs: { anthropic_api_key: 'sk-ant-action-test-key-123', github_token: 'ghs_workflow_token_for_tests' },
    apiUrl: gh.apiUrl,
    claudeUrl: claude.url,
    // Octokit's throttling paces writes as GitHub asks (a second apart, comments three): some 20 of them.
    timeoutMs: 90_000,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(gh.errors).toEqual([]);

  const [review] = state.reviews;
  expect(review!.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  const followUps = state.comments.filter((c) => isFollowUp(c.body));
  expect(followUps.length).toBeGreaterThan(0);
  for (const comment of followUps) expect(comment.body.length).toBeLessThanOrEqual(BODY_LIMIT);
  expect(
    findingIdCounts([...review!.comments.map((c) => c.body), review!.body, ...followUps.map((c) => c.body)]),
  ).toEqual(eachFindingOnce());
  const annotations = gh.requests
    .filter((r) => r.method === 'PATCH' && r.path.includes('/check-runs/'))
    .map(
      (r) => (r.body as { output?: { annotations?: Array<{ message: string }> } }).output?.annotations ?? [],
    );
  expect(annotations.every((batch) => batch.length <= 50)).toBe(true);
  expect(findingIdCounts(annotations.flat().map((a) => a.message))).toEqual(eachFindingOnce());

  expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
  expect(findingIdCounts([run.summary])).toEqual(eachFindingOnce());
  expect(run.outputs).toMatchObject({ comments: '25', findings: '600' });
}, 120_000);
