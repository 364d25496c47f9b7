import type { CommandOutcome } from '../jobs/command-job.js';
import type { FixJobOutcome } from '../jobs/fix-job.js';
import type { ReviewJobOutcome, ReviewReport } from '../jobs/review-job.js';
import { formatUsage } from '../core/review/format-markdown.js';
import { SEVERITIES, type Severity } from '../core/findings/finding.js';
import type { Usage } from '../core/model/usage.js';
import { ANNOTATION_LEVEL } from '../github/check-run.js';
import type { ActionJob } from './action-job.js';

export interface ActionOutputs {
  review_id: string;
  comments: string;
  findings: string;
  pr_number: string;
  branch: string;
  cost_usd: string;
  conclusion: 'success' | 'failure' | 'neutral' | 'skipped';
}

export interface WorkflowAnnotation {
  level: 'failure' | 'warning' | 'notice';
  message: string;
  file: string;
  startLine: number;
  endLine: number;
  title: string;
}

/** What the step reports: its outputs, its job summary, annotations, and why it fails (if it does). */
export interface ActionReport {
  outputs: ActionOutputs;
  summary: string;
  annotations: WorkflowAnnotation[];
  failure?: string;
}

export interface ReportContext {
  job: ActionJob;
  /** `owner/repo` */
  repository: string;
  /** GITHUB_SERVER_URL, for links. */
  serverUrl: string;
  /** The workflow run's own page, linked from the summary. */
  runUrl?: string;
  usage: Usage;
  durationMs: number;
  failOn: Severity | 'none';
}

/** GitHub: "each step is restricted to a maximum size of 1MiB" of job summary; some room is kept for masking. */
const STEP_SUMMARY_ROOM = 1024 * 1024 - 16 * 1024;

type Outcome = ReviewJobOutcome | CommandOutcome | FixJobOutcome | { status: 'none'; reason: string };

/** The step's outputs and job summary for whatever the job did: the same job outcomes the App posts from. */
export function actionReport(outcome: Outcome, context: ReportContext): ActionReport {
  const review = reviewOf(outcome);
  const fix = fixOf(outcome);
  const outputs: ActionOutputs = {
    review_id: review?.status === 'reviewed' ? String(review.reviewId) : '',
    comments: review?.status === 'reviewed' ? String(review.comments) : '0',
    findings: review && review.status !== 'skipped' ? String(findingCount(review.report)) : '0',
    pr_number: prNumber(context.job, fix),
    branch: fix && 'branch' in fix && fix.branch ? fix.branch : '',
    cost_usd: context.usage.costUsd.toFixed(4),
    conclusion: conclusionOf(outcome, review, fix),
  };
  const summaryWith = (findingRoom: number) => {
    const lines: string[] = [`## Pullwise: ${headline(context.job, context.repository)}`, ''];
    if (outcome.status === 'none' || outcome.status === 'skipped') {
      lines.push(`Nothing ran: ${outcome.reason}.`);
    } else if (review && review.status !== 'skipped') {
      lines.push(...reviewSummary(review, context, findingRoom));
    } else if (review) {
      lines.push(`No review: ${review.reason}.`);
    }
    if (fix) lines.push(...fixSummary(fix, context));
    if (outcome.status === 'done' && outcome.reply) lines.push('### Answer', '', outcome.reply, '');
    lines.push(
      '### Cost',
      '',
      `${formatUsage(context.usage)} · ${(context.durationMs / 1000).toFixed(1)} s`,
      ...(context.runUrl ? ['', `[Workflow run](${context.runUrl})`] : []),
    );
    return `${lines.join('\n')}\n`;
  };
  // Every finding is listed when the summary can hold them all; else as many as fit beside the rest of it.
  let summary = summaryWith(Number.POSITIVE_INFINITY);
  if (Buffer.byteLength(summary) > STEP_SUMMARY_ROOM) {
    summary = summaryWith(STEP_SUMMARY_ROOM - Buffer.byteLength(summaryWith(0)));
  }

  const annotations =
    review?.status === 'not-posted'
      ? [
          ...[...review.report.result.comments, ...review.report.result.overflow].map(
            (c): WorkflowAnnotation => ({
              level: ANNOTATION_LEVEL[c.severity],
              message: c.body,
              file: c.path,
              startLine: c.side === 'RIGHT' ? (c.startLine ?? c.line) : c.line,
              endLine: c.line,
              title: `Pullwise: ${c.severity}`,
            }),
          ),
          ...review.report.result.unanchored.map((u): WorkflowAnnotation => ({
            level: ANNOTATION_LEVEL[u.severity],
            message: `${u.body}\n\n(${u.reason})`,
            file: u.path,
            startLine: u.line,
            endLine: u.line,
            title: `Pullwise: ${u.severity}`,
          })),
        ]
      : [];
  const failure =
    review && review.status !== 'skipped' && review.report.conclusion === 'failure'
      ? `Pullwise found ${findingCount(review.report, context.failOn)} finding(s) at or above fail_on (${context.failOn})`
      : undefined;
  return { outputs, summary, annotations, ...(failure ? { failure } : {}) };
}

