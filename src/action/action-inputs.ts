import { checkConfigOverrides, type ConfigOverrides } from '../core/config/load-config.js';
import { PullwiseError } from '../core/errors.js';

/** The Action's inputs (action.yml), read the way the runner passes them: `INPUT_<NAME>` variables. */
export interface ActionInputs {
  anthropicApiKey: string;
  githubToken: string;
  model: string;
  triggerPhrase: string;
  label: string;
  failOn: string;
  configPath: string;
  maxCostUsd: string;
  prompt: string;
  provider: string;
  awsRegion: string;
  gcpProjectId: string;
  gcpRegion: string;
}

const NAMES: Record<keyof ActionInputs, string> = {
  anthropicApiKey: 'anthropic_api_key',
  githubToken: 'github_token',
  model: 'model',
  triggerPhrase: 'trigger_phrase',
  label: 'label',
  failOn: 'fail_on',
  configPath: 'config_path',
  maxCostUsd: 'max_cost_usd',
  prompt: 'prompt',
  provider: 'provider',
  awsRegion: 'aws_region',
  gcpProjectId: 'gcp_project_id',
  gcpRegion: 'gcp_region',
};

/** The config key each input sets, for messages about a bad input. */
const CONFIG_KEYS: Partial<Record<keyof ActionInputs, string[]>> = {
  model: ['model'],
  provider: ['provider'],
  triggerPhrase: ['triggers.phrase'],
  label: ['fix.label'],
  failOn: ['review.fail_on'],
  maxCostUsd: ['budget.max_usd', 'fix.max_usd'],
};

export function readActionInputs(env: Record<string, string | undefined>): ActionInputs {
  const read = (name: string) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  return Object.fromEntries(
    Object.entries(NAMES).map(([key, name]) => [key, read(name)]),
  ) as unknown as ActionInputs;
}

/**
 * The inputs that are settings, in the config file's shape; they win over the file. Throws naming the input
 * when one is not a valid value for its setting, before anything runs.
 */
export function configOverrides(inputs: ActionInputs): ConfigOverrides {
  const overrides: Record<string, Record<string, unknown> | unknown> = {};
  const section = (name: string) => (overrides[name] ??= {}) as Record<string, unknown>;
  if (inputs.model) overrides.model = inputs.model;
  if (inputs.provider) overrides.provider = inputs.provider;
  if (inputs.triggerPhrase) section('triggers').phrase = inputs.triggerPhrase;
  if (inputs.label) section('fix').label = inputs.label;
  if (inputs.failOn) section('review').fail_on = inputs.failOn;
  if (inputs.maxCostUsd) {
    const usd = Number(inputs.maxCostUsd);
    if (!Number.isFinite(usd) || usd <= 0) {
      throw new PullwiseError(
        `input max_cost_usd must be a positive number of dollars, got "${inputs.maxCostUsd}"`,
        'config',
      );
    }
    // One ceiling for whatever the run does: a review's budget and a fix's.
    section('budget').max_usd = usd;
    section('fix').max_usd = usd;
  }
  const problems = checkConfigOverrides(overrides);
  if (problems.length > 0) {
    const inputFor = (key: string) =>
      (Object.entries(CONFIG_KEYS).find(([, keys]) =>
        keys.some((k) => key === k || key.startsWith(`${k}.`)),
      )?.[0] ?? undefined) as keyof ActionInputs | undefined;
    const lines = problems.map((p) => {
      const input = inputFor(p.key);
      return `input ${input ? NAMES[input] : p.key}: ${p.message}`;
    });
    throw new PullwiseError(lines.join('\n'), 'config');
  }
  return overrides;
}

/** The model platforms' settings and credentials the SDKs read, as the runner's environment has them. */
const PLATFORM_ENV = [
  'PULLWISE_PROVIDER',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'ANTHROPIC_BEDROCK_BASE_URL',
  'CLOUD_ML_REGION',
  'ANTHROPIC_VERTEX_PROJECT_ID',
  'GOOGLE_CLOUD_PROJECT',
  'GCLOUD_PROJECT',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'ANTHROPIC_VERTEX_BASE_URL',
];

/**
 * The environment a job's model client reads: the runner's platform settings (as the cloud's own login
 * actions leave them), with the region and project inputs winning.
 */
export function platformEnv(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const picked = Object.fromEntries(
    PLATFORM_ENV.filter((name) => env[name]).map((name) => [name, env[name]]),
  );
  return {
    ...picked,
    ...(inputs.awsRegion ? { AWS_REGION: inputs.awsRegion } : {}),
    ...(inputs.gcpRegion ? { CLOUD_ML_REGION: inputs.gcpRegion } : {}),
    ...(inputs.gcpProjectId ? { ANTHROPIC_VERTEX_PROJECT_ID: inputs.gcpProjectId } : {}),
  };
}
