import { redactSecrets } from '../core/checks/redact-secrets.js';
import { formatConfigProblems } from '../core/config/load-config.js';
import { fingerprint } from '../core/findings/fingerprint.js';
import { formatUsage } from '../core/review/format-markdown.js';
import type { ReviewResult } from '../core/review/review-result.js';
import { reviewChangeSet } from '../core/review/run-review.js';
import { completeCheckRun, conclusionFor, startCheckRun } from '../github/check-run.js';
import { composeReviewBody } from '../github/compose-review-body.js';
import { ensureComment } from '../github/ensure-comment.js';
import { Checklist, MARKERS, reportConfigProblems, trackJob } from './job-comments.js';
import { postReview } from '../github/post-review.js';
import { pullRequestChangeSet } from '../github/pull-request-change-set.js';
import { readsOf } from './job-reads.js';
import { formatReviewMarker, parseReviewMarker } from '../github/review-marker.js';
import { knownSecrets, modelForJob, type JobDeps } from './job-deps.js';
import { reviewCheckout } from './review-checkout.js';
import { atLeast, type ReviewComment } from '../core/findings/finding.js';
import { reviewLearnings } from './review-learnings.js';
import { describeOnly } from './describe-job.js';
import { describeWanted, type DescribeOutcome } from './describe-step.js';
import { authorText } from '../github/walkthrough-section.js';
import {
  describeThreads,
  dropOpenRepeats,
  readThreadLifecycle,
  settleAddressed,
  type SettledThreads,
  type ThreadLifecycle,
} from './review-lifecycle.js';
import type { ReviewJobPayload } from '../intake/job-payloads.js';

/** What a review found (only what was not posted on the PR before) and how it ends the check. */
export interface ReviewReport {
  result: ReviewResult;
  conclusion: 'success' | 'failure';
  headSha: string;
  /** Set for an incremental review: only the changes since this reviewed head. */
  since?: string;
  durationMs: number;
  /** The config file's problems, formatted (the review ran on defaults). */
  configProblems?: string;
}

export type ReviewJobOutcome =
  | {
      status: 'reviewed';
      reviewId: number;
      /** Comments posted inline (the rest went into the review body). */
      comments: number;
      headSha: string;
      url: string;
      /** The follow-up comments holding the findings that did not fit in the review body. */
      followUps: string[];
      /** The check run, whose annotations hold every finding (none when the token may not write checks). */
      checkRunUrl?: string;
      /** Pullwise's earlier threads: how many this push addressed (replied, resolved) and how many stay open. */
      threads?: SettledThreads;
      /** The walkthrough, when this review's trigger describes the PR (`triggers.describe`). */
      described?: DescribeOutcome;
      report: ReviewReport;
    }
  /** `canWrite: false`: the review was made but not posted; the caller shows `report`. */
  | { status: 'not-posted'; headSha: string; report: ReviewReport }
  | { status: 'skipped'; reason: string };

/**
 * Reviews a pull request on GitHub: config from the base branch, the diff from the API (only what changed
 * since the last reviewed head, unless history was rewritten), the core review, then ONE review with its
 * inline comments, a check run and a tracking comment. Safe to run twice: a head already reviewed is skipped.
 */
