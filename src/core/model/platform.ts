import { PROVIDERS } from '../config/schema.js';
import { PullwiseError } from '../errors.js';

export { PROVIDERS };
export type Provider = (typeof PROVIDERS)[number];

/**
 * How to reach one platform, from the process environment only: credentials come from each platform's own
 * chain (AWS: environment, profile, web identity, instance or task role; Google: application default
 * credentials, workload identity), never from repository config.
 */
export type Platform =
  | { provider: 'anthropic'; apiKey: string; baseURL: string }
  | {
      provider: 'bedrock';
      region: string;
      /** ANTHROPIC_BEDROCK_BASE_URL (a VPC endpoint, a gateway); default the region's bedrock-runtime. */
      baseURL: string;
      /** A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) instead of SigV4. */
      bearerToken?: string;
    }
  | {
      provider: 'vertex';
      region: string;
      /** Unset: the project of the credentials (the SDK reads it from them). */
      projectId?: string;
      baseURL: string;
    };

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/** What a platform is called in messages. */
export const PLATFORM_NAMES: Record<Provider, string> = {
  anthropic: 'the Anthropic API',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
};

/**
 * The platform for `provider` (the Action's and the CLI's repository config, else PULLWISE_PROVIDER, else
 * anthropic), or null when it is Anthropic's API and there is no ANTHROPIC_API_KEY (the model review is
 * skipped). A setting that is missing or wrong throws, naming it.
 */
export function platformFromEnv(env: Record<string, string | undefined>, chosen?: Provider): Platform | null {
  const provider = chosen ?? providerFromEnv(env);
  const read = (name: string) => env[name]?.trim() || undefined;
  switch (provider) {
    case 'anthropic': {
      const apiKey = read('ANTHROPIC_API_KEY');
      if (!apiKey) return null;
      return { provider, apiKey, baseURL: read('ANTHROPIC_BASE_URL') ?? ANTHROPIC_BASE_URL };
    }
    case 'bedrock': {
      const region = read('AWS_REGION') ?? read('AWS_DEFAULT_REGION');
      if (!region)
        throw new PullwiseError(
          'provider bedrock needs an AWS region: set AWS_REGION (the Action: the aws_region input)',
          'config',
        );
      const bearerToken = read('AWS_BEARER_TOKEN_BEDROCK');
      return {
        provider,
        region,
        baseURL: read('ANTHROPIC_BEDROCK_BASE_URL') ?? `https://bedrock-runtime.${region}.amazonaws.com`,
        ...(bearerToken ? { bearerToken } : {}),
      };
    }
    case 'vertex': {
      const region = read('CLOUD_ML_REGION');
      if (!region)
        throw new PullwiseError(
          'provider vertex needs a region: set CLOUD_ML_REGION, e.g. us-east5, europe-west1 or global ' +
            '(the Action: the gcp_region input)',
          'config',
        );
      const projectId =
        read('ANTHROPIC_VERTEX_PROJECT_ID') ?? read('GOOGLE_CLOUD_PROJECT') ?? read('GCLOUD_PROJECT');
      return {
        provider,
        region,
        ...(projectId ? { projectId } : {}),
        baseURL: read('ANTHROPIC_VERTEX_BASE_URL') ?? vertexBaseURL(region),
      };
    }
  }
}

function providerFromEnv(env: Record<string, string | undefined>): Provider {
  const raw = env.PULLWISE_PROVIDER?.trim().toLowerCase();
  if (!raw) return 'anthropic';
  if ((PROVIDERS as readonly string[]).includes(raw)) return raw as Provider;
  throw new PullwiseError(
    `PULLWISE_PROVIDER must be one of ${PROVIDERS.join(', ')}; got "${env.PULLWISE_PROVIDER?.trim()}"`,
    'config',
  );
}

// Vertex's documented endpoints: one global, two multi-region, else one per region.
function vertexBaseURL(region: string): string {
  if (region === 'global') return 'https://aiplatform.googleapis.com/v1';
  if (region === 'us') return 'https://aiplatform.us.rep.googleapis.com/v1';
  if (region === 'eu') return 'https://aiplatform.eu.rep.googleapis.com/v1';
  return `https://${region}-aiplatform.googleapis.com/v1`;
}

/** Where calls go, for messages: a URL, or the platform and its region. */
export function platformWhere(platform: Platform): string {
  if (platform.provider === 'anthropic') return platform.baseURL;
  const project =
    platform.provider === 'vertex' && platform.projectId ? `, project ${platform.projectId}` : '';
  return `${PLATFORM_NAMES[platform.provider]} (${platform.region}${project})`;
}
