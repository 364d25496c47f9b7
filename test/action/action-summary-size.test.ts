import { describe, expect, test } from '@jest/globals';
import { actionReport, type ReportContext } from '../../src/action/action-report.js';
import type { ReviewJobOutcome } from '../../src/jobs/review-job.js';
import type { ReviewResult } from '../../src/core/review/review-result.js';
import { emptyUsage } from '../../src/core/model/usage.js';
import type { ReviewComment } from '../../src/core/findings/finding.js';
import type { UnanchoredFinding } from '../../src/core/review/types.js';
import { findingId, findingIdCounts } from '../helpers/many-findings.js';
import { HEAD } from '../helpers/pull-request-scenario.js';

// GitHub's documented limit this encodes: "each step is restricted to a maximum size of 1MiB" of job summary
// (a bigger one is not shown at all).
const STEP_SUMMARY_LIMIT = 1024 * 1024;
const COUNT = 5_000;
const PR = 'https://github.com/Codertocat/Hello-World/pull/2';

/** 5,000 findings of ~300 characters on their first line: a table of them is about 1.6 MB. */
function bigResult(): ReviewResult {
  const finding = (n: number) => ({
    path: `src/module-${n % 40}.ts`,
    line: n,
    severity: (['critical', 'major', 'minor', 'nit'] as const)[n % 4]!,
    body: `${findingId(n % 10_000)}: ${'the value is never checked before it is used further down; '.repeat(5)}`,
    source: 'model',
  });
  const anchored = (n: number): ReviewComment => ({ ...finding(n), side: 'RIGHT' });
  const outside = (n: number): UnanchoredFinding => ({ ...finding(n), reason: 'outside the diff' });
  return {
    summary: 'Many findings.',
    comments: Array.from({ length: 25 }, (_, i) => anchored(i + 1)),
    overflow: Array.from({ length: COUNT - 125 }, (_, i) => anchored(i + 26)),
    unanchored: Array.from({ length: 100 }, (_, i) => outside(COUNT - 99 + i)),
    skipped: [],
    usage: emptyUsage(),
    model: 'reviewed',
    stats: { changedFiles: 40, reviewedFiles: 40, chunks: 1, changedLines: 9_000, belowThreshold: 0 },
  };
}

const context: ReportContext = {
  job: {
    type: 'review',
    payload: {
      owner: 'Codertocat',
      repo: 'Hello-World',
      pull_number: 2,
      sender: { login: 'Codertocat', type: 'User' },
      trigger: 'opened',
    },
  },
  repository: 'Codertocat/Hello-World',
  serverUrl: 'https://github.com',
  usage: emptyUsage(),
  durationMs: 1,
  failOn: 'none',
};

const rows = (summary: string) => summary.split('\n').filter((line) => /^\| \w+ \| `src\//.test(line));

describe('the job summary of a review with more findings than 1 MiB holds', () => {
  test('a posted review: as many findings as fit, then where the rest is (review, annotations, follow-ups)', () => {
    const result = bigResult();
    const outcome: ReviewJobOutcome = {
      status: 'reviewed',
      reviewId: 900,
      comments: 25,
      headSha: HEAD,
      url: `${PR}#pullrequestreview-900`,
      followUps: [`${PR}#issuecomment-501`, `${PR}#issuecomment-502`],
      checkRunUrl: `${PR}/checks?check_run_id=70`,
      report: { result, conclusion: 'success', headSha: HEAD, durationMs: 1 },
    };
    const { summary, outputs } = actionReport(outcome, context);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    const listed = rows(summary).length;
    expect(listed).toBeGreaterThan(1_000);
    expect(listed).toBeLessThan(COUNT);
    expect(summary).toContain(
      `| | | …and ${COUNT - listed} more findings: in [the review](${PR}#pullrequestreview-900), the [check run's annotations](${PR}/checks?check_run_id=70), [follow-up comment 1](${PR}#issuecomment-501), [follow-up comment 2](${PR}#issuecomment-502) (GitHub limits a step summary to 1 MiB) |`,
    );
    // The most severe are listed, the least severe left to the other places; the rest of the summary is kept.
    expect(rows(summary)[0]).toMatch(/^\| critical \|/);
    expect(rows(summary).at(-1)).toMatch(/^\| (minor|nit) \|/);
    expect(summary).toContain(`| critical | ${COUNT / 4} |`);
    expect(summary).toContain('### Cost');
    expect(outputs.findings).toBe(String(COUNT));
  });

  test('a review not posted (a fork): the summary says the rest are in the step’s annotations, which hold every finding', () => {
    const result = bigResult();
    const { summary, annotations } = actionReport(
      {
        status: 'not-posted',
        headSha: HEAD,
        report: { result, conclusion: 'success', headSha: HEAD, durationMs: 1 },
      },
      context,
    );
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(summary).toContain(
      `| | | …and ${COUNT - rows(summary).length} more findings: in this step's annotations, each also a line of its log (GitHub limits a step summary to 1 MiB) |`,
    );
    expect(annotations).toHaveLength(COUNT);
    expect(findingIdCounts(annotations.map((a) => a.message)).size).toBe(COUNT);
  });

  test('a summary that fits lists every finding', () => {
    const result = bigResult();
    const small = { ...result, overflow: result.overflow.slice(0, 100) };
    const { summary } = actionReport(
      {
        status: 'not-posted',
        headSha: HEAD,
        report: { result: small, conclusion: 'success', headSha: HEAD, durationMs: 1 },
      },
      context,
    );
    expect(rows(summary)).toHaveLength(25 + 100 + 100);
    expect(summary).not.toContain('more findings');
  });
});
