import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type {
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import { GoogleAuth } from 'google-auth-library';
import type { Platform } from './platform.js';

/** What the model client uses of an SDK client; the same on every platform, token counting where offered. */
export interface PlatformMessages {
  create(
    body: MessageCreateParamsNonStreaming,
    options: { signal?: AbortSignal },
  ): Promise<Anthropic.Message>;
  /** Absent on Bedrock, whose SDK has no token counting: callers use the local estimate. */
  countTokens?: (
    body: MessageCountTokensParams,
    options: { signal?: AbortSignal; maxRetries?: number },
  ) => Promise<{ input_tokens: number }>;
}

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The Vertex SDK starts looking up the credentials when the client is made and awaits the lookup only at
 * the first call: a client made but never called (nothing to review) with unreadable credentials would
 * reject unobserved and stop the process. The lookup's failure is kept for the call that awaits it.
 */
class DeferredGoogleAuth extends GoogleAuth {
  override getClient(): ReturnType<GoogleAuth['getClient']> {
    const client = super.getClient();
    client.catch(() => {});
    return client;
  }
}

/**
 * AWS's standard chain as the Bedrock SDK uses it (environment first, then profiles, SSO, web identity,
 * container and instance roles), with STS asked in the platform's region rather than a default one.
 * Loaded when first needed: most runs never use it.
 */
async function awsCredentialChain(region: string) {
  const { createCredentialChain, fromEnv, fromNodeProviderChain } =
    await import('@aws-sdk/credential-providers');
  return createCredentialChain(fromEnv(), fromNodeProviderChain({ clientConfig: { region } }));
}

/**
 * The official SDK client for `platform`, with the SDK's retries (429, 5xx, 529, connection errors; also a
 * credential lookup that failed, which is network-bound). `env` is the process environment the caller
 * was given: static AWS keys and GOOGLE_APPLICATION_CREDENTIALS are taken from it; anything else of each
 * platform's credential chain (profiles, web identity, instance roles, workload identity) the SDKs find.
 */
export function platformMessages(
  platform: Platform,
  env: Record<string, string | undefined>,
  options: { maxRetries: number; timeoutMs: number },
): PlatformMessages {
  const common = { baseURL: platform.baseURL, maxRetries: options.maxRetries, timeout: options.timeoutMs };
  const read = (name: string) => env[name]?.trim() || undefined;
  switch (platform.provider) {
    case 'anthropic':
      return new Anthropic({ ...common, apiKey: platform.apiKey }).messages;
    case 'bedrock': {
      const accessKey = read('AWS_ACCESS_KEY_ID');
      const secretKey = read('AWS_SECRET_ACCESS_KEY');
      const sessionToken = read('AWS_SESSION_TOKEN');
      const bedrock = {
        ...common,
        awsRegion: platform.region,
        // null, not undefined: the SDK would read AWS_BEARER_TOKEN_BEDROCK from process.env on its own.
        apiKey: platform.bearerToken ?? null,
      };
      const client =
        accessKey && secretKey
          ? new AnthropicBedrock({
              ...bedrock,
              awsAccessKey: accessKey,
              awsSecretKey: secretKey,
              awsSessionToken: sessionToken ?? null,
            })
          : new AnthropicBedrock({
              ...bedrock,
              providerChainResolver: () => awsCredentialChain(platform.region),
            });
      return client.messages;
    }
    case 'vertex': {
      const keyFilename = read('GOOGLE_APPLICATION_CREDENTIALS');
      const client = new AnthropicVertex({
        ...common,
        region: platform.region,
        projectId: platform.projectId ?? null,
        googleAuth: new DeferredGoogleAuth({
          ...(keyFilename ? { keyFilename } : {}),
          scopes: CLOUD_PLATFORM_SCOPE,
        }),
      });
      return client.messages;
    }
  }
}
