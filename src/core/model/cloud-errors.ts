import type Anthropic from '@anthropic-ai/sdk';
import type { Platform } from './platform.js';

// What Bedrock and Vertex answer that Anthropic's API does not, in one line that says what to do. The
// platforms name their errors in the body (Bedrock also in `x-amzn-errortype`); statuses alone are ambiguous
// (Bedrock's 403 is a bad signature, expired keys or a model not enabled).

export interface ApiErrorContext {
  platform: Platform;
  /** Where calls go, as messages say it (see platformWhere). */
  where: string;
  /** The id the platform was called with. */
  modelId: string;
  retries: number;
}

interface Described {
  message: string;
  code: string;
}

/** A credential lookup that failed (the SDKs report it as a connection error, after their retries). */
export function credentialProblem(error: Error, context: ApiErrorContext): string | undefined {
  const cause = error.cause instanceof Error ? (error.cause.message.split('\n')[0] ?? '') : '';
  if (context.platform.provider === 'bedrock' && /AWS credentials/.test(error.message)) {
    if (/expired/i.test(cause))
      return `the AWS credentials for Amazon Bedrock have expired (${cause}): refresh them (a new role session, aws sso login)`;
    return (
      `no AWS credentials for Amazon Bedrock (${cause || error.message}): set AWS_ACCESS_KEY_ID and ` +
      'AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role (web identity through OIDC, an instance or task role); ' +
      'in the Action, aws-actions/configure-aws-credentials'
    );
  }
  if (context.platform.provider === 'vertex' && /Google OAuth credentials/.test(error.message)) {
    return (
      `no usable Google credentials for Vertex AI (${cause || error.message}): set GOOGLE_APPLICATION_CREDENTIALS, ` +
      'or run where application default credentials or workload identity exist; in the Action, ' +
      'google-github-actions/auth'
    );
  }
  return undefined;
}

export function cloudApiError(
  error: InstanceType<typeof Anthropic.APIError>,
  detail: string,
  context: ApiErrorContext,
): Described | undefined {
  const { platform, modelId, retries } = context;
  const status = error.status;
  const said = `${detail} ${error.headers?.get('x-amzn-errortype') ?? ''}`;
  if (platform.provider === 'bedrock') {
    const where = `in ${platform.region}`;
    if (status === 403 && /expired/i.test(said))
      return {
        code: 'auth',
        message: `the AWS credentials have expired (403${detail}): refresh them (a new role session, aws sso login)`,
      };
    if (status === 403 && /security token|signature|UnrecognizedClient|InvalidSignature/i.test(said))
      return {
        code: 'auth',
        message: `Amazon Bedrock rejected the AWS credentials (403${detail}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the role`,
      };
    if (status === 403)
      return {
        code: 'model-not-enabled',
        message:
          `the AWS identity may not call ${modelId} ${where} (403${detail}): enable the model under "Model access" ` +
          'in the Bedrock console and allow bedrock:InvokeModel to the identity, or set `model_id`',
      };
    if (
      (status === 400 || status === 404) &&
      /model identifier|model id|inference profile|not found/i.test(said)
    )
      return {
        code: 'not-found',
        message: `Amazon Bedrock does not know the model ${modelId} ${where} (${status}${detail}): check \`model\`, or set \`model_id\` to a Bedrock model id or inference profile`,
      };
    if (/quota/i.test(said))
      return {
        code: 'quota',
        message: `the Bedrock quota for ${modelId} ${where} is used up (${status} after ${retries} retries${detail}): ask for more in Service Quotas, or try again later`,
      };
    if (status === 429)
      return {
        code: 'rate-limit',
        message: `Amazon Bedrock kept throttling the review (429 after ${retries} retries${detail})`,
      };
  }
  if (platform.provider === 'vertex') {
    const project = platform.projectId ? `project ${platform.projectId}` : "the credentials' project";
    if (status === 401)
      return {
        code: 'auth',
        message: `Google Vertex AI rejected the Google credentials (401${detail}); they may have expired: check GOOGLE_APPLICATION_CREDENTIALS or the workload identity`,
      };
    if (status === 403)
      return {
        code: 'permission',
        message: `the Google credentials may not call Claude in ${project} (403${detail}): grant them roles/aiplatform.user and enable the model in Model Garden`,
      };
    if (status === 404)
      return {
        code: 'not-found',
        message: `Vertex AI has no model ${modelId} in ${platform.region} for ${project} (404${detail}): enable it in Model Garden, check CLOUD_ML_REGION, or set \`model_id\``,
      };
    if (status === 429 && /quota|RESOURCE_EXHAUSTED/i.test(said))
      return {
        code: 'quota',
        message: `the Vertex AI quota for ${modelId} in ${platform.region} is used up (429 after ${retries} retries${detail}): ask for more under IAM & Admin → Quotas, or try again later`,
      };
  }
  return undefined;
}
