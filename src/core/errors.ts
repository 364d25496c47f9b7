/**
 * An error whose message is meant for the user as it is: one line that says what went wrong and, where
 * possible, how to fix it. Anything else reaching the top level is a bug and is reported as such.
 */
export class PullwiseError extends Error {
  constructor(
    message: string,
    readonly code: string = 'error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PullwiseError';
  }
}
