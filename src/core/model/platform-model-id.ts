import type { Platform } from './platform.js';

// Anthropic's model names as Bedrock and Vertex know them. Models up to the 4.5 family carry their
// snapshot date in the platforms' ids; later ones do not. A name this table does not know is mapped by the
// same rule without a date, and `model_id` in the config overrides the result for any model.
const SNAPSHOTS: Record<string, string> = {
  'claude-opus-4-5': '20251101',
  'claude-haiku-4-5': '20251001',
  'claude-sonnet-4-5': '20250929',
  'claude-opus-4-1': '20250805',
  'claude-opus-4': '20250514',
  'claude-sonnet-4': '20250514',
  'claude-3-7-sonnet': '20250219',
  'claude-3-5-haiku': '20241022',
};

/** Bedrock's geography prefixes of cross-region inference profiles, by the region's first part. */
const BEDROCK_GEOGRAPHIES: Record<string, string> = { us: 'us', eu: 'eu', ap: 'apac' };

/** A Bedrock model id, inference profile or ARN given as is (`model_id`, or `model` already in that form). */
const BEDROCK_ID = /^(arn:|anthropic\.|(us|eu|apac|jp|au|ca|us-gov|global)\.anthropic\.)/;

/**
 * The id the platform is called with for the config's `model`. Bedrock: the cross-region inference profile
 * of the region's geography (`us.`, `eu.`, `apac.`; else `global.`), since Bedrock serves current Claude
 * models on demand only through one; Vertex: `name@date` where the model has a snapshot date.
 */
export function platformModelId(model: string, platform: Platform, override?: string): string {
  if (override) return override;
  const dated = /-\d{8}$/.test(model) ? model : undefined;
  const name = dated ? model.slice(0, -9) : model;
  const date = dated ? model.slice(-8) : SNAPSHOTS[name];
  switch (platform.provider) {
    case 'anthropic':
      return model;
    case 'bedrock': {
      if (BEDROCK_ID.test(model)) return model;
      const geography = BEDROCK_GEOGRAPHIES[platform.region.split('-')[0]!] ?? 'global';
      return `${geography}.anthropic.${name}${date ? `-${date}-v1:0` : '-v1'}`;
    }
    case 'vertex':
      if (model.includes('@')) return model;
      return date ? `${name}@${date}` : name;
  }
}

/**
 * Whether calls are served in a region rather than globally: Bedrock's geographic profiles and Vertex's
 * regional endpoints are priced 10% over the global ones.
 */
export function isRegionalEndpoint(platform: Platform, modelId: string): boolean {
  if (platform.provider === 'bedrock') return !modelId.includes('global.');
  if (platform.provider === 'vertex') return platform.region !== 'global';
  return false;
}
