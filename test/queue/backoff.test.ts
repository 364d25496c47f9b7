import { describe, expect, test } from '@jest/globals';
import { backoffDelay } from '../../src/queue/backoff.js';

const options = { baseMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  test.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [40, 1000],
  ])('after attempt %d the cap is %d ms and the delay lies in [cap/2, cap]', (attempt, cap) => {
    expect(backoffDelay(attempt, options, () => 0)).toBe(cap / 2);
    expect(backoffDelay(attempt, options, () => 1)).toBe(cap);
    expect(backoffDelay(attempt, options, () => 0.5)).toBe((cap * 3) / 4);
  });

  test('uses Math.random when no source is given and stays within bounds', () => {
    for (let i = 0; i < 50; i += 1) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});
