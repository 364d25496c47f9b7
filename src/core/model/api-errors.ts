import Anthropic from '@anthropic-ai/sdk';
import { PullwiseError } from '../errors.js';
import { cloudApiError, credentialProblem, type ApiErrorContext } from './cloud-errors.js';
import { PLATFORM_NAMES, type Platform } from './platform.js';

const AUTH_HINTS: Record<Platform['provider'], string> = {
  anthropic: 'check ANTHROPIC_API_KEY',
  bedrock:
    'check the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the role)',
  vertex: 'check the Google credentials (GOOGLE_APPLICATION_CREDENTIALS or the workload identity)',
};

/** Turns an SDK error (after its retries) into one line a user can act on. */
export function describeApiError(error: unknown, context: ApiErrorContext): PullwiseError {
  if (error instanceof PullwiseError) return error;
  const { where, retries } = context;
  const name = PLATFORM_NAMES[context.platform.provider];
  const cause = { cause: error };
  if (error instanceof Anthropic.APIUserAbortError) {
    return new PullwiseError('the model call was cancelled', 'cancelled', cause);
  }
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new PullwiseError(
      `the model call to ${where} timed out (after ${retries} retries)`,
      'timeout',
      cause,
    );
  }
  if (error instanceof Anthropic.APIConnectionError) {
    const credentials = credentialProblem(error, context);
    if (credentials) return new PullwiseError(credentials, 'auth', cause);
    return new PullwiseError(`could not reach ${name} at ${where}: ${error.message}`, 'connection', cause);
  }
  if (error instanceof Anthropic.APIError) {
    const detail = apiMessage(error);
    const cloud = cloudApiError(error, detail, context);
    if (cloud) return new PullwiseError(cloud.message, cloud.code, cause);
    switch (error.status) {
      case 401:
        return new PullwiseError(
          `${name} rejected the ${context.platform.provider === 'anthropic' ? 'API key' : 'credentials'} ` +
            `(401${detail}); ${AUTH_HINTS[context.platform.provider]}`,
          'auth',
          cause,
        );
      case 403:
        return new PullwiseError(`${name} refused the request (403${detail})`, 'permission', cause);
      case 404:
        return new PullwiseError(
          `${name} answered 404${detail}; check the model name and ANTHROPIC_BASE_URL`,
          'not-found',
          cause,
        );
      case 429:
        return new PullwiseError(
          `${name} kept rate-limiting the review (429 after ${retries} retries${detail})`,
          'rate-limit',
          cause,
        );
      case 529:
        return new PullwiseError(
          `${name} is overloaded (529 after ${retries} retries${detail}); try again later`,
          'overloaded',
          cause,
        );
      default:
        if (error.status !== undefined && error.status >= 500) {
          return new PullwiseError(
            `${name} failed (${error.status} after ${retries} retries${detail})`,
            'server',
            cause,
          );
        }
        return new PullwiseError(
          `${name} rejected the request (${error.status ?? '?'}${detail})`,
          'bad-request',
          cause,
        );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/No projectId was given/.test(message))
    return new PullwiseError(
      'provider vertex needs a Google Cloud project and the credentials name none: set ANTHROPIC_VERTEX_PROJECT_ID ' +
        '(the Action: the gcp_project_id input)',
      'config',
      cause,
    );
  return new PullwiseError(`the model call failed: ${message}`, 'model', cause);
}

/** The API's own words: Anthropic and Vertex say `{ error: { message } }` (Vertex sometimes in a list), Bedrock `{ message }`. */
function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const raw = error.error as unknown;
  const body = (Array.isArray(raw) ? raw[0] : raw) as
    { error?: { message?: unknown }; message?: unknown; Message?: unknown } | undefined;
  const message = body?.error?.message ?? body?.message ?? body?.Message;
  return typeof message === 'string' && message ? `: ${message}` : '';
}
