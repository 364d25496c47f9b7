import { describe, expect, test } from '@jest/globals';
import { readAppEnv } from '../../src/app/app-env.js';

// The App's environment: what each variable turns into, and a clear message for a bad value.

const base = { APP_ID: '1', PRIVATE_KEY: 'key', WEBHOOK_SECRET: 'secret' };
const DAY_MS = 86_400_000;

describe('PULLWISE_JOB_RETENTION_DAYS', () => {
  test('keeps finished jobs 30 days by default, the given days otherwise, for ever with 0', () => {
    expect(readAppEnv(base).jobRetentionMs).toBe(30 * DAY_MS);
    expect(readAppEnv({ ...base, PULLWISE_JOB_RETENTION_DAYS: '7' }).jobRetentionMs).toBe(7 * DAY_MS);
    expect(readAppEnv({ ...base, PULLWISE_JOB_RETENTION_DAYS: '0' }).jobRetentionMs).toBeUndefined();
  });

  test('under 3 days is refused: a redelivery within GitHub’s 3 days must find its job', () => {
    expect(() => readAppEnv({ ...base, PULLWISE_JOB_RETENTION_DAYS: '1' })).toThrow(
      /PULLWISE_JOB_RETENTION_DAYS must be 0 \(keep every job\) or at least 3.*got 1/,
    );
    expect(() => readAppEnv({ ...base, PULLWISE_JOB_RETENTION_DAYS: 'forever' })).toThrow(
      'PULLWISE_JOB_RETENTION_DAYS must be a positive number, got "forever"',
    );
  });
});

describe('PULLWISE_JOB_LEASE_SECONDS', () => {
  test('is 60 s by default, in ms', () => {
    expect(readAppEnv(base).leaseMs).toBe(60_000);
    expect(readAppEnv({ ...base, PULLWISE_JOB_LEASE_SECONDS: '2' }).leaseMs).toBe(2_000);
  });
});