export async function runReviewJob(payload: ReviewJobPayload, deps: JobDeps): Promise<ReviewJobOutcome> {
  const { github, log, signal } = deps;
  const repo = { owner: payload.owner, repo: payload.repo };
  const prRef = { ...repo, pull_number: payload.pull_number };
  const reads = readsOf(deps);
  const pr = await reads.pullRequest(repo, payload.pull_number);
  if (pr.state !== 'open') return { status: 'skipped', reason: 'the pull request is closed' };
  if (payload.headSha && pr.head.sha !== payload.headSha) {
    // A newer push has its own job; reviewing it here would be reviewing twice.
    return { status: 'skipped', reason: `the head moved on from ${payload.headSha.slice(0, 7)}` };
  }

  const { config, problems, path: configPath } = await reads.repoConfig(repo, pr.base.ref);
  deps.onConfig?.(payload.owner, payload.repo, config);
  const manual = payload.trigger === 'command';
  const describe = describeWanted(config, payload.trigger);
  if (!manual) {
    if (!config.triggers.auto_review) {
      if (describe && !pr.draft) await describeOnly(repo, pr, config, deps);
      return { status: 'skipped', reason: 'triggers.auto_review is off' };
    }
    if (pr.draft && !config.triggers.drafts) return { status: 'skipped', reason: 'draft pull request' };
    if (payload.sender.type === 'Bot' && !config.triggers.allow_bots.includes(payload.sender.login)) {
      return { status: 'skipped', reason: `bot ${payload.sender.login} is not in triggers.allow_bots` };
    }
  }
  const issue = { ...repo, issue_number: payload.pull_number };
  const canWrite = deps.canWrite !== false;
  const configProblems = problems.length > 0 ? formatConfigProblems(problems, configPath) : undefined;
  if (configProblems && canWrite) await reportConfigProblems(github, issue, configProblems);

  // Earlier Pullwise reviews: the newest reviewed head and every finding already posted.
  const reviews = await github.reviews(repo, payload.pull_number);
  const markers = reviews.map((r) => parseReviewMarker(r.body)).filter((m) => m !== undefined);
  if (markers.some((m) => m.headSha === pr.head.sha)) {
    return { status: 'skipped', reason: `head ${pr.head.sha.slice(0, 7)} is already reviewed` };
  }
  const posted = new Set(markers.flatMap((m) => m.fingerprints));
  const lastReviewed = markers.at(-1)?.headSha;
  // A push to a PR reviewed before: quieter (review.on_push); a command asks for the whole review.
  const rereview = markers.length > 0 && !manual;
  if (rereview && config.review.on_push === 'off') {
    if (describe) await describeOnly(repo, pr, config, deps);
    return { status: 'skipped', reason: 'review.on_push is off and the pull request was reviewed before' };
  }
  const taught = await reviewLearnings(github, deps.learnings, repo, log);

  const started = Date.now();
  // The check run and the tracking comment are written while the diff is read and reviewed: GitHub paces an
  // installation's writes, and that wait need not hold the review up. Awaited before the review is posted.
  const announce = async (): Promise<number | undefined> => {
    const id = await startCheckRun(github, repo, pr.head.sha);
    if (id === undefined) log.warn({}, 'no check run: the token may not write checks (403)');
    const steps = new Checklist([
      'Read the configuration',
      'Read the diff',
      'Built-in checks and model review',
      'Post the review',
    ]);
    steps.done(0);
    await trackJob(github, issue, MARKERS.reviewTracking, reviewingHeadline(pr.head.sha), steps);
    return id;
  };
  const announced = canWrite ? announce() : Promise.resolve(undefined);
  announced.catch(() => {}); // its failure is met where it is awaited; this keeps it from going unhandled

  try {
    const { change, incremental } = await pullRequestChangeSet(
      github,
      { ...prRef, headSha: pr.head.sha, baseSha: pr.base.sha, title: pr.title, body: authorText(pr.body) },
      { since: lastReviewed },
    );
    const since = incremental && lastReviewed ? lastReviewed : null;
    // Pullwise's own threads from earlier reviews: which the new head may address. Only a re-review has any.
    let lifecycle: ThreadLifecycle | undefined;
    let lifecycleNote: string | undefined;
    if (canWrite && markers.length > 0) {
      try {
        lifecycle = await readThreadLifecycle(
          github,
          repo,
          { number: payload.pull_number, headSha: pr.head.sha },
          change.files,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        log.warn({ err: error }, 'could not read the review threads');
        lifecycleNote = `Earlier review threads could not be read (${error instanceof Error ? error.message : String(error)}); none was resolved this time.`;
      }
    }
    // An earlier attempt made this review and failed to publish it: publish it, without paying again.
    let result = savedReview(deps.checkpoint?.saved, pr.head.sha, since);
    if (result) log.info({ headSha: pr.head.sha }, 'publishing the review an earlier attempt made');
    else {
      result = await makeReview();
      await deps.checkpoint?.save({ kind: 'review', headSha: pr.head.sha, since, result });
    }

    // Never repeat a finding already posted on this PR (lines move between pushes; the fingerprint does not).
    // A finding an open thread stands for is not posted again either, even reworded.
    const notPosted = <T extends ReviewComment | ReviewResult['unanchored'][number]>(list: T[]) => {
      const unseen = list.filter((c) => !posted.has(fingerprint(c)));
      return lifecycle ? dropOpenRepeats(unseen, lifecycle, result.lifecycle?.addressed ?? []) : unseen;
    };
    let fresh = notPosted(result.comments);
    let freshOverflow = notPosted(result.overflow);
    const freshUnanchored = notPosted(result.unanchored);
    // After the first review, a push gets inline comments from `major` only; the rest go in the body.
    let quiet: ReviewComment[] = [];
    if (rereview && config.review.on_push === 'severe') {
      quiet = [...fresh, ...freshOverflow].filter((c) => !atLeast(c.severity, 'major'));
      fresh = fresh.filter((c) => atLeast(c.severity, 'major'));
      freshOverflow = freshOverflow.filter((c) => atLeast(c.severity, 'major'));
    }
    const notes = [taught.note, lifecycleNote].filter(Boolean).join(' ');
    const shown: ReviewResult = {
      ...result,
      summary: notes ? `${result.summary}\n\n${notes}`.trim() : result.summary,
      comments: fresh,
      overflow: freshOverflow,
      unanchored: freshUnanchored,
      ...(quiet.length > 0 ? { quiet } : {}),
    };
    const secrets = knownSecrets(deps.env);
    const redact = (text: string) => redactSecrets(text, secrets);
    async function makeReview(): Promise<ReviewResult> {
      const { model, reason } = modelForJob(config, deps);
      // Where secrets sit next to the job, a fork's code is read but never run, not even in the sandbox.
      const fromFork = pr.head.repoFullName !== pr.base.repoFullName;
      const reviewConfig =
        fromFork && deps.runForkCode === false && config.review.verify_command
          ? { ...config, review: { ...config.review, verify_command: '' } }
          : config;
      const checkout = model
        ? await reviewCheckout(github, pr, reviewConfig, deps)
        : { tools: undefined, verify: undefined, remove: async () => {} };
      try {
        return await reviewChangeSet(change, {
          config,
          model,
          learnings: taught.learnings,
          // A full review also writes the walkthrough's notes: describing then costs one more call.
          walkthroughNotes: describe && !since,
          commandPhrase: config.triggers.phrase,
          ...(lifecycle ? { openFindings: lifecycle.openFindings } : {}),
          modelSkippedReason: reason,
          signal,
          tools: checkout.tools,
          verify: checkout.verify,
          progress: (message) =>
            log.info({ pr: `${repo.owner}/${repo.repo}#${payload.pull_number}` }, message),
        });
      } finally {
        await checkout.remove();
      }
    }
    let scope = incremental && lastReviewed ? `Changes since ${lastReviewed.slice(0, 7)}. ` : '';
    const report: ReviewReport = {
      result: shown,
      conclusion: conclusionFor(shown, config.review.fail_on),
      headSha: pr.head.sha,
      ...(incremental && lastReviewed ? { since: lastReviewed } : {}),
      durationMs: Date.now() - started,
      ...(configProblems ? { configProblems } : {}),
    };
    if (!canWrite) return { status: 'not-posted', headSha: pr.head.sha, report };
    const checkRunId = await announced;
    // Settled before the review is posted: a retry after a failed post finds them settled, not open.
    const threads = lifecycle
      ? await settleAddressed(
          github,
          repo,
          { number: payload.pull_number, headSha: pr.head.sha },
          lifecycle,
          result.lifecycle?.addressed ?? [],
          { resolve: config.review.resolve_addressed, redact, log },
        )
      : undefined;
    const threadLine = describeThreads(threads);
    if (threadLine) scope += `Earlier findings: ${threadLine}. `;
    // The PR's Checks tab opened on this run: where its annotations are shown.
    const checkRunUrl =
      checkRunId === undefined ? undefined : `${pr.htmlUrl}/checks?check_run_id=${checkRunId}`;
    // The walkthrough before the review: a failure here retries the job, which then publishes the saved review.
    let described: DescribeOutcome | undefined;
    if (describe) {
      const findings = fresh.length + freshOverflow.length + quiet.length + freshUnanchored.length;
      const fromReview =
        since || !result.walkthroughNotes
          ? undefined
          : {
              change,
              fileNotes: result.walkthroughNotes,
              ...(findings > 0 && checkRunUrl ? { reviewUrl: checkRunUrl } : {}),
            };
      described = await describeOnly(repo, pr, config, deps, fromReview);
    }
    const marker = formatReviewMarker({
      headSha: pr.head.sha,
      fingerprints: [...fresh, ...freshOverflow, ...quiet, ...freshUnanchored].map(fingerprint),
    });
    let followUps: string[] = [];
    const review = await postReview(github, prRef, {
      headSha: pr.head.sha,
      body: async (refused) => {
        const composed = await composeReviewBody(
          github,
          issue,
          {
            result: shown,
            headSha: pr.head.sha,
            pullRequestUrl: pr.htmlUrl,
            scope,
            marker,
            checkRunUrl,
            redact,
          },
          refused,
        );
        followUps = composed.followUps;
        return composed.body;
      },
      comments: fresh,
      render: redact,
    });

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const totals = `${fresh.length} inline comments, ${freshOverflow.length} over the inline cap, ${quiet.length > 0 ? `${quiet.length} less severe in the review body, ` : ''}${freshUnanchored.length} outside the diff, ${result.skipped.length} files skipped${threadLine ? `; earlier findings: ${threadLine}` : ''}`;
    await completeCheckRun(github, repo, checkRunId, {
      conclusion: report.conclusion,
      title: totals,
      summary: `${await redact(shown.summary)}\n\n${formatUsage(result.usage)}`,
      result: shown,
    });
    await ensureComment(
      github,
      issue,
      MARKERS.reviewTracking,
      `**Pullwise** reviewed \`${pr.head.sha.slice(0, 7)}\` in ${seconds} s: ${totals}.${review.movedToBody ? ` ${review.movedToBody} comments went into the review body (GitHub refused them inline).` : ''}${followUps.length > 0 ? ` What did not fit in the review is in ${followUps.length === 1 ? 'a follow-up comment' : `${followUps.length} follow-up comments`}.` : ''}\n\n<sub>${formatUsage(result.usage)}</sub>`,
    );
    return {
      status: 'reviewed',
      reviewId: review.reviewId,
      comments: review.inline,
      headSha: pr.head.sha,
      url: `${pr.htmlUrl}#pullrequestreview-${review.reviewId}`,
      followUps,
      ...(checkRunUrl ? { checkRunUrl } : {}),
      ...(threads ? { threads } : {}),
      ...(described ? { described } : {}),
      report: { ...report, durationMs: Date.now() - started },
    };
  } catch (error) {
    // A superseded or timed-out job must not leave its check run spinning forever.
    // Whatever failed, the job's own writes end before it does (a retry must not race them).
    const checkRunId = await announced.catch(() => undefined);
    if (signal.aborted) {
      await completeCheckRun(github, repo, checkRunId, {
        conclusion: 'cancelled',
        title: 'Stopped',
        summary: `The review of \`${pr.head.sha.slice(0, 7)}\` stopped: ${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)}.`,
      }).catch((cleanup: unknown) => log.warn({ err: cleanup }, 'could not close the check run'));
    }
    throw error;
  }
}

/** The review a checkpoint holds, when it was made for this head and this range (the same `since`). */
function savedReview(saved: unknown, headSha: string, since: string | null): ReviewResult | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const s = saved as { kind?: unknown; headSha?: unknown; since?: unknown; result?: unknown };
  const result = s.result as Partial<ReviewResult> | undefined;
  const whole =
    Array.isArray(result?.comments) && Array.isArray(result?.overflow) && Array.isArray(result?.unanchored);
  return s.kind === 'review' && s.headSha === headSha && s.since === since && whole
    ? (result as ReviewResult)
    : undefined;
}

function reviewingHeadline(headSha: string): string {
  return `**Pullwise** is reviewing \`${headSha.slice(0, 7)}\`…`;
}
