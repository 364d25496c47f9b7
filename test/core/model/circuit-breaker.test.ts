import { describe, expect, test } from '@jest/globals';
import { CircuitBreaker, type CircuitState } from '../../../src/core/model/circuit-breaker.js';

/** A breaker on a fake clock: `advance` moves time and fires the breaker's wake-up timer. */
function breaker(threshold = 3) {
  let now = 0;
  const states: CircuitState[] = [];
  const b = new CircuitBreaker({
    failureThreshold: threshold,
    openMs: 1_000,
    maxOpenMs: 4_000,
    now: () => now,
    onStateChange: (state) => states.push(state),
  });
  return { b, states, advance: (ms: number) => (now += ms) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('CircuitBreaker', () => {
  test('stays closed through fewer failures in a row than the threshold; a success resets the count', async () => {
    const { b, states } = breaker(3);
    b.failed('529');
    b.failed('529');
    b.succeeded();
    b.failed('529');
    b.failed('529');
    expect(b.status).toBe('closed');
    expect(states).toEqual([]);
    await b.acquire();
  });

  test('opens after the threshold: calls wait (not fail), one probes after the cool-down, success lets all go', async () => {
    const { b, states, advance } = breaker(2);
    b.failed('529');
    b.failed('529');
    expect(b.status).toBe('open');
    const first = b.acquire();
    const second = b.acquire();
    expect(await settled(first)).toBe(false);
    advance(1_000);
    b['wake'](); // what the breaker's own timer does after openMs
    expect(await settled(first)).toBe(true); // the probe
    expect(await settled(second)).toBe(false); // waits for the probe's verdict
    b.succeeded();
    expect(await settled(second)).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  test('a failed probe opens it again for twice as long, up to the maximum', async () => {
    const { b, advance } = breaker(1);
    b.failed('503');
    advance(1_000);
    await b.acquire(); // probe
    b.failed('503');
    expect(b.status).toBe('open');
    advance(1_000);
    expect(await settled(b.acquire())).toBe(false); // still open: 2 s now
    advance(1_000);
    b['wake']();
    await b.acquire();
    b.failed('503');
    advance(4_000);
    await b.acquire(); // capped at 4 s
    b.succeeded();
    expect(b.status).toBe('closed');
  });

  test('a wake-up timer firing before the clock reaches the end of the cool-down does not strand the callers', async () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, openMs: 20, maxOpenMs: 100, now: () => now });
    b.failed('529');
    const waiting = b.acquire();
    // The timer fires while the breaker's clock says 5 ms remain (Node's timers and Date.now() can disagree).
    now = 15;
    await sleep(60);
    expect(await settled(waiting)).toBe(false);
    now = 20;
    await sleep(60);
    expect(await settled(waiting)).toBe(true);
  });

  test('waiting ends when the job is cancelled', async () => {
    const { b } = breaker(1);
    b.failed('connection');
    const controller = new AbortController();
    const waiting = b.acquire(controller.signal);
    controller.abort(new Error('superseded'));
    await expect(waiting).rejects.toThrow('superseded');
  });
});
