import { shannonEntropy } from '../entropy.js';
import { looksLikePlaceholder } from '../placeholder.js';
import { keyedPattern, prefixedPattern, type SecretRule } from '../secret-rule.js';

// Long by nature: a table with one rule per provider, and the providers are many.

// Code hosting, package registries, AI and ML APIs, CI and developer tools. Each rule is written from the
// provider's documented token format: its prefix, length, alphabet and, where it has one, its checksum.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of an ASCII token. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The CRC-32 in base62 (0-9A-Za-z), left-padded with zeros to six characters. */
function base62Crc(text: string): string {
  let n = crc32(text);
  let out = '';
  do {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}

/** Random-looking: enough entropy, and at least two of digits, lower-case and upper-case letters. */
function looksRandom(body: string, minBits: number): boolean {
  const classes = [/\d/, /[a-z]/, /[A-Z]/].filter((re) => re.test(body)).length;
  return classes >= 2 && shannonEntropy(body) >= minBits;
}

/**
 * GitHub's token format (`ghp_` and friends, copied by npm's `npm_`): 30 random base62 characters, then the
 * base62 CRC-32 of those 30 in 6 characters. A matching checksum settles it; a token without one is still
 * accepted when it looks random, since test generators and older tokens skip the checksum.
 */
function isGithubStyleToken(secret: string): boolean {
  const body = secret.slice(secret.indexOf('_') + 1);
  if (body.length === 36 && base62Crc(body.slice(0, 30)) === body.slice(30)) return true;
  return looksRandom(body, 3.8);
}

/**
 * Private Packagist: prefix, 60 random hex characters, then the CRC-32 of prefix and random part as 8 hex
 * characters. As with GitHub, a wrong checksum does not reject a random-looking token.
 */
function isPackagistToken(secret: string): boolean {
  const m = /^(packagist_[a-z]{3}_)([a-f0-9]{60})([a-f0-9]{8})$/.exec(secret);
  if (!m) return false;
  if (
    crc32(m[1]! + m[2]!)
      .toString(16)
      .padStart(8, '0') === m[3]
  )
    return true;
  return looksRandom(m[2]!, 3.3);
}

const STAND_IN_PASSWORDS = new Set([
  'password',
  'passwd',
  'secret',
  'changeme',
  'npm_token',
  'token',
  'pass',
]);

/** `_auth` in `.npmrc` is base64 of `user:password`, with a password that is not a stand-in. */
function isBasicAuth(secret: string): boolean {
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  const m = /^[\x21-\x39\x3b-\x7e]{1,100}:([\x20-\x7e]{6,200})$/.exec(decoded);
  if (!m) return false;
  const password = m[1]!;
  return !STAND_IN_PASSWORDS.has(password.toLowerCase()) && !looksLikePlaceholder(password);
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

interface Options {
  minEntropy?: number;
  validate?: (secret: string, match: string) => boolean;
  placeholderCheck?: 'default' | 'off';
}

/** A self-prefixed token: the keyword is its prefix. */
function token(
  id: string,
  title: string,
  keywords: string[],
  source: string,
  options: Options = {},
): SecretRule {
  return { id, title, keywords, pattern: prefixedPattern(source), ...options };
}

/** A value too generic to stand alone, assigned to a name that contains the provider's. */
function keyed(
  id: string,
  title: string,
  names: string,
  keywords: string[],
  value: string,
  options: Options = {},
): SecretRule {
  return { id, title, keywords, pattern: keyedPattern(names, value), ...options };
}

const githubToken = (prefix: string, id: string, title: string, length = '36'): SecretRule =>
  token(id, title, [`${prefix}_`], `${prefix}_[A-Za-z0-9]{${length}}`, { validate: isGithubStyleToken });

const CODE_HOSTING: SecretRule[] = [
  // GitHub's 2021 token format: a type prefix, 30 base62 characters and a 6-character CRC-32.
  githubToken('ghp', 'github-personal-access-token', 'GitHub personal access token (classic)'),
  githubToken('gho', 'github-oauth-access-token', 'GitHub OAuth access token'),
  githubToken('ghu', 'github-user-to-server-token', 'GitHub App user access token'),
  githubToken('ghs', 'github-server-to-server-token', 'GitHub App installation access token'),
  // Refresh tokens are longer than the others (GitHub reserves the right to grow every type).
  githubToken('ghr', 'github-refresh-token', 'GitHub App refresh token', '36,76'),
  // Fine-grained PATs: github_pat_, 22 characters (the token id), _, 59 characters.
  token(
    'github-fine-grained-personal-access-token',
    'GitHub fine-grained personal access token',
    ['github_pat_'],
    'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}',
    { minEntropy: 4.5 },
  ),
  // OAuth App and GitHub App client secrets are 40 hex characters with no prefix.
  keyed(
    'github-oauth-client-secret',
    'GitHub OAuth app client secret',
    'github[_.-]?(?:oauth[_.-]?|app[_.-]?)?client[_.-]?secret|github[_.-]?secret|gh_client_secret',
    ['github', 'gh_client_secret'],
    '[a-f0-9]{40}',
    { minEntropy: 3.2 },
  ),

  // GitLab token prefixes (docs.gitlab.com "GitLab token overview"): 20 URL-safe base64 characters, or the
  // routable format <prefix><base64 payload>.<version>.<payload length><CRC-32 in base36> from GitLab 17.
  token(
    'gitlab-personal-access-token',
    'GitLab personal access token',
    ['glpat-'],
    'glpat-(?:[A-Za-z0-9_-]{27,300}\\.(?:[0-9a-z]{2}\\.)?[0-9a-z]{9}|[A-Za-z0-9_-]{20})',
    { minEntropy: 3.5 },
  ),
  token('gitlab-deploy-token', 'GitLab deploy token', ['gldt-'], 'gldt-[A-Za-z0-9_-]{20}', {
    minEntropy: 3.5,
  }),
  // Runner authentication tokens, also in the routable format (glrt-t1_…).
  token(
    'gitlab-runner-token',
    'GitLab runner authentication token',
    ['glrt-'],
    'glrt-[A-Za-z0-9_-]{20,300}(?:\\.(?:[0-9a-z]{2}\\.)?[0-9a-z]{9})?',
    { minEntropy: 3.5 },
  ),
  // The legacy runner registration token, prefixed GR1348941.
  token(
    'gitlab-runner-registration-token',
    'GitLab runner registration token',
    ['gr1348941'],
    'GR1348941[A-Za-z0-9_-]{20}',
    { minEntropy: 3.5 },
  ),
  // CI/CD job tokens: glcbt-, a partition id in hex, _, then the random part.
  token('gitlab-ci-job-token', 'GitLab CI/CD job token', ['glcbt-'], 'glcbt-[A-Za-z0-9_-]{20,80}', {
    minEntropy: 3.5,
  }),
  token(
    'gitlab-pipeline-trigger-token',
    'GitLab pipeline trigger token',
    ['glptt-'],
    'glptt-[A-Za-z0-9_-]{20,40}',
    {
      minEntropy: 3.2,
    },
  ),
  token('gitlab-feed-token', 'GitLab feed token', ['glft-'], 'glft-[A-Za-z0-9_-]{20}', { minEntropy: 3.5 }),
  token(
    'gitlab-incoming-email-token',
    'GitLab incoming email token',
    ['glimt-'],
    'glimt-[A-Za-z0-9_-]{20,25}',
    {
      minEntropy: 3.5,
    },
  ),
  token(
    'gitlab-agent-token',
    'GitLab agent for Kubernetes token',
    ['glagent-'],
    'glagent-[A-Za-z0-9_-]{50}',
    {
      minEntropy: 4,
    },
  ),
  token(
    'gitlab-oauth-application-secret',
    'GitLab OAuth application secret',
    ['gloas-'],
    'gloas-[a-f0-9]{64}',
    {
      minEntropy: 3.4,
    },
  ),
  token('gitlab-scim-token', 'GitLab SCIM OAuth access token', ['glsoat-'], 'glsoat-[A-Za-z0-9_-]{20}', {
    minEntropy: 3.5,
  }),
  token(
    'gitlab-feature-flags-client-token',
    'GitLab feature flags client token',
    ['glffct-'],
    'glffct-[A-Za-z0-9_-]{20}',
    { minEntropy: 3.5 },
  ),
  // The Rails session cookie of a signed-in user: 32 hex characters.
  {
    id: 'gitlab-session-cookie',
    title: 'GitLab session cookie',
    keywords: ['_gitlab_session'],
    pattern: /_gitlab_session=(?<secret>[0-9a-f]{32})(?![0-9A-Za-z])/,
    minEntropy: 3,
  },

  // Bitbucket Cloud app passwords: ATBB and 32 characters (access tokens, ATCTT3…, are Atlassian's format and
  // live with the Atlassian rules).
  token('bitbucket-app-password', 'Bitbucket app password', ['atbb'], 'ATBB[A-Za-z0-9]{32}', {
    minEntropy: 4,
  }),

  // Gitea and Forgejo (Codeberg) access tokens: 40 hex characters, no prefix.
  keyed(
    'gitea-access-token',
    'Gitea/Forgejo access token',
    '(?:gitea|forgejo|codeberg)[_.-]?(?:(?:access|api|auth|personal|runner)[_.-]?)?(?:token|key|password|pat)',
    ['gitea', 'forgejo', 'codeberg'],
    '[a-f0-9]{40}',
    { minEntropy: 3.2 },
  ),
  // Sourcegraph access tokens: sgp_, optionally an instance id (16 hex) or "local", then 40 hex.
  token(
    'sourcegraph-access-token',
    'Sourcegraph access token',
    ['sgp_'],
    'sgp_(?:(?:[a-f0-9]{16}|local)_)?[a-f0-9]{40}',
    { minEntropy: 3.3 },
  ),
  // Gitpod PATs: gitpod_pat_, an HMAC signature (43 base64url), ".", and the random value (40).
  token(
    'gitpod-personal-access-token',
    'Gitpod personal access token',
    ['gitpod_pat_'],
    'gitpod_pat_[A-Za-z0-9_-]{43}\\.[A-Za-z0-9]{40}',
    { minEntropy: 4.5 },
  ),
];

const PACKAGE_REGISTRIES: SecretRule[] = [
  // npm granular and automation tokens: npm_, 30 base62 and a CRC-32, GitHub's format.
  token('npm-access-token', 'npm access token', ['npm_'], 'npm_[A-Za-z0-9]{36}', {
    validate: isGithubStyleToken,
  }),
  // Legacy npm tokens were UUIDs, written to .npmrc as //registry/:_authToken=.
  {
    id: 'npm-legacy-access-token',
    title: 'npm legacy access token',
    keywords: ['_authtoken'],
    pattern: new RegExp(`:_authToken\\s{0,4}=\\s{0,4}["']?(?<secret>${UUID})(?![A-Za-z0-9-])`),
  },
  // .npmrc _auth: base64 of user:password for a registry.
  {
    id: 'npm-basic-auth',
    title: 'npm registry credentials (_auth)',
    keywords: ['_auth'],
    pattern:
      /(?<![A-Za-z0-9])_auth\s{0,4}=\s{0,4}["']?(?<secret>[A-Za-z0-9+/]{12,400}={0,2})(?![A-Za-z0-9+/=])/,
    validate: isBasicAuth,
  },
  // PyPI API tokens are macaroons: pypi-, then base64url of a binary that names pypi.org (AgEIcHlwaS5vcmc) or
  // test.pypi.org (AgENdGVzdC5weXBpLm9yZw).
  token(
    'pypi-api-token',
    'PyPI API token',
    ['pypi-age'],
    'pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,400}',
    { minEntropy: 4.5 },
  ),
  token('rubygems-api-key', 'RubyGems API key', ['rubygems_'], 'rubygems_[a-f0-9]{48}', { minEntropy: 3.4 }),
  // NuGet.org API keys: 46 lower-case letters and digits, starting oy2.
  token('nuget-api-key', 'NuGet API key', ['oy2'], 'oy2[a-z0-9]{43}', { minEntropy: 4 }),
  token('clojars-deploy-token', 'Clojars deploy token', ['clojars_'], 'CLOJARS_[a-z0-9]{60}', {
    minEntropy: 3.5,
  }),
  // crates.io API tokens: cio and 32 letters and digits.
  token('crates-io-api-token', 'crates.io API token', ['cio'], 'cio[A-Za-z0-9]{32}', {
    minEntropy: 3.8,
    validate: (secret) => looksRandom(secret.slice(3), 3.8),
  }),
  // Private Packagist (packagist.com/docs/composer-authentication): packagist_ort_, _out_ or _uut_, 60 hex and
  // an 8-hex CRC-32.
  token(
    'packagist-token',
    'Private Packagist authentication token',
    ['packagist_'],
    'packagist_[a-z]{3}_[a-f0-9]{68}',
    {
      validate: isPackagistToken,
    },
  ),
  // Hex.pm API and organization keys: 32 hex characters.
  keyed(
    'hex-api-key',
    'Hex.pm API key',
    'hex_api|hexpm|hex_organization|hex_repo',
    ['hex_api', 'hexpm', 'hex_organization', 'hex_repo'],
    '[a-f0-9]{32}',
    { minEntropy: 3 },
  ),
  // Cloudsmith API keys: 40 hex characters.
  keyed('cloudsmith-api-key', 'Cloudsmith API key', 'cloudsmith', ['cloudsmith'], '[a-f0-9]{40}', {
    minEntropy: 3.2,
  }),
  // Sidekiq Pro/Enterprise gem credentials, user:password of 8 hex each, in Bundler's environment variable or
  // `bundle config`.
  {
    id: 'sidekiq-secret',
    title: 'Sidekiq Pro/Enterprise credentials',
    keywords: ['contribsys'],
    pattern:
      /(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM\s{0,4}[=:]\s{0,4}["']?|(?:enterprise|gems)\.contribsys\.com["']?\s{1,4}["']?)(?<secret>[a-f0-9]{8}:[a-f0-9]{8})(?![A-Za-z0-9])/,
  },
  {
    id: 'sidekiq-sensitive-url',
    title: 'Sidekiq Pro/Enterprise source URL credentials',
    keywords: ['contribsys.com'],
    pattern: /https?:\/\/(?<secret>[a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com/,
  },
];

const AI_APIS: SecretRule[] = [
  // Anthropic keys: sk-ant-<type><version>-, 93 base64url characters, AA.
  token(
    'anthropic-api-key',
    'Anthropic API key',
    ['sk-ant-api'],
    'sk-ant-api\\d{2}-[A-Za-z0-9_-]{80,110}AA',
    {
      minEntropy: 4.5,
    },
  ),
  token(
    'anthropic-admin-key',
    'Anthropic Admin API key',
    ['sk-ant-admin'],
    'sk-ant-admin\\d{2}-[A-Za-z0-9_-]{80,110}AA',
    { minEntropy: 4.5 },
  ),
  token(
    'anthropic-oauth-token',
    'Anthropic OAuth access token',
    ['sk-ant-oat'],
    'sk-ant-oat\\d{2}-[A-Za-z0-9_-]{80,110}AA',
    { minEntropy: 4.5 },
  ),
  token(
    'anthropic-oauth-refresh-token',
    'Anthropic OAuth refresh token',
    ['sk-ant-ort'],
    'sk-ant-ort\\d{2}-[A-Za-z0-9_-]{80,110}AA',
    { minEntropy: 4.5 },
  ),
  // OpenAI keys embed T3BlbkFJ (base64 of "OpenAI"); project, service-account and admin keys carry a type.
  token('openai-project-api-key', 'OpenAI project API key', ['sk-proj-'], 'sk-proj-[A-Za-z0-9_-]{40,250}', {
    minEntropy: 4.5,
  }),
  token(
    'openai-service-account-key',
    'OpenAI service account API key',
    ['sk-svcacct-'],
    'sk-svcacct-[A-Za-z0-9_-]{40,250}',
    { minEntropy: 4.5 },
  ),
  token('openai-admin-key', 'OpenAI admin API key', ['sk-admin-'], 'sk-admin-[A-Za-z0-9_-]{40,250}', {
    minEntropy: 4.5,
  }),
  // User keys (sk-…, sk-None-…): recognisable only by the marker.
  token(
    'openai-api-key',
    'OpenAI API key',
    ['t3blbkfj'],
    'sk-(?!proj-|svcacct-|admin-|ant-|or-|lf-)[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}',
    { minEntropy: 4 },
  ),
  keyed(
    'cohere-api-key',
    'Cohere API key',
    'cohere|co_api_key',
    ['cohere', 'co_api_key'],
    '[A-Za-z0-9]{40}',
    {
      minEntropy: 4,
    },
  ),
  // Hugging Face user access tokens (hf_) and the older organization API tokens (api_org_), 34 characters.
  token('huggingface-access-token', 'Hugging Face access token', ['hf_'], 'hf_[A-Za-z0-9]{34}', {
    minEntropy: 4,
  }),
  token(
    'huggingface-organization-api-token',
    'Hugging Face organization API token',
    ['api_org_'],
    'api_org_[A-Za-z0-9]{34}',
    { minEntropy: 4 },
  ),
  token('replicate-api-token', 'Replicate API token', ['r8_'], 'r8_[A-Za-z0-9]{37}', { minEntropy: 4 }),
  token('groq-api-key', 'Groq API key', ['gsk_'], 'gsk_[A-Za-z0-9]{52}', { minEntropy: 4.5 }),
  token('perplexity-api-key', 'Perplexity API key', ['pplx-'], 'pplx-[A-Za-z0-9]{48}', { minEntropy: 3.3 }),
  keyed('mistral-api-key', 'Mistral AI API key', 'mistral', ['mistral'], '[A-Za-z0-9]{32}', {
    minEntropy: 4,
  }),
  token('xai-api-key', 'xAI API key', ['xai-'], 'xai-[A-Za-z0-9]{80}', { minEntropy: 4.5 }),
  // DeepSeek keys look like OpenAI's old ones without the marker: sk- and 32 hex.
  keyed('deepseek-api-key', 'DeepSeek API key', 'deepseek', ['deepseek'], 'sk-[a-f0-9]{32}', {
    minEntropy: 3,
  }),
  // Together AI: the newer tgp_v1_ keys, and the older 64-hex keys.
  token('together-ai-api-key', 'Together AI API key', ['tgp_v1_'], 'tgp_v1_[A-Za-z0-9_-]{40,50}', {
    minEntropy: 4.2,
  }),
  keyed('together-ai-legacy-api-key', 'Together AI API key', 'together', ['together'], '[a-f0-9]{64}', {
    minEntropy: 3.4,
  }),
  // Fireworks AI documents the fw_ prefix but not the length: a bounded run of base62.
  token('fireworks-api-key', 'Fireworks AI API key', ['fw_'], 'fw_[A-Za-z0-9]{20,40}', {
    minEntropy: 3.6,
    validate: (secret) => looksRandom(secret.slice(3), 3.6),
  }),
  // Pinecone: pcsk_ (or pckey_ in the Admin API schema), a public label, _, the secret; older keys were UUIDs.
  token(
    'pinecone-api-key',
    'Pinecone API key',
    ['pcsk_', 'pckey_'],
    '(?:pcsk|pckey)_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,80}',
    {
      minEntropy: 4.5,
    },
  ),
  keyed('pinecone-legacy-api-key', 'Pinecone API key', 'pinecone', ['pinecone'], UUID),
  // Weights & Biases API keys: 40 hex characters (local- prefixed for self-hosted servers), also in ~/.netrc.
  keyed(
    'wandb-api-key',
    'Weights & Biases API key',
    'wandb|weights_and_biases',
    ['wandb', 'weights_and_biases'],
    '(?:local-)?[a-f0-9]{40}',
    { minEntropy: 3.2 },
  ),
  {
    id: 'wandb-netrc-api-key',
    title: 'Weights & Biases API key',
    keywords: ['api.wandb.ai'],
    pattern:
      /machine\s{1,8}api\.wandb\.ai\s{1,8}login\s{1,8}\S{1,100}\s{1,8}password\s{1,8}(?<secret>(?:local-)?[a-f0-9]{40})(?![A-Za-z0-9])/,
    minEntropy: 3.2,
    // A .netrc entry is often written over three lines.
    multiline: true,
  },
  // LangSmith: lsv2_pt_ (personal access tokens) and lsv2_sk_ (service keys), 32 hex, _, 10 hex.
  token(
    'langsmith-personal-access-token',
    'LangSmith personal access token',
    ['lsv2_pt_'],
    'lsv2_pt_[a-f0-9]{32}_[a-f0-9]{10}',
    { minEntropy: 3.4 },
  ),
  token('langsmith-service-key', 'LangSmith service key', ['lsv2_sk_'], 'lsv2_sk_[a-f0-9]{32}_[a-f0-9]{10}', {
    minEntropy: 3.4,
  }),
  // Langfuse secret keys: sk-lf- and a UUID (pk-lf- keys are public).
  token('langfuse-secret-key', 'Langfuse secret key', ['sk-lf-'], `sk-lf-${UUID}`),
  // ElevenLabs: sk_ and 48 hex (32 hex for older keys), sent as the xi-api-key header.
  keyed(
    'elevenlabs-api-key',
    'ElevenLabs API key',
    'elevenlabs|eleven_labs|xi_api_key|xi-api-key',
    ['elevenlabs', 'eleven_labs', 'xi_api_key', 'xi-api-key'],
    '(?:sk_[a-f0-9]{48}|[a-f0-9]{32})',
    { minEntropy: 3 },
  ),
  keyed(
    'assemblyai-api-key',
    'AssemblyAI API key',
    'assemblyai|assembly_ai',
    ['assemblyai', 'assembly_ai'],
    '[a-f0-9]{32}',
    { minEntropy: 3 },
  ),
  keyed('deepgram-api-key', 'Deepgram API key', 'deepgram', ['deepgram'], '[a-f0-9]{40}', {
    minEntropy: 3.2,
  }),
  token('openrouter-api-key', 'OpenRouter API key', ['sk-or-v1-'], 'sk-or-v1-[a-f0-9]{64}', {
    minEntropy: 3.4,
  }),
  // Voyage AI keys: pa- and about 43 base64url characters.
  token('voyage-api-key', 'Voyage AI API key', ['pa-'], 'pa-[A-Za-z0-9_-]{40,50}', { minEntropy: 4.5 }),
  token('cerebras-api-key', 'Cerebras API key', ['csk-'], 'csk-[a-z0-9]{48}', { minEntropy: 4 }),
  token('tavily-api-key', 'Tavily API key', ['tvly-'], 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}', {
    minEntropy: 4,
  }),
  token('firecrawl-api-key', 'Firecrawl API key', ['fc-'], 'fc-[a-f0-9]{32}', { minEntropy: 3 }),
  token('jina-api-key', 'Jina AI API key', ['jina_'], 'jina_[A-Za-z0-9_-]{50,70}', { minEntropy: 4.5 }),
  token('nvidia-api-key', 'NVIDIA API key', ['nvapi-'], 'nvapi-[A-Za-z0-9_-]{64}', { minEntropy: 4.5 }),
  // Stability AI keys: sk- and 48 letters and digits.
  keyed('stability-api-key', 'Stability AI API key', 'stability', ['stability'], 'sk-[A-Za-z0-9]{48}', {
    minEntropy: 4.5,
  }),
  // Modal token secrets: as- and 22 characters (the id is ak-…).
  keyed('modal-token-secret', 'Modal token secret', 'modal', ['modal'], 'as-[A-Za-z0-9]{22}', {
    minEntropy: 3.8,
  }),
  keyed('serpapi-api-key', 'SerpApi API key', 'serpapi|serp_api', ['serpapi', 'serp_api'], '[a-f0-9]{64}', {
    minEntropy: 3.4,
  }),
];

const DEVELOPER_TOOLS: SecretRule[] = [
  // Postman API keys: PMAK-, 24 hex, -, 34 hex; collection access tokens: PMAT- and a 26-character ULID.
  token('postman-api-key', 'Postman API key', ['pmak-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', {
    minEntropy: 3.4,
  }),
  token(
    'postman-collection-access-token',
    'Postman collection access token',
    ['pmat-'],
    'PMAT-[0-9A-HJKMNP-TV-Z]{26}',
    { minEntropy: 3.5 },
  ),
  // Expo access tokens (EXPO_TOKEN, personal or robot): 40 URL-safe characters.
  keyed(
    'expo-access-token',
    'Expo access token',
    'expo[_.-]?(?:(?:access|robot|api)[_.-]?)?token',
    ['expo'],
    '[A-Za-z0-9_-]{40}',
    { minEntropy: 4.2 },
  ),
  token('deno-deploy-token', 'Deno Deploy access token', ['ddp_'], 'ddp_[A-Za-z0-9]{36}', {
    minEntropy: 4.2,
  }),
  keyed('codacy-token', 'Codacy API or project token', 'codacy', ['codacy'], '[A-Za-z0-9]{20,32}', {
    minEntropy: 3.2,
  }),
  keyed(
    'coveralls-repo-token',
    'Coveralls repository token',
    'coveralls',
    ['coveralls'],
    '[A-Za-z0-9]{32,37}',
    {
      minEntropy: 4,
    },
  ),
  // DeepSource DSNs carry the repository's secret before the @.
  {
    id: 'deepsource-dsn',
    title: 'DeepSource DSN',
    keywords: ['deepsource'],
    pattern: /https?:\/\/(?<secret>[a-f0-9]{32})@(?:app\.)?deepsource\.(?:io|com)/,
    minEntropy: 3,
  },
  keyed(
    'appveyor-api-token',
    'AppVeyor API token',
    'appveyor[_.-]?(?:api[_.-]?)?(?:token|key)',
    ['appveyor'],
    '(?:v2\\.)?[A-Za-z0-9]{20,40}',
    { minEntropy: 3.4 },
  ),
  keyed(
    'bitrise-access-token',
    'Bitrise personal access token',
    'bitrise[_.-]?(?:(?:api|personal[_.-]?access|access)[_.-]?)?token',
    ['bitrise'],
    '[A-Za-z0-9_-]{40,100}',
    { minEntropy: 4.5 },
  ),
  keyed(
    'semaphore-api-token',
    'Semaphore API token',
    'semaphore[_.-]?(?:api[_.-]?)?token|sem[_.-]?api[_.-]?token',
    ['semaphore', 'sem_api', 'sem-api', 'sem.api', 'semapi'],
    '[A-Za-z0-9_-]{20,40}',
    { minEntropy: 3.5 },
  ),
  keyed('cypress-record-key', 'Cypress Cloud record key', 'cypress[_.-]?record[_.-]?key', ['cypress'], UUID),
  // Nx Cloud access tokens: base64, optionally suffixed |read-write or |read-only.
  keyed(
    'nx-cloud-access-token',
    'Nx Cloud access token',
    'nx[_.-]?cloud',
    ['nxcloud', 'nx_cloud', 'nx-cloud', 'nx.cloud'],
    '[A-Za-z0-9+/]{40,120}={0,2}(?:\\|read-(?:write|only))?',
    { minEntropy: 4.2 },
  ),
  keyed('discourse-api-key', 'Discourse API key', 'discourse', ['discourse'], '[a-f0-9]{64}', {
    minEntropy: 3.4,
  }),
  // StackHawk: hawk., 20 characters, ., 20 characters.
  token('stackhawk-api-key', 'StackHawk API key', ['hawk.'], 'hawk\\.[A-Za-z0-9_-]{20}\\.[A-Za-z0-9_-]{20}', {
    minEntropy: 4,
  }),
  // Scalingo API tokens: tk-us- and 48 characters.
  token('scalingo-api-token', 'Scalingo API token', ['tk-us-'], 'tk-us-[A-Za-z0-9_-]{48}', {
    minEntropy: 4.2,
  }),
  keyed(
    'shortcut-api-token',
    'Shortcut API token',
    'shortcut[_.-]?(?:api[_.-]?)?token|clubhouse[_.-]?(?:api[_.-]?)?token',
    ['shortcut', 'clubhouse'],
    UUID,
  ),
  keyed(
    'storyblok-access-token',
    'Storyblok access token',
    'storyblok',
    ['storyblok'],
    '[A-Za-z0-9]{20,26}',
    {
      minEntropy: 3.4,
    },
  ),
  keyed(
    'datocms-api-token',
    'DatoCMS API token',
    'datocms|dato_api',
    ['datocms', 'dato_api'],
    '[A-Za-z0-9]{30,40}',
    {
      minEntropy: 3,
    },
  ),
  keyed(
    'mux-token-secret',
    'Mux access token secret',
    'mux[_.-]?(?:token[_.-]?)?secret',
    ['mux'],
    '[A-Za-z0-9+/]{60,100}={0,2}',
    { minEntropy: 4.5 },
  ),
  keyed('bitly-access-token', 'Bitly access token', 'bitly', ['bitly'], '[a-f0-9]{40}', { minEntropy: 3.2 }),
];

const BACKEND_PLATFORMS: SecretRule[] = [
  // Appwrite API keys since 1.5: standard_ and 256 hex; before that, 256 hex alone.
  token('appwrite-api-key', 'Appwrite API key', ['standard_'], 'standard_[a-f0-9]{256}', { minEntropy: 3.6 }),
  keyed('appwrite-legacy-api-key', 'Appwrite API key', 'appwrite', ['appwrite'], '[a-f0-9]{256}', {
    minEntropy: 3.6,
  }),
  // Convex deploy keys: the key type, the deployment or project, |, and the base64 key.
  {
    id: 'convex-deploy-key',
    title: 'Convex deploy key',
    keywords: ['prod:', 'dev:', 'preview:', 'project:'],
    pattern: prefixedPattern(
      '(?:prod|dev|preview|project):[A-Za-z0-9:_-]{3,100}\\|[A-Za-z0-9+/_=-]{40,400}',
      'A-Za-z0-9_\\-',
    ),
    minEntropy: 4.2,
  },
  // Upstash: REST tokens (base64, starting A), QStash tokens (base64 JSON, eyJ…) and QStash signing keys (sig_).
  keyed(
    'upstash-redis-rest-token',
    'Upstash Redis REST token',
    'upstash',
    ['upstash'],
    'A[A-Za-z0-9_-]{40,200}={0,2}',
    {
      minEntropy: 4.2,
    },
  ),
  keyed(
    'upstash-qstash-token',
    'Upstash QStash token',
    'qstash',
    ['qstash'],
    'eyJ[A-Za-z0-9+/_-]{40,300}={0,2}',
    {
      minEntropy: 4.2,
    },
  ),
  keyed(
    'upstash-qstash-signing-key',
    'Upstash QStash signing key',
    'qstash',
    ['qstash'],
    'sig_[A-Za-z0-9]{28}',
    {
      minEntropy: 4,
    },
  ),
];

export const DEVELOPER_RULES: SecretRule[] = [
  ...CODE_HOSTING,
  ...PACKAGE_REGISTRIES,
  ...AI_APIS,
  ...DEVELOPER_TOOLS,
  ...BACKEND_PLATFORMS,
];
