import { renderCommentBody } from '../core/review/format-markdown.js';
import { fitBody } from '../core/review/compose-summary.js';
import type { ReviewComment } from '../core/findings/finding.js';
import type { PullRef } from './client.js';
import type { GitHub, InlineComment } from './github-port.js';
import { fingerprint } from '../core/findings/fingerprint.js';
import { formatFindingMarker } from './review-marker.js';

export interface PostedReview {
  reviewId: number;
  inline: number;
  /** Comments GitHub refused inline (422) and that went into the review body instead. */
  movedToBody: number;
}

/**
 * Posts ONE review (event COMMENT, never APPROVE) with all inline comments in the same request. Comments are
 * anchored with line/side/start_line/start_side — GitHub's deprecated `position` is never used. If GitHub still
 * answers 422 (e.g. the head moved and a line no longer resolves), the review is posted again with those
 * comments written into its body: nothing is lost, and it is still one review. `body` may be a function of the
 * comments GitHub refused inline (none on the first try), for a caller that lays the body out itself.
 */
export async function postReview(
  github: GitHub,
  pr: PullRef,
  review: {
    headSha: string;
    body: string | ((refused: ReviewComment[]) => Promise<string>);
    comments: ReviewComment[];
    render?: (text: string) => Promise<string>;
  },
): Promise<PostedReview> {
  const render = review.render ?? (async (text: string) => text);
  const comments: InlineComment[] = await Promise.all(
    review.comments.map(async (c) => ({
      path: c.path,
      line: c.line,
      side: c.side,
      ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: c.startSide ?? c.side } : {}),
      // The marker is added after rendering: the redaction never sees (or changes) it.
      body: `${await render(renderCommentBody(c))}\n\n${formatFindingMarker({ fingerprint: fingerprint(c), source: c.source, severity: c.severity })}`,
    })),
  );
  const compose = review.body;
  const body = typeof compose === 'string' ? compose : await compose([]);
  try {
    const reviewId = await github.createReview(pr, pr.pull_number, {
      commitId: review.headSha,
      body,
      comments,
    });
    return { reviewId, inline: comments.length, movedToBody: 0 };
  } catch (error) {
    if ((error as { status?: number }).status !== 422 || comments.length === 0) throw error;
    let withRefused;
    if (typeof compose === 'string') {
      const moved = comments.map(
        (c) => `#### \`${c.path}:${c.start_line ? `${c.start_line}-` : ''}${c.line}\`\n\n${c.body}`,
      );
      withRefused = fitBody(
        `${compose}\n\n#### Findings GitHub could not place on the diff\n\n${moved.join('\n\n')}`,
      );
    } else {
      withRefused = await compose(review.comments);
    }
    const reviewId = await github.createReview(pr, pr.pull_number, {
      commitId: review.headSha,
      body: withRefused,
    });
    return { reviewId, inline: 0, movedToBody: comments.length };
  }
}