function reviewOf(outcome: Outcome): ReviewJobOutcome | undefined {
  if (outcome.status === 'reviewed' || outcome.status === 'not-posted') return outcome;
  if (outcome.status === 'done') return outcome.review;
  return undefined;
}

function fixOf(outcome: Outcome): FixJobOutcome | undefined {
  if ('said' in outcome) return outcome;
  if (outcome.status === 'done') return outcome.fix;
  return undefined;
}

function prNumber(job: ActionJob, fix: FixJobOutcome | undefined): string {
  if (fix?.status === 'pull-request') return String(fix.number);
  if (job.type === 'review') return String(job.payload.pull_number);
  if ((job.type === 'command' || job.type === 'fix') && job.payload.isPullRequest) {
    return String(job.payload.issue_number);
  }
  return '';
}

function conclusionOf(
  outcome: Outcome,
  review: ReviewJobOutcome | undefined,
  fix: FixJobOutcome | undefined,
): ActionOutputs['conclusion'] {
  if (outcome.status === 'none' || outcome.status === 'skipped') return 'skipped';
  if (review) return review.status === 'skipped' ? 'skipped' : review.report.conclusion;
  if (fix) {
    if (['pull-request', 'committed', 'suggested'].includes(fix.status)) return 'success';
    if (fix.status === 'skipped') return 'skipped';
    return fix.status === 'no-change' ? 'neutral' : 'failure';
  }
  return 'success';
}

function headline(job: ActionJob, repository: string): string {
  switch (job.type) {
    case 'review':
      return `review of ${repository}#${job.payload.pull_number}`;
    case 'command':
      return `command on ${repository}#${job.payload.issue_number}`;
    case 'fix':
      return job.payload.issue_number !== undefined
        ? `fix for ${repository}#${job.payload.issue_number}`
        : `task on ${repository}`;
    case 'none':
      return repository;
  }
}

