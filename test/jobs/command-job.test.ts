import { instructionCandidates } from '../../src/core/config/instruction-files.js';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { runCommandJob } from '../../src/jobs/command-job.js';
import type { CommandJobPayload } from '../../src/intake/job-payloads.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { testJobDeps } from '../helpers/job-deps.js';
import { MemoryGitHub } from '../helpers/memory-github.js';
import { memoryReviewScenario } from '../helpers/pull-request-scenario.js';

const command = (body: string, login = 'Codertocat'): CommandJobPayload => ({
  owner: 'Codertocat',
  repo: 'Hello-World',
  issue_number: 2,
  isPullRequest: true,
  commentBody: body,
  commenter: { login, type: 'User' },
  replyTo: { kind: 'issue', issue_number: 2 },
});

let gh: MemoryGitHub;
beforeEach(() => {
  gh = new MemoryGitHub();
  memoryReviewScenario(gh, { config: 'triggers:\n  phrase: "/bot"\n' });
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

const count = (method: string) => gh.calls.filter((c) => c === method).length;

describe('commands, on the GitHub port', () => {
  test('`review` reads the PR and the config once for the command and the review it starts', async () => {
    mockClaude().expectReview({ summary: 'Fine.', comments: [] });

    const outcome = await runCommandJob(command('/bot review'), testJobDeps(gh));

    expect(outcome).toMatchObject({ status: 'done', command: 'review', review: { status: 'reviewed' } });
    expect(count('pullRequest')).toBe(1);
    // The config once; the other reads are the changed file's content at the head, .gitattributes, and the
    // instruction files on the base (AGENTS.md, CLAUDE.md, Copilot's, src/AGENTS.md).
    expect(gh.calls.filter((c) => c === 'fileText')).toHaveLength(
      3 + instructionCandidates(['src/values.ts']).length,
    );
    expect(gh.state.reviews).toHaveLength(1);
  });

  test('a commenter without write access gets the configured line and nothing runs', async () => {
    const outcome = await runCommandJob(command('/bot review', 'octocat'), testJobDeps(gh));

    expect(outcome).toEqual({ status: 'skipped', reason: 'octocat has no write access' });
    expect(gh.commentsOn(2).map((c) => c.body)).toEqual([
      'Only collaborators with write access can ask Pullwise to run.',
    ]);
    expect(gh.state.reviews).toEqual([]);
  });

  test('the repository’s own phrase is the one heard: the default one is not a command there', async () => {
    const outcome = await runCommandJob(command('@pullwise review'), testJobDeps(gh));

    expect(outcome).toEqual({ status: 'skipped', reason: 'the comment does not start with /bot' });
    expect(gh.state.comments).toEqual([]);
  });

  test('an unknown command is answered with the help, in the thread it came from', async () => {
    const payload = {
      ...command('/bot frobnicate'),
      replyTo: { kind: 'review-thread', pull_number: 2, comment_id: 77 } as const,
    };

    const outcome = await runCommandJob(payload, testJobDeps(gh));

    expect(outcome).toEqual({ status: 'done', command: 'unknown' });
    const [reply] = gh.state.comments;
    expect(reply).toMatchObject({ inReplyTo: 77 });
    expect(reply!.body).toMatch(/^Unknown command `frobnicate`[\s\S]*`\/bot ask <question>`/);
  });

  test('a GitHub failure while reading is thrown for the queue to retry, nothing half-written', async () => {
    gh.failNext('permission', 502);

    await expect(runCommandJob(command('/bot review'), testJobDeps(gh))).rejects.toMatchObject({
      status: 502,
    });
    expect(gh.state).toEqual({
      comments: [],
      reviews: [],
      checkRuns: [],
      opened: [],
      threads: [],
      labels: {},
    });
  });
});
