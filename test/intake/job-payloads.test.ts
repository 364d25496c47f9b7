import { describe, expect, test } from '@jest/globals';
import { answerTarget, JOB_PAYLOADS } from '../../src/intake/job-payloads.js';
import { jobForEvent } from '../../src/intake/job-for-event.js';
import { payload } from '../helpers/github-mock.js';

// Every job intake makes from GitHub's example webhooks passes its own type's schema, so the worker's check
// refuses only what intake would never write.

const triggers = () => ({ phrase: '@pullwise' });

function commentEvent(name: 'issue_comment' | 'pull_request_review_comment', body: string) {
  const event = payload(name, 'created');
  event.comment.body = body;
  return event;
}

describe('job payloads', () => {
  test.each([
    ['pull_request', payload('pull_request', 'opened')],
    ['issue_comment', commentEvent('issue_comment', '@pullwise ask why?')],
    ['pull_request_review_comment', commentEvent('pull_request_review_comment', '@pullwise fix it')],
    ['issues', { ...payload('issues', 'labeled'), label: { name: 'pullwise:fix' } }],
  ])('what intake makes of %s passes its schema', (name, event) => {
    const job = jobForEvent(name, event, 'delivery-1', triggers);
    expect(job).toBeDefined();
    const parsed = JOB_PAYLOADS[job!.type].safeParse(job!.payload);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(job!.payload);
  });

  test.each([
    ['a number as a string', { pull_number: '2' }, /pull_number/],
    ['no sender', { sender: undefined }, /sender/],
    ['an unknown reply target', { replyTo: { kind: 'email' } }, /replyTo/],
  ])('a review payload with %s is refused, naming the field', (_what, change, field) => {
    const job = jobForEvent('pull_request', payload('pull_request', 'opened'), 'delivery-2', triggers)!;
    const parsed = JOB_PAYLOADS.review.safeParse({ ...(job.payload as object), ...change });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error!.issues.map((i) => i.path))).toMatch(field);
  });

  test('a dead job is answered where its payload says, even when the payload is otherwise invalid', () => {
    expect(answerTarget({ owner: 'o', repo: 'r', pull_number: 3, sender: 42 })).toEqual({
      owner: 'o',
      repo: 'r',
      target: { kind: 'issue', issue_number: 3 },
    });
    const thread = { kind: 'review-thread', pull_number: 3, comment_id: 9 } as const;
    expect(answerTarget({ owner: 'o', repo: 'r', issue_number: 3, replyTo: thread })?.target).toEqual(thread);
    expect(answerTarget({ owner: 'o', repo: 'r', pull_number: 'three' })).toBeUndefined();
    expect(answerTarget({ repo: 'r', pull_number: 3 })).toBeUndefined();
    expect(answerTarget('not an object')).toBeUndefined();
  });
});