function findingCount(report: ReviewReport, atLeast: Severity | 'none' = 'nit'): number {
  const gate = atLeast === 'none' ? SEVERITIES.length - 1 : SEVERITIES.indexOf(atLeast);
  const { comments, overflow, unanchored } = report.result;
  return [...comments, ...overflow, ...unanchored].filter((f) => SEVERITIES.indexOf(f.severity) <= gate)
    .length;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function reviewSummary(
  review: Exclude<ReviewJobOutcome, { status: 'skipped' }>,
  context: ReportContext,
  findingRoom: number,
): string[] {
  const { result, headSha, since } = review.report;
  const lines = [
    review.status === 'reviewed'
      ? `[Review posted](${review.url}) on \`${headSha.slice(0, 7)}\`${since ? ` (changes since \`${since.slice(0, 7)}\`)` : ''}: ${review.comments} inline comment(s). Conclusion: **${review.report.conclusion}** (fail_on: ${context.failOn}).`
      : `The review of \`${headSha.slice(0, 7)}\` is shown here and as annotations, not posted: this run’s token cannot write to the pull request (a pull request from a fork). Conclusion: **${review.report.conclusion}** (fail_on: ${context.failOn}).`,
    '',
  ];
  if (result.model === 'skipped') lines.push(`> ${firstLine(result.summary)}`, '');
  if (review.report.configProblems) lines.push(review.report.configProblems, '');

  // The most severe first: when the summary cannot hold them all, the ones left out are the least severe.
  const findings = [...result.comments, ...result.overflow, ...result.unanchored].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
  lines.push('### Findings', '', '| severity | count |', '| --- | ---: |');
  for (const severity of SEVERITIES) {
    lines.push(`| ${severity} | ${findings.filter((f) => f.severity === severity).length} |`);
  }
  lines.push('');
  if (findings.length > 0) {
    lines.push('| severity | where | finding |', '| --- | --- | --- |');
    // The room is in bytes, as GitHub counts it; the line saying where the rest is comes out of it too.
    let room = findingRoom - 1_024;
    let listed = 0;
    for (const f of findings) {
      const row = `| ${f.severity} | \`${cell(f.path)}:${f.line}\` | ${cell(firstLine(f.body))} |`;
      room -= Buffer.byteLength(row) + 1;
      if (room < 0) break;
      lines.push(row);
      listed++;
    }
    if (listed < findings.length) lines.push(`| | | ${elsewhere(review, findings.length - listed)} |`);
    lines.push('');
  }
  lines.push(
    '### Files',
    '',
    `${result.stats.changedFiles} changed, ${result.stats.reviewedFiles} reviewed by the model, ${result.skipped.length} skipped.`,
    '',
  );
  if (result.skipped.length > 0) {
    lines.push('| skipped file | why |', '| --- | --- |');
    for (const s of result.skipped.slice(0, 100)) lines.push(`| \`${cell(s.path)}\` | ${s.reason} |`);
    lines.push('');
  }
  return lines;
}

/** Where the findings this summary cannot hold are: "…and N more findings: in …". */
function elsewhere(review: Exclude<ReviewJobOutcome, { status: 'skipped' }>, count: number): string {
  const why = 'GitHub limits a step summary to 1 MiB';
  if (review.status === 'not-posted') {
    return `…and ${count} more findings: in this step's annotations, each also a line of its log (${why})`;
  }
  const places = [`[the review](${review.url})`];
  if (review.checkRunUrl) places.push(`the [check run's annotations](${review.checkRunUrl})`);
  review.followUps.forEach((url, i) =>
    places.push(`[follow-up comment${review.followUps.length > 1 ? ` ${i + 1}` : ''}](${url})`),
  );
  return `…and ${count} more findings: in ${places.join(', ')} (${why})`;
}

function fixSummary(fix: FixJobOutcome, context: ReportContext): string[] {
  const lines: string[] = [];
  switch (fix.status) {
    case 'pull-request':
      lines.push(`Draft pull request [#${fix.number}](${fix.url}) from \`${fix.branch}\`.`);
      break;
    case 'committed':
      lines.push(
        `Committed [\`${fix.sha.slice(0, 7)}\`](${context.serverUrl}/${context.repository}/commit/${fix.sha}) to \`${fix.branch}\`.`,
      );
      break;
    case 'suggested':
      lines.push(`Posted the change as ${fix.comments} suggestion(s) (a fork: no push).`);
      break;
    case 'skipped':
      lines.push(`Nothing ran: ${fix.reason}.`);
      break;
    default:
      lines.push(`No pull request: ${fix.status}${fix.branch ? ` (branch \`${fix.branch}\` pushed)` : ''}.`);
  }
  lines.push('');
  for (const text of fix.said) lines.push(text, '');
  return lines;
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
