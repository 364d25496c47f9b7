import { expect } from '@jest/globals';
import { PullwiseError } from '../../src/core/errors.js';

/** The PullwiseError `promise` rejects with; the test fails if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<PullwiseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PullwiseError);
    return error as PullwiseError;
  }
  throw new Error('expected the call to fail');
}
