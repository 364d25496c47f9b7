import { fitBody, GITHUB_BODY_LIMIT } from '../core/review/compose-summary.js';
import {
  FINDING_HEADINGS,
  findingItems,
  formatUsage,
  skippedSection,
} from '../core/review/format-markdown.js';
import { paginateFindings, renderFindingItems } from '../core/review/paginate-findings.js';
import type { ReviewResult } from '../core/review/review-result.js';
import type { ReviewComment } from '../core/findings/finding.js';
import type { GitHub, IssueRef } from './github-port.js';
import { ensureFollowUpComments, followUpMarker } from './follow-up-comments.js';

/** Room kept under GitHub's limit: masking a short credential as "[redacted]" may lengthen a text a little. */
const ROOM = GITHUB_BODY_LIMIT - 1_024;
/** The skipped files folded into the body: a long list must not crowd the findings out. */
const SKIPPED_ROOM = 8_000;
const HEADING_ORDER = Object.values(FINDING_HEADINGS);

export interface ReviewBodyContext {
  /** The review as it is posted (only what was not posted on the PR before). */
  result: ReviewResult;
  headSha: string;
  /** The pull request's `html_url`: a follow-up comment is linked as `<url>#issuecomment-<id>`. */
  pullRequestUrl: string;
  /** "Changes since abc1234." for an incremental review, else empty. */
  scope: string;
  /** The review marker: the body's last line. */
  marker: string;
  /** The check run that holds every finding as an annotation, when there is one. */
  checkRunUrl?: string;
  redact: (text: string) => Promise<string>;
}

export interface ComposedReviewBody {
  body: string;
  /** Links to the follow-up comments holding what did not fit, in order (none when everything fit). */
  followUps: string[];
}

/**
 * The review body within GitHub's 65,536 characters ("body is too long" beyond): the summary, then the
 * findings that are not inline (those GitHub refused inline, those outside the diff, those over the
 * inline-comment cap), the most severe first, as many as fit. The rest go into follow-up comments, each
 * within the same limit and posted once per head, and the body says where they are: there and in the check
 * run's annotations, which hold every finding.
 */
export async function composeReviewBody(
  github: GitHub,
  issue: IssueRef,
  context: ReviewBodyContext,
  refused: ReviewComment[] = [],
): Promise<ComposedReviewBody> {
  const { result, redact } = context;
  const items = await Promise.all(
    findingItems(result, refused).map(async (item) => ({ ...item, text: await redact(item.text) })),
  );
  const tail = await redact(
    [skippedSection(result.skipped, SKIPPED_ROOM), `<sub>${formatUsage(result.usage)}</sub>`]
      .filter(Boolean)
      .join('\n\n'),
  );
  const longestUrl = commentUrl(context, '9'.repeat(20));
  const pointerRoom = (pages: number) =>
    pointer(items.length, context, Array<string>(pages).fill(longestUrl)).length + 2;
  // A long summary is cut before the findings are crowded out of the body entirely.
  const head = fitBody(
    await redact(
      ['### Pullwise review', context.scope.trim(), result.summary || '_No summary._']
        .filter(Boolean)
        .join('\n\n'),
    ),
    Math.max(2_000, ROOM - tail.length - context.marker.length - pointerRoom(5) - 4_000),
  );
  const fixed = head.length + tail.length + context.marker.length + 4 * 2; // and the blank lines between
  const pageRoom =
    ROOM - pageHeader(context, 999, 999).length - followUpMarker(context.headSha, 999).length - 2;
  const layout = paginateFindings(items, { bodyRoom: ROOM - fixed, pageRoom, pointerRoom });

  let followUps: string[] = [];
  if (layout.pages.length > 0) {
    const pages = layout.pages.map(
      (page, index) =>
        `${pageHeader(context, index + 1, layout.pages.length)}\n\n${renderFindingItems(page, HEADING_ORDER)}`,
    );
    const ids = await ensureFollowUpComments(github, issue, context.headSha, pages);
    followUps = ids.map((id) => commentUrl(context, String(id)));
  }
  const rest = items.length - layout.inBody.length;
  const body = [
    head,
    rest > 0 ? pointer(rest, context, followUps) : '',
    renderFindingItems(layout.inBody, HEADING_ORDER),
    tail,
    context.marker,
  ]
    .filter(Boolean)
    .join('\n\n');
  return { body, followUps };
}

/** "N more findings: in the check run's annotations and in <the follow-up comment>". */
function pointer(count: number, context: ReviewBodyContext, followUps: string[]): string {
  const places: string[] = [];
  if (context.checkRunUrl) places.push(`the [check run's annotations](${context.checkRunUrl})`);
  if (followUps.length === 1) places.push(`[a follow-up comment](${followUps[0]})`);
  else if (followUps.length > 1) {
    places.push(`the follow-up comments ${followUps.map((url, i) => `[${i + 1}](${url})`).join(', ')}`);
  }
  return `**${count} more findings**: in ${places.join(' and in ')} (GitHub limits a review body to 65,536 characters).`;
}

function pageHeader(context: ReviewBodyContext, part: number, parts: number): string {
  const which = parts > 1 ? ` (${part} of ${parts})` : '';
  const annotations = context.checkRunUrl
    ? ` The [check run's annotations](${context.checkRunUrl}) hold every finding too.`
    : '';
  return `### Pullwise review of \`${context.headSha.slice(0, 7)}\`: more findings${which}\n\nWhat did not fit in the review (GitHub limits a review body to 65,536 characters).${annotations}`;
}

function commentUrl(context: ReviewBodyContext, id: string): string {
  return `${context.pullRequestUrl}#issuecomment-${id}`;
}
