import { afterEach, expect, test } from '@jest/globals';
import { CancelFeed } from '../../src/queue/cancel-feed.js';
import { until } from './job-fixture.js';

const feeds: CancelFeed[] = [];
afterEach(() => feeds.splice(0).forEach((feed) => feed.close()));

/** A feed over a store whose flagged jobs the test sets, counting the looks. */
function feedOver(flagged: string[], options: { failLooks?: number } = {}) {
  const state = { looks: 0, failLooks: options.failLooks ?? 0 };
  const feed = new CancelFeed({
    intervalMs: 5,
    look: async () => {
      state.looks += 1;
      if (state.failLooks-- > 0) throw new Error('ECONNREFUSED');
      return [...flagged];
    },
  });
  feeds.push(feed);
  return { feed, state };
}

test('each look announces the ids it did not find the time before', async () => {
  const flagged = ['a'];
  const { feed, state } = feedOver(flagged);
  const heard: string[] = [];
  feed.subscribe((jobId) => heard.push(jobId));
  await until('a few looks', () => state.looks >= 3);
  flagged.push('b');
  const looks = state.looks;
  await until('a few more looks', () => state.looks >= looks + 3);
  expect(heard).toEqual(['a', 'b']);
});

test('a pushed id is announced once more by the next look, in case it overtook the claim of its job', async () => {
  const flagged: string[] = [];
  const { feed, state } = feedOver(flagged);
  const heard: string[] = [];
  feed.subscribe((jobId) => heard.push(jobId));
  await until('a first look', () => state.looks >= 1);
  flagged.push('x');
  feed.announce('x');
  const looks = state.looks;
  await until('a few more looks', () => state.looks >= looks + 3);
  expect(heard).toEqual(['x', 'x']);
});

test('looks that fail are tried again; a throwing listener does not silence the others', async () => {
  const { feed, state } = feedOver(['a'], { failLooks: 2 });
  const heard: string[] = [];
  feed.subscribe(() => {
    throw new Error('listener bug');
  });
  feed.subscribe((jobId) => heard.push(jobId));
  await until('a look succeeds', () => state.looks >= 3 && heard.length > 0);
  expect(heard).toEqual(['a']);
});

test('the store is looked at only while someone listens', async () => {
  const { feed, state } = feedOver([]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(state.looks).toBe(0);
  const stop = feed.subscribe(() => {});
  await until('a look', () => state.looks > 0);
  stop();
  const looks = state.looks;
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(state.looks).toBe(looks);
});
