import type { GitHub, IssueRef } from './github-port.js';

const PART = /<!-- pullwise:more-findings head=([0-9a-f]{7,64}) part=(\d+) -->/;

/** The hidden marker of one follow-up comment: the reviewed head and which part of the rest it holds. */
export function followUpMarker(headSha: string, part: number): string {
  return `<!-- pullwise:more-findings head=${headSha} part=${part} -->`;
}

/**
 * Ensures the follow-up comments of the review of `headSha`, one per body, in order: each is found again by
 * its hidden marker and updated in place (or left alone), else created, so that a job run again on the same
 * head (a retry after the review failed to post) never posts them twice. Parts beyond `bodies` that an
 * earlier run of the same head left are deleted. Returns the comments' ids, in order.
 */
export async function ensureFollowUpComments(
  github: GitHub,
  target: IssueRef,
  headSha: string,
  bodies: string[],
): Promise<number[]> {
  const existing = await github.comments(target);
  const ids: number[] = [];
  for (const [index, body] of bodies.entries()) {
    const marker = followUpMarker(headSha, index + 1);
    const full = `${body}\n\n${marker}`;
    const found = existing.find((c) => c.body.includes(marker));
    if (found) {
      if (found.body !== full) await github.updateComment(target, found.id, full);
      ids.push(found.id);
    } else {
      ids.push(await github.createComment(target, full));
    }
  }
  for (const comment of existing) {
    const part = PART.exec(comment.body);
    if (part && part[1] === headSha && Number(part[2]) > bodies.length) {
      await github.deleteComment(target, comment.id);
    }
  }
  return ids;
}
