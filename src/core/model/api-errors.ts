import Anthropic from '@anthropic-ai/sdk';
import { PullwiseError } from '../errors.js';

/** Turns an SDK error (after its retries) into one line a user can act on. */
export function describeApiError(
  error: unknown,
  context: { baseURL: string; retries: number },
): PullwiseError {
  if (error instanceof PullwiseError) return error;
  const where = context.baseURL;
  const cause = { cause: error };
  if (error instanceof Anthropic.APIUserAbortError) {
    return new PullwiseError('the model call was cancelled', 'cancelled', cause);
  }
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new PullwiseError(
      `the model call to ${where} timed out (after ${context.retries} retries)`,
      'timeout',
      cause,
    );
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new PullwiseError(
      `could not reach the Anthropic API at ${where}: ${error.message}`,
      'connection',
      cause,
    );
  }
  if (error instanceof Anthropic.APIError) {
    const detail = apiMessage(error);
    switch (error.status) {
      case 401:
        return new PullwiseError(
          `the Anthropic API rejected the API key (401${detail}); check ANTHROPIC_API_KEY`,
          'auth',
          cause,
        );
      case 403:
        return new PullwiseError(`the Anthropic API refused the request (403${detail})`, 'permission', cause);
      case 404:
        return new PullwiseError(
          `the Anthropic API answered 404${detail}; check the model name and ANTHROPIC_BASE_URL`,
          'not-found',
          cause,
        );
      case 429:
        return new PullwiseError(
          `the Anthropic API kept rate-limiting the review (429 after ${context.retries} retries${detail})`,
          'rate-limit',
          cause,
        );
      case 529:
        return new PullwiseError(
          `the Anthropic API is overloaded (529 after ${context.retries} retries${detail}); try again later`,
          'overloaded',
          cause,
        );
      default:
        if (error.status !== undefined && error.status >= 500) {
          return new PullwiseError(
            `the Anthropic API failed (${error.status} after ${context.retries} retries${detail})`,
            'server',
            cause,
          );
        }
        return new PullwiseError(
          `the Anthropic API rejected the request (${error.status ?? '?'}${detail})`,
          'bad-request',
          cause,
        );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PullwiseError(`the model call failed: ${message}`, 'model', cause);
}

function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: string } } | undefined;
  const message = body?.error?.message;
  return message ? `: ${message}` : '';
}
