import { caseless, keyedPattern, prefixedPattern, type SecretRule } from '../secret-rule.js';

// Long by nature: a table with one rule per provider, and the providers are many.

// Cloud platforms, infrastructure, secret managers, observability, CI/CD and data platforms. Each rule is
// written from the provider's documented token format; formats that are only "32 hex" or "a UUID" need the
// provider's name in the assignment around them (`keyedPattern`).

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const END = '(?![A-Za-z0-9+/_-])';

/**
 * The assignment `keyedPattern` builds before the value (`MY_DATADOG_API_KEY = "`), as a regex source; with
 * no names, only the rest of the name and the operator.
 */
function assignedTo(names: string): string {
  return keyedPattern(names, 'x').source.split('(?<secret>')[0]!;
}

/** Keywords for a keyed rule: its names, lower-cased. */
function namesOf(names: string): string[] {
  return names.split('|').map((name) => name.toLowerCase());
}

/**
 * A secret after any of several leads (regex sources: an assignment, a header, a connection-string key, or a
 * lookahead for a format's fixed signature), then no token character.
 */
function after(leads: readonly string[], value: string, end = END): RegExp {
  return new RegExp(`(?:${leads.join('|')})(?<secret>${value})${end}`, 'g');
}

/** A keyed rule: a value too generic to stand alone, assigned to a name containing one of `names`. */
function keyed(
  id: string,
  title: string,
  names: string,
  value: string,
  extra: Partial<Pick<SecretRule, 'minEntropy' | 'validate'>> = {},
): SecretRule {
  return { id, title, keywords: namesOf(names), pattern: keyedPattern(names, value), ...extra };
}

/** A base64 token: no base64 character before it, none (nor padding) after it; `KEY=` may precede it. */
function base64Token(source: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9+/_-])(?<secret>${source})(?![A-Za-z0-9+/=_-])`, 'g');
}

/** Base64 (standard or URL-safe) to text; empty when it does not decode. */
function decode64(text: string): string {
  try {
    return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  } catch {
    return '';
  }
}

/** Not only hex digits: for formats wider than hex, a hex value there is more likely a hash. */
const notHex = (secret: string) => !/^[0-9a-fA-F]+$/.test(secret);

/** Signature (4 characters at offset 76) of Microsoft's 88-character identifiable keys. */
const signature88 = (secret: string) => secret.slice(76, 80);

// Keys Microsoft publishes for its local emulators (Azurite, the Cosmos DB emulator): never live.
const AZURE_EMULATOR_KEYS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);

// Elasticsearch's API reference encodes this id:api_key pair in its examples.
const ELASTIC_EXAMPLE_KEYS = new Set(['VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==']);

// Dynatrace's token documentation shows this token; 1Password's help pages show this Secret Key.
const DOCUMENTED_EXAMPLES = new Set([
  'dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM',
  'A3-ASWWYB-798JRY-LJVD4-23DC2-86TVM-H43EB',
]);
const notDocumented = (secret: string) => !DOCUMENTED_EXAMPLES.has(secret);

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32 checksum (BIP 173), which age identities carry. */
function isBech32(text: string): boolean {
  const lower = text.toLowerCase();
  const split = lower.lastIndexOf('1');
  if (split < 1) return false;
  const hrp = lower.slice(0, split);
  const data = [...lower.slice(split + 1)].map((c) => BECH32.indexOf(c));
  if (data.some((v) => v < 0)) return false;
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...data,
  ];
  for (const v of values) {
    const top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= GEN[i]!;
  }
  return chk === 1;
}

/** A base64 JWT in a Kubernetes Secret: the decoded token's claims name a Kubernetes issuer. */
function isKubernetesToken(secret: string): boolean {
  const parts = decode64(secret).split('.');
  if (parts.length !== 3) return false;
  return decode64(parts[1]!).includes('kubernetes');
}

export const CLOUD_RULES: SecretRule[] = [
  // ── Amazon Web Services ────────────────────────────────────────────────────────────────────────────────
  {
    // IAM: long-term keys AKIA, STS temporary ASIA, bearer ABIA, context ACCA; 16 base32 characters follow.
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    pattern: prefixedPattern('(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}'),
    minEntropy: 3,
  },
  {
    // IAM: the secret access key is 40 characters of base64 and only recognisable by its name.
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    keywords: ['aws', 'amazon', 'accesskey', 'access_key', 'access-key'],
    pattern: after(
      [assignedTo('aws|amazon'), assignedTo('secretaccesskey|secret_access_key|secret-access-key')],
      '[A-Za-z0-9/+]{40}',
    ),
    minEntropy: 4,
    validate: notHex,
  },
  {
    // STS session tokens are base64 of a serialized structure that opens "!\n\torigin_ec" or "\x17\n\x06zer/aws".
    id: 'aws-session-token',
    title: 'AWS session token',
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdz', 'fqogzxivyxdz'],
    pattern: base64Token('(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9+/]{100,4000}={0,2}'),
    minEntropy: 4,
  },
  {
    // Bedrock long-term API keys: ABSK + base64 of "BedrockAPIKey-<id>-at-<account>:<secret>".
    id: 'aws-bedrock-api-key',
    title: 'Amazon Bedrock API key',
    keywords: ['abskqmvkcm9ja0fqsutles'],
    pattern: base64Token('ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,300}={0,2}'),
    validate: (secret) => /^BedrockAPIKey-[A-Za-z0-9]{2,12}-at-\d{12}:.{16}/s.test(decode64(secret.slice(4))),
  },
  {
    // Bedrock short-term API keys: "bedrock-api-key-" + base64 of a SigV4 presigned bedrock.amazonaws.com URL.
    id: 'aws-bedrock-short-term-api-key',
    title: 'Amazon Bedrock short-term API key',
    keywords: ['bedrock-api-key-ymvkcm9jay5hbwf6b25hd3muy29t'],
    pattern: base64Token('bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,6000}={0,2}'),
    validate: (secret) => decode64(secret.slice(16)).includes('X-Amz-'),
  },

  // ── Microsoft Azure ────────────────────────────────────────────────────────────────────────────────────
  {
    // Storage account keys: 64 bytes in base64 (88 characters), in AccountKey= or a storage-named setting;
    // identifiable keys carry "+ASt" at offset 76.
    id: 'azure-storage-account-key',
    title: 'Azure Storage account key',
    keywords: ['accountkey', 'storage', '+ast'],
    pattern: after(
      [
        `${caseless('accountkey')}\\s{0,2}=\\s{0,2}`,
        assignedTo('storage'),
        '(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{76}\\+ASt)',
      ],
      '[A-Za-z0-9+/]{86}==',
      '(?![A-Za-z0-9+/=])',
    ),
    minEntropy: 4.5,
    // Keys of other services that also sit in AccountKey= are their own rules' (Cosmos DB, API Management).
    validate: (secret) => !AZURE_EMULATOR_KEYS.has(secret) && !['ACDb', 'APIM'].includes(signature88(secret)),
  },
  {
    // Cosmos DB: 88-character keys, in a documents.azure.com connection string; identifiable ones carry "ACDb".
    id: 'azure-cosmosdb-key',
    title: 'Azure Cosmos DB key',
    keywords: ['documents.azure.com', 'cosmos', 'documentdb', 'acdb'],
    pattern: after(
      [
        `${caseless('accountendpoint')}=https://[A-Za-z0-9-]{3,50}\\.documents\\.azure\\.com(?::\\d{2,5})?/?;\\s?${caseless('accountkey')}=`,
        assignedTo('cosmos|documentdb'),
        '(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{76}ACDb)',
      ],
      '[A-Za-z0-9+/]{86}==',
      '(?![A-Za-z0-9+/=])',
    ),
    minEntropy: 4.5,
    validate: (secret) => !AZURE_EMULATOR_KEYS.has(secret),
  },
  {
    // Service Bus, Event Hubs, Relay and IoT Hub SAS policy keys: 32 bytes in base64; identifiable ones carry
    // "+ASb", "+AEh", "+ARm" or "AIoT" at offset 33.
    id: 'azure-shared-access-key',
    title: 'Azure Service Bus / Event Hubs shared access key',
    keywords: ['sharedaccesskey', '+asb', '+aeh', '+arm', 'aiot'],
    pattern: after(
      [
        `${caseless('sharedaccesskey')}\\s{0,2}=\\s{0,2}`,
        '(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{33}(?:\\+ASb|\\+AEh|\\+ARm|AIoT))',
      ],
      '[A-Za-z0-9+/]{43}=',
      '(?![A-Za-z0-9+/=])',
    ),
    minEntropy: 4,
  },
  {
    // Entra ID (Azure AD) client secrets since 2021: 3 characters, a version digit, "Q~", then 31–34 more.
    id: 'azure-ad-client-secret',
    title: 'Microsoft Entra ID (Azure AD) client secret',
    keywords: ['q~'],
    pattern: prefixedPattern('[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}', 'A-Za-z0-9_~.\\-'),
    minEntropy: 3.5,
  },
  {
    // Shared access signatures: sv=<version>…&sig=<URL-encoded base64 HMAC-SHA256> (43 characters and "=").
    id: 'azure-sas-token',
    title: 'Azure shared access signature',
    keywords: ['sig='],
    pattern: after(
      ['sv=\\d{4}-\\d{2}-\\d{2}[^\\s"\'<>`]{0,400}?[?&;]sig='],
      '(?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:%3[Dd]|=)',
      '(?![A-Za-z0-9+/%])',
    ),
    minEntropy: 3.5,
  },
  {
    // Azure DevOps PATs since 2024: 84 characters in Microsoft's annotated format, "AZDO" at offset 76.
    id: 'azure-devops-pat',
    title: 'Azure DevOps personal access token',
    keywords: ['azdo'],
    pattern: prefixedPattern('[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4}'),
  },
  // Azure DevOps PATs before 2024: 52 characters of lower-case base32.
  keyed(
    'azure-devops-legacy-pat',
    'Azure DevOps personal access token',
    'devops|vsts|azdo|ado_pat|ado_token|ado-pat|ado-token',
    '[a-z2-7]{52}',
    { minEntropy: 3.5 },
  ),
  {
    // Functions host and function keys: 44 characters, "AzFu", 5 more and [AQgw]== (URL-safe base64);
    // older keys only by the x-functions-key header or a functions-named setting.
    id: 'azure-functions-key',
    title: 'Azure Functions key',
    keywords: ['azfu', 'functions-key', 'functions_key', 'function_key', 'functionkey', 'function-key'],
    pattern: after(
      [
        assignedTo('functions-key|functions_key|function_key|functionkey|function-key'),
        '(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==)',
      ],
      '[A-Za-z0-9_/+-]{40,60}={0,2}',
      '(?![A-Za-z0-9+/=_-])',
    ),
    minEntropy: 4,
  },
  {
    // Azure AI services (Cognitive Services, Azure OpenAI): 84-character annotated keys with "ACOG" at 76;
    // older keys are 32 hex next to the service's name or the Ocp-Apim-Subscription-Key header.
    id: 'azure-cognitive-services-key',
    title: 'Azure AI services (Cognitive Services / Azure OpenAI) key',
    keywords: [
      'acog',
      'azure_openai',
      'azureopenai',
      'azure-openai',
      'cognitive',
      'ocp-apim-subscription-key',
      'azure_ai',
    ],
    pattern: after(
      [
        assignedTo('azure_openai|azureopenai|azure-openai|cognitive|ocp-apim-subscription-key|azure_ai'),
        '(?<![A-Za-z0-9])(?=[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{18}ACOG)',
      ],
      '[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{18}ACOG[A-Za-z0-9]{4}|[a-f0-9]{32}',
    ),
    minEntropy: 3,
  },
  {
    // Container Registry passwords (identifiable): 42 base64 characters, "+ACR", [A-D] and 5 more.
    id: 'azure-container-registry-password',
    title: 'Azure Container Registry password',
    keywords: ['+acr'],
    pattern: base64Token('[A-Za-z0-9+/]{42}\\+ACR[A-D][A-Za-z0-9+/]{5}'),
    minEntropy: 4,
  },
  {
    // AI Search admin and query keys (identifiable): 42 characters, "AzSe", [A-D] and 5 more.
    id: 'azure-search-key',
    title: 'Azure AI Search key',
    keywords: ['azse'],
    pattern: prefixedPattern('[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}'),
    minEntropy: 4,
  },
  {
    // Cache for Redis access keys (identifiable): 33 characters, "AzCa", [A-P], 5 more and "=".
    id: 'azure-cache-for-redis-key',
    title: 'Azure Cache for Redis access key',
    keywords: ['azca'],
    pattern: base64Token('[A-Za-z0-9]{33}AzCa[A-P][A-Za-z0-9]{5}='),
    minEntropy: 4,
  },
  {
    // API Management subscription and gateway keys (identifiable): 88 characters with "APIM" at 76.
    id: 'azure-api-management-key',
    title: 'Azure API Management key',
    keywords: ['apim'],
    pattern: base64Token('[A-Za-z0-9+/]{76}APIM[A-Za-z0-9+/]{5}[AQgw]=='),
    minEntropy: 4.5,
  },
  {
    // Event Grid access keys (identifiable): 33 base64 characters, "AZEG", [A-P], 5 more and "=".
    id: 'azure-event-grid-key',
    title: 'Azure Event Grid access key',
    keywords: ['azeg'],
    pattern: base64Token('[A-Za-z0-9+/]{33}AZEG[A-P][A-Za-z0-9+/]{5}='),
    minEntropy: 4,
  },

  // ── Google Cloud and Firebase ──────────────────────────────────────────────────────────────────────────
  {
    // Google API keys: "AIza" and 35 URL-safe base64 characters.
    id: 'gcp-api-key',
    title: 'Google API key',
    keywords: ['aiza'],
    pattern: prefixedPattern('AIza[0-9A-Za-z_-]{35}'),
    minEntropy: 3.5,
  },
  {
    // OAuth client secrets since 2021: "GOCSPX-" and 28 characters.
    id: 'gcp-oauth-client-secret',
    title: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    pattern: prefixedPattern('GOCSPX-[0-9A-Za-z_-]{28}'),
    minEntropy: 3.5,
  },
  {
    // OAuth 2.0 access tokens: "ya29." and a long URL-safe body.
    id: 'gcp-oauth-access-token',
    title: 'Google OAuth access token',
    keywords: ['ya29.'],
    pattern: prefixedPattern('ya29\\.[0-9A-Za-z_.-]{30,2048}', 'A-Za-z0-9_\\-.'),
    minEntropy: 4,
  },
  {
    // OAuth 2.0 refresh tokens: "1//0" and a long URL-safe body.
    id: 'gcp-oauth-refresh-token',
    title: 'Google OAuth refresh token',
    keywords: ['1//0'],
    pattern: prefixedPattern('1//0[0-9A-Za-z_-]{40,512}', 'A-Za-z0-9_\\-/'),
    minEntropy: 4,
  },
  {
    // Service-account key files: the private_key_id (40 hex) marks the JSON key, next to the private key.
    id: 'gcp-service-account-key',
    title: 'Google Cloud service account key',
    keywords: ['private_key_id'],
    pattern: /['"]?private_key_id['"]?\s{0,4}[:=]\s{0,4}['"](?<secret>[a-f0-9]{40})['"]/g,
    minEntropy: 3,
  },
  {
    // FCM legacy server keys: "AAAA" + 7 characters, ":APA91b" and 134 URL-safe base64 characters.
    id: 'firebase-cloud-messaging-server-key',
    title: 'Firebase Cloud Messaging server key',
    keywords: [':apa91b'],
    pattern: prefixedPattern('AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}'),
    minEntropy: 4,
  },

  // ── Other clouds ───────────────────────────────────────────────────────────────────────────────────────
  {
    // Alibaba Cloud AccessKey IDs: "LTAI" and 12–20 alphanumerics.
    id: 'alibaba-access-key-id',
    title: 'Alibaba Cloud AccessKey ID',
    keywords: ['ltai'],
    pattern: prefixedPattern('LTAI[A-Za-z0-9]{12,20}'),
    minEntropy: 3,
  },
  // Alibaba Cloud AccessKey secrets: 30 alphanumerics.
  keyed(
    'alibaba-access-key-secret',
    'Alibaba Cloud AccessKey secret',
    'alibaba|aliyun|alicloud',
    '[A-Za-z0-9]{30}',
    {
      minEntropy: 3.5,
    },
  ),
  {
    // Tencent Cloud SecretIds: "AKID" and 32 alphanumerics.
    id: 'tencent-cloud-secret-id',
    title: 'Tencent Cloud SecretId',
    keywords: ['akid'],
    pattern: prefixedPattern('AKID[A-Za-z0-9]{32}'),
    minEntropy: 3.5,
  },
  // Tencent Cloud SecretKeys: 32 alphanumerics.
  keyed('tencent-cloud-secret-key', 'Tencent Cloud SecretKey', 'tencent|qcloud|tccli', '[A-Za-z0-9]{32}', {
    minEntropy: 3.5,
  }),
  // Huawei Cloud secret access keys (SK): 40 alphanumerics.
  keyed(
    'huawei-cloud-secret-access-key',
    'Huawei Cloud secret access key',
    'huawei|hwcloud',
    '[A-Za-z0-9]{40}',
    { minEntropy: 3.5, validate: notHex },
  ),
  // IBM Cloud API keys: 44 URL-safe characters.
  keyed('ibm-cloud-api-key', 'IBM Cloud API key', 'ibm|bluemix', '[A-Za-z0-9_-]{44}', { minEntropy: 4 }),
  // Oracle Cloud (OCI) customer secret keys: 32 bytes in base64.
  keyed(
    'oracle-cloud-secret-key',
    'Oracle Cloud customer secret key',
    'oracle|oci_|oci-',
    '[A-Za-z0-9+/]{43}=',
    {
      minEntropy: 4,
    },
  ),
  {
    // DigitalOcean: personal access tokens since 2021 are dop_v1_ + 64 hex.
    id: 'digitalocean-personal-access-token',
    title: 'DigitalOcean personal access token',
    keywords: ['dop_v1_'],
    pattern: prefixedPattern('dop_v1_[a-f0-9]{64}'),
    minEntropy: 3,
  },
  {
    id: 'digitalocean-oauth-token',
    title: 'DigitalOcean OAuth access token',
    keywords: ['doo_v1_'],
    pattern: prefixedPattern('doo_v1_[a-f0-9]{64}'),
    minEntropy: 3,
  },
  {
    id: 'digitalocean-refresh-token',
    title: 'DigitalOcean OAuth refresh token',
    keywords: ['dor_v1_'],
    pattern: prefixedPattern('dor_v1_[a-f0-9]{64}'),
    minEntropy: 3,
  },
  // DigitalOcean Spaces secret keys: 43 base64 characters.
  keyed(
    'digitalocean-spaces-secret-key',
    'DigitalOcean Spaces secret key',
    'spaces_secret|spaces-secret|spaces_key|spacessecret|digitalocean|do_spaces',
    '[A-Za-z0-9+/]{43}',
    { minEntropy: 4 },
  ),
  // Linode personal access tokens: 64 hex.
  keyed('linode-api-token', 'Linode (Akamai Cloud) API token', 'linode', '[a-f0-9]{64}', { minEntropy: 3 }),
  // Vultr API keys: 36 upper-case alphanumerics.
  keyed('vultr-api-key', 'Vultr API key', 'vultr', '[A-Z0-9]{36}', { minEntropy: 3.5 }),
  // Hetzner Cloud API tokens: 64 alphanumerics.
  keyed('hetzner-cloud-api-token', 'Hetzner Cloud API token', 'hetzner|hcloud', '[A-Za-z0-9]{64}', {
    minEntropy: 4,
    validate: notHex,
  }),
  {
    // Scaleway access keys: "SCW" and 17 upper-case alphanumerics.
    id: 'scaleway-access-key',
    title: 'Scaleway access key',
    keywords: ['scw'],
    pattern: prefixedPattern('SCW[A-Z0-9]{17}'),
    minEntropy: 3,
  },
  // Scaleway secret keys: a UUID.
  keyed('scaleway-secret-key', 'Scaleway secret key', 'scaleway|scw', UUID, { minEntropy: 3 }),
  // OVHcloud application secrets and consumer keys: 32 alphanumerics.
  keyed('ovh-api-secret', 'OVHcloud API application secret or consumer key', 'ovh', '[A-Za-z0-9]{32}', {
    minEntropy: 3.5,
  }),
  {
    // Backblaze B2 application keys: "K00" and 28 base64 characters.
    id: 'backblaze-application-key',
    title: 'Backblaze B2 application key',
    keywords: ['backblaze', 'b2_app', 'b2-app', 'b2app'],
    pattern: after([assignedTo('backblaze|b2_app|b2-app|b2app')], 'K00[A-Za-z0-9+/]{28}'),
    minEntropy: 3.5,
  },

  // ── Hosting and edge platforms ─────────────────────────────────────────────────────────────────────────
  // Heroku API keys (dashboard, `heroku authorizations`): a UUID.
  keyed('heroku-api-key', 'Heroku API key', 'heroku', UUID, { minEntropy: 3 }),
  {
    // Heroku platform tokens since 2024: "HRKU-AA" and 58 URL-safe characters.
    id: 'heroku-platform-token',
    title: 'Heroku platform API token',
    keywords: ['hrku-'],
    pattern: prefixedPattern('HRKU-AA[0-9A-Za-z_-]{58}'),
    minEntropy: 3.5,
  },
  {
    // Netlify tokens since 2023: nfp_ (personal), nfc_ (CLI), nfo_ (OAuth), nfu_ (app), nfb_ (build), 40 long.
    id: 'netlify-access-token',
    title: 'Netlify access token',
    keywords: ['nfp_', 'nfc_', 'nfo_', 'nfu_', 'nfb_'],
    pattern: prefixedPattern('nf[pcoub]_[A-Za-z0-9]{36}'),
    minEntropy: 3.5,
  },
  // Netlify tokens before 2023: 43–64 URL-safe characters.
  keyed('netlify-legacy-access-token', 'Netlify access token', 'netlify', '[A-Za-z0-9_-]{40,64}', {
    minEntropy: 4,
    validate: (secret) => !/^nf[pcoub]_/.test(secret),
  }),
  // Vercel access tokens: 24 alphanumerics.
  keyed('vercel-access-token', 'Vercel access token', 'vercel', '[A-Za-z0-9]{24}', { minEntropy: 3.5 }),
  {
    // Fly.io macaroon tokens: "FlyV1 " then fm1a_/fm1r_/fm2_ segments of base64, comma-joined.
    id: 'flyio-access-token',
    title: 'Fly.io access token',
    keywords: ['fm1a_', 'fm1r_', 'fm2_'],
    pattern: base64Token('fm(?:1[ar]|2)_[A-Za-z0-9+/=,_-]{100,4000}'),
    minEntropy: 4,
  },
  {
    // Fly.io personal tokens before macaroons: "fo1_" and 43 URL-safe characters.
    id: 'flyio-legacy-access-token',
    title: 'Fly.io access token',
    keywords: ['fo1_'],
    pattern: prefixedPattern('fo1_[A-Za-z0-9_-]{43}'),
    minEntropy: 4,
  },
  {
    // Render API keys: "rnd_" and 32 alphanumerics.
    id: 'render-api-key',
    title: 'Render API key',
    keywords: ['rnd_'],
    pattern: prefixedPattern('rnd_[A-Za-z0-9]{32}'),
    minEntropy: 3.5,
  },
  // Railway account, team and project tokens: a UUID.
  keyed('railway-api-token', 'Railway API token', 'railway', UUID, { minEntropy: 3 }),
  // Cloudflare API tokens: 40 URL-safe characters.
  keyed(
    'cloudflare-api-token',
    'Cloudflare API token',
    'cloudflare|cf_api|cf-api|cf_token|cf_auth|cf-auth',
    '[A-Za-z0-9_-]{40}',
    { minEntropy: 4, validate: notHex },
  ),
  // Cloudflare Global API Key: 37 hex, next to the account e-mail or the X-Auth-Key header.
  keyed(
    'cloudflare-global-api-key',
    'Cloudflare Global API Key',
    'cloudflare|cf_api|cf-api|cf_key|x-auth-key',
    '[a-f0-9]{37}',
    {
      minEntropy: 3,
    },
  ),
  {
    // Cloudflare Origin CA keys: "v1.0-", 24 hex, "-" and 146 hex.
    id: 'cloudflare-origin-ca-key',
    title: 'Cloudflare Origin CA key',
    keywords: ['v1.0-'],
    pattern: prefixedPattern('v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}'),
    minEntropy: 3,
  },
  // Fastly API tokens: 32 URL-safe characters.
  keyed('fastly-api-token', 'Fastly API token', 'fastly', '[A-Za-z0-9_-]{32}', {
    minEntropy: 3.5,
    validate: notHex,
  }),
  {
    // Akamai EdgeGrid client and access tokens: "akab-" and two groups of 16 (the host shares the prefix but
    // goes on with ".luna.akamaiapis.net").
    id: 'akamai-edgegrid-token',
    title: 'Akamai EdgeGrid token',
    keywords: ['akab-'],
    pattern: prefixedPattern('akab-[a-z0-9]{16}-[a-z0-9]{16}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  // Akamai EdgeGrid client secrets: 32 bytes in base64.
  keyed(
    'akamai-edgegrid-client-secret',
    'Akamai EdgeGrid client secret',
    'akamai|edgegrid',
    '[A-Za-z0-9+/]{43}=',
    {
      minEntropy: 4,
    },
  ),

  // ── Infrastructure as code and secret managers ─────────────────────────────────────────────────────────
  {
    // Terraform Cloud / HCP Terraform / Enterprise API tokens: 14 characters, ".atlasv1." and 60–70 more.
    id: 'terraform-cloud-api-token',
    title: 'HCP Terraform (Terraform Cloud) API token',
    keywords: ['.atlasv1.'],
    pattern: prefixedPattern('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_-]{60,70}'),
    minEntropy: 4,
  },
  {
    // Vault 1.10+ service tokens: "hvs." and a base62 body (longer when it carries a namespace).
    id: 'vault-service-token',
    title: 'HashiCorp Vault service token',
    keywords: ['hvs.'],
    pattern: prefixedPattern('hvs\\.[A-Za-z0-9_-]{24,400}'),
    minEntropy: 3.5,
  },
  {
    // Vault 1.10+ batch tokens: "hvb." and a long serialized body.
    id: 'vault-batch-token',
    title: 'HashiCorp Vault batch token',
    keywords: ['hvb.'],
    pattern: prefixedPattern('hvb\\.[A-Za-z0-9_-]{100,600}'),
    minEntropy: 4,
  },
  {
    // Vault 1.10+ recovery tokens: "hvr.".
    id: 'vault-recovery-token',
    title: 'HashiCorp Vault recovery token',
    keywords: ['hvr.'],
    pattern: prefixedPattern('hvr\\.[A-Za-z0-9_-]{24,400}'),
    minEntropy: 3.5,
  },
  // Vault tokens before 1.10: "s." and 24 base62 characters.
  keyed('vault-legacy-token', 'HashiCorp Vault token', 'vault', 's\\.[A-Za-z0-9]{24}', { minEntropy: 3.5 }),
  // Consul ACL tokens (secret IDs): a UUID.
  keyed('consul-acl-token', 'HashiCorp Consul ACL token', 'consul', UUID, { minEntropy: 3 }),
  // Nomad ACL tokens (secret IDs): a UUID.
  keyed('nomad-acl-token', 'HashiCorp Nomad ACL token', 'nomad', UUID, { minEntropy: 3 }),
  // HCP service principal client secrets: 64 URL-safe characters.
  keyed(
    'hcp-client-secret',
    'HashiCorp Cloud Platform client secret',
    'hcp_client|hcp-client',
    '[A-Za-z0-9_-]{64}',
    {
      minEntropy: 4,
    },
  ),
  {
    // Pulumi access tokens: "pul-" and 40 hex.
    id: 'pulumi-access-token',
    title: 'Pulumi access token',
    keywords: ['pul-'],
    pattern: prefixedPattern('pul-[a-f0-9]{40}'),
    minEntropy: 3,
  },
  {
    // Doppler tokens are dp.<kind>. and 40–44 base62 characters; service tokens may name their config.
    id: 'doppler-personal-token',
    title: 'Doppler personal token',
    keywords: ['dp.pt.'],
    pattern: prefixedPattern('dp\\.pt\\.[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    id: 'doppler-service-token',
    title: 'Doppler service token',
    keywords: ['dp.st.'],
    pattern: prefixedPattern('dp\\.st\\.(?:[a-z0-9_-]{2,35}\\.)?[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    id: 'doppler-service-account-token',
    title: 'Doppler service account token',
    keywords: ['dp.sa.'],
    pattern: prefixedPattern('dp\\.sa\\.[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    id: 'doppler-cli-token',
    title: 'Doppler CLI token',
    keywords: ['dp.ct.'],
    pattern: prefixedPattern('dp\\.ct\\.[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    id: 'doppler-scim-token',
    title: 'Doppler SCIM token',
    keywords: ['dp.scim.'],
    pattern: prefixedPattern('dp\\.scim\\.[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    id: 'doppler-audit-token',
    title: 'Doppler audit token',
    keywords: ['dp.audit.'],
    pattern: prefixedPattern('dp\\.audit\\.[A-Za-z0-9]{40,44}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  {
    // 1Password service account tokens: "ops_" and base64url JSON ({"signInAddress":…}).
    id: '1password-service-account-token',
    title: '1Password service account token',
    keywords: ['ops_eyj'],
    pattern: base64Token('ops_eyJ[A-Za-z0-9_-]{100,4000}={0,2}'),
    minEntropy: 4,
  },
  {
    // 1Password account Secret Keys: "A3-", then groups of 6, 6, 5, 5, 5 and 5 characters.
    id: '1password-secret-key',
    title: '1Password account Secret Key',
    keywords: ['a3-'],
    pattern: prefixedPattern('A3-[A-Z0-9]{6}-[A-Z0-9]{5,6}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'),
    minEntropy: 3.5,
    validate: notDocumented,
  },
  {
    // Infisical service tokens (st.<id>.<secret>.<key>) and machine identity client secrets (64 hex).
    id: 'infisical-token',
    title: 'Infisical token',
    keywords: ['infisical'],
    pattern: keyedPattern('infisical', 'st\\.[A-Za-z0-9-]{24,36}\\.[a-f0-9]{32}\\.[a-f0-9]{32}|[a-f0-9]{64}'),
    minEntropy: 3,
  },

  // ── Containers, registries, Kubernetes, networking ─────────────────────────────────────────────────────
  {
    // Docker Hub personal access tokens: "dckr_pat_" and 27 URL-safe characters.
    id: 'docker-hub-personal-access-token',
    title: 'Docker Hub personal access token',
    keywords: ['dckr_pat_'],
    pattern: prefixedPattern('dckr_pat_[A-Za-z0-9_-]{27}'),
    minEntropy: 3.5,
  },
  {
    // Docker Hub organization access tokens: "dckr_oat_".
    id: 'docker-hub-organization-access-token',
    title: 'Docker Hub organization access token',
    keywords: ['dckr_oat_'],
    pattern: prefixedPattern('dckr_oat_[A-Za-z0-9_-]{27,40}'),
    minEntropy: 3.5,
  },
  {
    // JFrog Artifactory API keys: "AKCp" and 69 alphanumerics.
    id: 'jfrog-api-key',
    title: 'JFrog Artifactory API key',
    keywords: ['akcp'],
    pattern: prefixedPattern('AKCp[A-Za-z0-9]{69}'),
    minEntropy: 4,
  },
  {
    // JFrog reference (identity) tokens: base64 of "reftkn:01:<expiry>:<random>", 64 characters.
    id: 'jfrog-reference-token',
    title: 'JFrog identity (reference) token',
    keywords: ['cmvmdgtuojaxoj'],
    pattern: base64Token('cmVmdGtuOjAxOj[A-Za-z0-9+/]{50}'),
    minEntropy: 4,
    validate: (secret) => /^reftkn:01:\d{10}:/.test(decode64(secret)),
  },
  {
    // kubeconfig client-key-data: a base64 PEM private key ("-----BEGIN " is LS0tLS1CRUdJTi).
    id: 'kubernetes-client-key-data',
    title: 'Kubernetes kubeconfig client key',
    keywords: ['client-key-data'],
    pattern: after(
      [`${caseless('client-key-data')}['"]?\\s{0,4}:\\s{0,4}['"]?`],
      'LS0tLS1CRUdJTi[A-Za-z0-9+/]{100,12000}={0,2}',
      '(?![A-Za-z0-9+/=])',
    ),
    validate: (secret) => decode64(secret).includes('PRIVATE KEY'),
  },
  {
    // Service account tokens stored in a Secret: base64 of a JWT ("eyJhbGciOiJ…") with a Kubernetes issuer.
    id: 'kubernetes-service-account-token',
    title: 'Kubernetes service account token',
    keywords: ['zxlkagjhy2lpaup'],
    pattern: base64Token('ZXlKaGJHY2lPaUp[A-Za-z0-9+/]{100,8000}={0,2}'),
    validate: isKubernetesToken,
  },
  {
    // kubeadm bootstrap tokens: 6 and 16 lower-case alphanumerics joined by a dot.
    id: 'kubernetes-bootstrap-token',
    title: 'Kubernetes bootstrap token',
    keywords: ['kubeadm', 'bootstrap'],
    pattern: after(
      ['kubeadm[^\\n]{0,200}?--token[= ]{1,2}', assignedTo('bootstrap_token|bootstrap-token|bootstraptoken')],
      '[a-z0-9]{6}\\.[a-z0-9]{16}',
    ),
    minEntropy: 3,
  },
  {
    // Rancher API keys: "token-" + 5 characters, ":" and a 54-character secret.
    id: 'rancher-api-token',
    title: 'Rancher API token',
    keywords: ['rancher', 'cattle'],
    pattern: keyedPattern('rancher|cattle', '(?:token-[a-z0-9]{5}:)?[a-z0-9]{54}'),
    minEntropy: 3.5,
  },
  {
    // Tailscale keys: tskey-<auth|api|client|scim|webhook>-<key id>-<secret>.
    id: 'tailscale-key',
    title: 'Tailscale key',
    keywords: ['tskey-'],
    pattern: prefixedPattern('tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,50}'),
    minEntropy: 3.5,
  },
  {
    // ngrok authtokens and API keys: 27 alphanumerics (starting with a digit), "_" and 20–22 more.
    id: 'ngrok-authtoken',
    title: 'ngrok authtoken',
    keywords: ['ngrok', 'authtoken'],
    pattern: after(
      [assignedTo('ngrok|authtoken'), `${caseless('authtoken')}\\s{1,4}`],
      '[1-9][A-Za-z0-9]{26}_[A-Za-z0-9]{20,22}',
    ),
    minEntropy: 4,
  },

  // ── Observability and incident response ────────────────────────────────────────────────────────────────
  {
    // Grafana Cloud access policy tokens: "glc_" and base64 JSON.
    id: 'grafana-cloud-access-policy-token',
    title: 'Grafana Cloud access policy token',
    keywords: ['glc_'],
    pattern: base64Token('glc_eyJ[A-Za-z0-9+/]{30,600}={0,2}'),
    minEntropy: 4,
  },
  {
    // Grafana service account tokens: "glsa_", 32 alphanumerics, "_" and an 8-hex checksum.
    id: 'grafana-service-account-token',
    title: 'Grafana service account token',
    keywords: ['glsa_'],
    pattern: prefixedPattern('glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
    minEntropy: 3.5,
  },
  {
    // Grafana API keys before service accounts: base64 of {"k":"…","n":"…","id":…}.
    id: 'grafana-api-key',
    title: 'Grafana API key',
    keywords: ['eyjrijoi'],
    pattern: base64Token('eyJrIjoi[A-Za-z0-9+/]{30,200}={0,2}'),
    validate: (secret) => /^\{"k":"[A-Za-z0-9]{16,64}","n":".{1,100}","id":\d+\}$/s.test(decode64(secret)),
  },
  // Datadog API keys: 32 hex.
  keyed('datadog-api-key', 'Datadog API key', 'datadog|dd_api|dd-api|ddapi', '[a-f0-9]{32}', {
    minEntropy: 3,
  }),
  // Datadog application keys: 40 hex.
  keyed('datadog-application-key', 'Datadog application key', 'datadog|dd_app|dd-app|ddapp', '[a-f0-9]{40}', {
    minEntropy: 3,
  }),
  {
    // New Relic user API keys: "NRAK-" and 27 upper-case alphanumerics.
    id: 'newrelic-user-api-key',
    title: 'New Relic user API key',
    keywords: ['nrak-'],
    pattern: prefixedPattern('NRAK-[A-Z0-9]{27}'),
    minEntropy: 3.5,
  },
  {
    // New Relic admin API keys (legacy): "NRAA-" and 27 hex.
    id: 'newrelic-admin-api-key',
    title: 'New Relic admin API key',
    keywords: ['nraa-'],
    pattern: prefixedPattern('NRAA-[a-f0-9]{27}'),
    minEntropy: 3,
  },
  {
    // New Relic browser keys: "NRJS-" and 19 hex.
    id: 'newrelic-browser-api-key',
    title: 'New Relic browser API key',
    keywords: ['nrjs-'],
    pattern: prefixedPattern('NRJS-[a-f0-9]{19}'),
    minEntropy: 3,
  },
  {
    // New Relic Insights insert keys: "NRII-" and 32 URL-safe characters.
    id: 'newrelic-insights-insert-key',
    title: 'New Relic Insights insert key',
    keywords: ['nrii-'],
    pattern: prefixedPattern('NRII-[A-Za-z0-9_-]{32}'),
    minEntropy: 3.5,
  },
  {
    // New Relic Insights query keys: "NRIQ-" and 32 URL-safe characters.
    id: 'newrelic-insights-query-key',
    title: 'New Relic Insights query key',
    keywords: ['nriq-'],
    pattern: prefixedPattern('NRIQ-[A-Za-z0-9_-]{32}'),
    minEntropy: 3.5,
  },
  {
    // New Relic ingest (license) keys: 36 hex + "NRAL" (EU: "eu01xx" + 30 hex + "NRAL"); older ones are 40 hex
    // next to a New Relic name.
    id: 'newrelic-license-key',
    title: 'New Relic license key',
    keywords: ['nral', 'newrelic', 'new_relic', 'new-relic', 'nr_license'],
    pattern: after(
      [
        assignedTo('newrelic|new_relic|new-relic|nr_license'),
        '(?<![A-Za-z0-9])(?=(?:[a-f0-9]{36}|eu01xx[a-f0-9]{30})NRAL)',
      ],
      '(?:[a-f0-9]{36}|eu01xx[a-f0-9]{30})NRAL|[a-f0-9]{40}',
    ),
    minEntropy: 3,
  },
  {
    // Sentry organization auth tokens: "sntrys_", base64 JSON of the org and URLs, "_" and 43 characters.
    id: 'sentry-org-auth-token',
    title: 'Sentry organization auth token',
    keywords: ['sntrys_'],
    pattern: prefixedPattern('sntrys_eyJ[A-Za-z0-9+/=]{30,800}_[A-Za-z0-9+/]{43}'),
    minEntropy: 4,
  },
  {
    // Sentry user auth tokens: "sntryu_" and 64 hex.
    id: 'sentry-user-auth-token',
    title: 'Sentry user auth token',
    keywords: ['sntryu_'],
    pattern: prefixedPattern('sntryu_[a-f0-9]{64}'),
    minEntropy: 3,
  },
  // Sentry auth tokens before prefixes: 64 hex.
  keyed('sentry-auth-token', 'Sentry auth token', 'sentry', '[a-f0-9]{64}', { minEntropy: 3 }),
  {
    // Sentry DSNs: https://<32-hex public key>[:<secret key>]@<host with "sentry">/<project id>. Sentry's docs
    // call the public key safe to ship in clients, so a DSN is `major`; one with the legacy secret key is not.
    id: 'sentry-dsn',
    title: 'Sentry DSN',
    keywords: ['sentry'],
    pattern:
      /https?:\/\/(?<secret>[a-f0-9]{32})@[a-z0-9.-]{0,100}?sentry[a-z0-9.-]{0,100}(?::\d{2,5})?\/\d{1,12}(?![\w-])/g,
    minEntropy: 3,
    severity: 'major',
  },
  {
    id: 'sentry-dsn-secret-key',
    title: 'Sentry DSN with its secret key',
    keywords: ['sentry'],
    pattern:
      /https?:\/\/(?<secret>[a-f0-9]{32}:[a-f0-9]{32})@[a-z0-9.-]{0,100}?sentry[a-z0-9.-]{0,100}(?::\d{2,5})?\/\d{1,12}(?![\w-])/g,
    minEntropy: 3,
  },
  {
    // Dynatrace tokens: dt0c01 (API) / dt0s01… (platform), "." 24 upper-case alphanumerics, "." and 64 more.
    id: 'dynatrace-api-token',
    title: 'Dynatrace API token',
    keywords: ['dt0c', 'dt0s'],
    pattern: prefixedPattern('dt0[cs]\\d{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
    validate: notDocumented,
  },
  {
    // Honeycomb v2 keys: hcaik_ (ingest) or hcaic_ (configuration) and 58 lower-case alphanumerics.
    id: 'honeycomb-api-key',
    title: 'Honeycomb API key',
    keywords: ['hcaik_', 'hcaic_'],
    pattern: prefixedPattern('hcai[kc]_[a-z0-9]{58}'),
    minEntropy: 3.5,
  },
  // Honeycomb classic keys: 32 hex (ingest) or 22 alphanumerics (configuration).
  keyed('honeycomb-classic-api-key', 'Honeycomb API key', 'honeycomb', '[a-f0-9]{32}|[A-Za-z0-9]{22}', {
    minEntropy: 3,
  }),
  {
    // Splunk HTTP Event Collector tokens: a UUID, after a Splunk name or the "Authorization: Splunk" scheme.
    id: 'splunk-hec-token',
    title: 'Splunk HTTP Event Collector token',
    keywords: ['splunk', 'hec_token', 'hec-token'],
    pattern: after([assignedTo('splunk|hec_token|hec-token'), `${caseless('splunk')}\\s{1,4}`], UUID),
    minEntropy: 3,
  },
  // Sumo Logic access keys: 64 alphanumerics.
  keyed('sumologic-access-key', 'Sumo Logic access key', 'sumo', '[A-Za-z0-9]{64}', {
    minEntropy: 4,
    validate: notHex,
  }),
  {
    // Sumo Logic HTTP source URLs carry their token in the path.
    id: 'sumologic-http-source-url',
    title: 'Sumo Logic HTTP source URL',
    keywords: ['sumologic.com/receiver'],
    pattern:
      /https:\/\/[a-z0-9-]{1,40}\.collection\.(?:[a-z0-9]{1,10}\.)?sumologic\.com\/receiver\/v1\/(?:http|otlp)\/(?<secret>[A-Za-z0-9_=+-]{40,400})/g,
    minEntropy: 4,
  },
  {
    // Elasticsearch API keys: base64 of "<20-char id>:<22-char key>", after an Elastic name or "ApiKey ".
    id: 'elastic-api-key',
    title: 'Elasticsearch API key',
    keywords: ['elastic', 'kibana', 'es_api', 'apikey '],
    pattern: after([assignedTo('elastic|kibana|es_api'), 'ApiKey '], '[A-Za-z0-9+/]{58}={0,2}'),
    validate: (secret) =>
      !ELASTIC_EXAMPLE_KEYS.has(secret) && /^[A-Za-z0-9_-]{20}:[A-Za-z0-9_-]{22}$/.test(decode64(secret)),
  },
  {
    // PagerDuty REST API keys: 20 characters (user tokens start "u+"), or the "Token token=" header.
    id: 'pagerduty-api-key',
    title: 'PagerDuty API key',
    keywords: ['pagerduty', 'token token='],
    pattern: after([assignedTo('pagerduty'), 'Token token='], '[A-Za-z0-9_+-]{20}'),
    minEntropy: 3,
  },
  // PagerDuty integration (routing) keys: 32 alphanumerics.
  keyed(
    'pagerduty-integration-key',
    'PagerDuty integration key',
    'pagerduty|routing_key',
    '[A-Za-z0-9]{32}',
    {
      minEntropy: 3,
    },
  ),
  {
    // Opsgenie API keys: a UUID, after an Opsgenie name or the "GenieKey" scheme.
    id: 'opsgenie-api-key',
    title: 'Opsgenie API key',
    keywords: ['opsgenie', 'geniekey'],
    pattern: after([assignedTo('opsgenie'), `${caseless('geniekey')}\\s{1,4}`], UUID),
    minEntropy: 3,
  },
  // Bugsnag API keys: 32 hex.
  keyed('bugsnag-api-key', 'Bugsnag API key', 'bugsnag', '[a-f0-9]{32}', { minEntropy: 3 }),
  // Rollbar access tokens: 32 hex.
  keyed('rollbar-access-token', 'Rollbar access token', 'rollbar', '[a-f0-9]{32}', { minEntropy: 3 }),
  {
    // Axiom tokens: xaat- (API) or xapt- (personal) and a UUID.
    id: 'axiom-api-token',
    title: 'Axiom API token',
    keywords: ['xaat-', 'xapt-'],
    pattern: prefixedPattern(`xa[ap]t-${UUID}`),
    minEntropy: 3,
  },
  // Mezmo (LogDNA) ingestion keys: 32 hex.
  keyed('mezmo-ingestion-key', 'Mezmo (LogDNA) ingestion key', 'logdna|mezmo', '[a-f0-9]{32}', {
    minEntropy: 3,
  }),
  // Loggly customer tokens: a UUID.
  keyed('loggly-customer-token', 'Loggly customer token', 'loggly', UUID, { minEntropy: 3 }),
  {
    // LaunchDarkly SDK keys (sdk-) and mobile keys (mob-): a UUID after the prefix.
    id: 'launchdarkly-sdk-key',
    title: 'LaunchDarkly SDK key',
    keywords: ['sdk-', 'mob-'],
    pattern: prefixedPattern(`(?:sdk|mob)-${UUID}`),
    minEntropy: 3,
  },
  // LaunchDarkly API access tokens: "api-" and a UUID.
  keyed(
    'launchdarkly-access-token',
    'LaunchDarkly access token',
    'launchdarkly|launch_darkly|ld_api|ld_access',
    `api-${UUID}`,
    {
      minEntropy: 3,
    },
  ),

  // ── CI/CD and code quality ─────────────────────────────────────────────────────────────────────────────
  // Snyk API tokens: a UUID.
  keyed('snyk-api-token', 'Snyk API token', 'snyk', UUID, { minEntropy: 3 }),
  // Codecov upload tokens: a UUID.
  keyed('codecov-upload-token', 'Codecov upload token', 'codecov', UUID, { minEntropy: 3 }),
  // Travis CI API tokens: 22 URL-safe characters.
  keyed('travis-ci-api-token', 'Travis CI API token', 'travis', '[A-Za-z0-9_-]{22}', { minEntropy: 3.5 }),
  {
    // CircleCI personal API tokens since 2023: "CCIPAT_", 22 characters, "_" and 40 hex.
    id: 'circleci-personal-api-token',
    title: 'CircleCI personal API token',
    keywords: ['ccipat_'],
    pattern: prefixedPattern('CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}'),
    minEntropy: 3.5,
  },
  {
    // CircleCI project API tokens since 2023: "CCIPRJ_", 22 characters, "_" and 40 hex.
    id: 'circleci-project-api-token',
    title: 'CircleCI project API token',
    keywords: ['cciprj_'],
    pattern: prefixedPattern('CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40}'),
    minEntropy: 3.5,
  },
  // CircleCI tokens before prefixes: 40 hex (CIRCLE_SHA1 is a commit, hence no bare "circle").
  keyed(
    'circleci-legacy-api-token',
    'CircleCI API token',
    'circleci|circle_token|circle-token|circle_api',
    '[a-f0-9]{40}',
    {
      minEntropy: 3,
    },
  ),
  // Drone CI personal tokens: 32 alphanumerics.
  keyed('drone-ci-token', 'Drone CI token', 'drone', '[A-Za-z0-9]{32}', { minEntropy: 3.5 }),
  {
    // Buildkite user API access tokens: "bkua_" and 40 hex.
    id: 'buildkite-user-access-token',
    title: 'Buildkite API access token',
    keywords: ['bkua_'],
    pattern: prefixedPattern('bkua_[a-f0-9]{40}'),
    minEntropy: 3,
  },
  {
    // Jenkins API tokens (2.129+): "11" and 32 hex.
    id: 'jenkins-api-token',
    title: 'Jenkins API token',
    keywords: ['jenkins'],
    pattern: keyedPattern('jenkins', '11[a-f0-9]{32}'),
    minEntropy: 3,
  },
  {
    // TeamCity access tokens: a JWT-like value whose header is {"typ": "TCV2"}.
    id: 'teamcity-access-token',
    title: 'TeamCity access token',
    keywords: ['eyj0exaioiaivenwmij9'],
    pattern: prefixedPattern(
      'eyJ0eXAiOiAiVENWMiJ9\\.[A-Za-z0-9_-]{20,100}\\.[A-Za-z0-9_-]{20,100}',
      'A-Za-z0-9_\\-.',
    ),
    minEntropy: 4,
  },
  {
    // SonarQube user tokens: "squ_" and 40 hex.
    id: 'sonarqube-user-token',
    title: 'SonarQube user token',
    keywords: ['squ_'],
    pattern: prefixedPattern('squ_[a-f0-9]{40}'),
    minEntropy: 3,
  },
  {
    // SonarQube project analysis tokens: "sqp_" and 40 hex.
    id: 'sonarqube-project-analysis-token',
    title: 'SonarQube project analysis token',
    keywords: ['sqp_'],
    pattern: prefixedPattern('sqp_[a-f0-9]{40}'),
    minEntropy: 3,
  },
  {
    // SonarQube global analysis tokens: "sqa_" and 40 hex.
    id: 'sonarqube-global-analysis-token',
    title: 'SonarQube global analysis token',
    keywords: ['sqa_'],
    pattern: prefixedPattern('sqa_[a-f0-9]{40}'),
    minEntropy: 3,
  },
  // SonarCloud tokens and SonarQube tokens before prefixes: 40 hex.
  keyed('sonarcloud-token', 'SonarCloud token', 'sonar', '[a-f0-9]{40}', { minEntropy: 3 }),
  {
    // Octopus Deploy API keys: "API-" and 25–32 upper-case alphanumerics.
    id: 'octopus-deploy-api-key',
    title: 'Octopus Deploy API key',
    keywords: ['api-'],
    pattern: prefixedPattern('API-[A-Z0-9]{25,32}'),
    minEntropy: 3.5,
    validate: (secret) => /\d/.test(secret.slice(4)) && /[A-Z]/.test(secret.slice(4)),
  },
  {
    // Harness personal (pat.) and service account (sat.) tokens: account id, token id (24 hex), secret.
    id: 'harness-access-token',
    title: 'Harness access token',
    keywords: ['pat.', 'sat.'],
    pattern: prefixedPattern(
      '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}',
      'A-Za-z0-9_\\-.',
    ),
    minEntropy: 3.5,
  },
  {
    // Kong Konnect personal (kpat_) and system account (spat_) access tokens.
    id: 'kong-konnect-access-token',
    title: 'Kong Konnect access token',
    keywords: ['kpat_', 'spat_'],
    pattern: prefixedPattern('[ks]pat_[A-Za-z0-9]{45,55}'),
    minEntropy: 4,
  },

  // ── Data platforms ─────────────────────────────────────────────────────────────────────────────────────
  {
    // Databricks personal access tokens: "dapi" and 32 hex, sometimes "-<digit>".
    id: 'databricks-access-token',
    title: 'Databricks personal access token',
    keywords: ['dapi'],
    pattern: prefixedPattern('dapi[a-f0-9]{32}(?:-\\d)?'),
    minEntropy: 3,
  },
  {
    // Databricks OAuth secrets of service principals: "dose" and 32 hex.
    id: 'databricks-oauth-secret',
    title: 'Databricks OAuth secret',
    keywords: ['dose'],
    pattern: prefixedPattern('dose[a-f0-9]{32}'),
    minEntropy: 3,
  },
  // Confluent Cloud API secrets: 64 base64 characters.
  keyed('confluent-api-secret', 'Confluent Cloud API secret', 'confluent|ccloud', '[A-Za-z0-9+/]{64}', {
    minEntropy: 4,
    validate: notHex,
  }),
  {
    // PlanetScale service tokens: "pscale_tkn_".
    id: 'planetscale-service-token',
    title: 'PlanetScale service token',
    keywords: ['pscale_tkn_'],
    pattern: prefixedPattern('pscale_tkn_[A-Za-z0-9_-]{32,64}'),
    minEntropy: 3.5,
  },
  {
    // PlanetScale database passwords: "pscale_pw_".
    id: 'planetscale-password',
    title: 'PlanetScale database password',
    keywords: ['pscale_pw_'],
    pattern: prefixedPattern('pscale_pw_[A-Za-z0-9_-]{32,64}'),
    minEntropy: 3.5,
  },
  {
    // PlanetScale OAuth tokens: "pscale_oauth_".
    id: 'planetscale-oauth-token',
    title: 'PlanetScale OAuth token',
    keywords: ['pscale_oauth_'],
    pattern: prefixedPattern('pscale_oauth_[A-Za-z0-9_-]{32,64}'),
    minEntropy: 3.5,
  },
  {
    // Supabase management API access tokens: "sbp_" (or "sbp_oauth_") and 40 hex.
    id: 'supabase-access-token',
    title: 'Supabase access token',
    keywords: ['sbp_'],
    pattern: prefixedPattern('sbp_(?:oauth_)?[a-f0-9]{40}'),
    minEntropy: 3,
  },
  {
    // Supabase secret API keys (2025): "sb_secret_" and a base62 body.
    id: 'supabase-secret-key',
    title: 'Supabase secret key',
    keywords: ['sb_secret_'],
    pattern: prefixedPattern('sb_secret_[A-Za-z0-9_-]{28,64}'),
    minEntropy: 3.5,
  },
  {
    // MongoDB Atlas service account client secrets: "mdb_sa_sk_".
    id: 'mongodb-atlas-service-account-secret',
    title: 'MongoDB Atlas service account secret',
    keywords: ['mdb_sa_sk_'],
    pattern: prefixedPattern('mdb_sa_sk_[A-Za-z0-9_-]{36,48}'),
    minEntropy: 3.5,
  },
  // MongoDB Atlas programmatic API private keys: a UUID.
  keyed('mongodb-atlas-api-private-key', 'MongoDB Atlas API private key', 'atlas|mcli_private', UUID, {
    minEntropy: 3,
  }),
  {
    // Neon API keys: "napi_" and 64 lower-case alphanumerics.
    id: 'neon-api-key',
    title: 'Neon API key',
    keywords: ['napi_'],
    pattern: prefixedPattern('napi_[a-z0-9]{64}'),
    minEntropy: 3.5,
  },
  {
    // Prefect Cloud API keys: "pnu_" (user) or "pnb_" (service account) and 36 alphanumerics.
    id: 'prefect-api-key',
    title: 'Prefect Cloud API key',
    keywords: ['pnu_', 'pnb_'],
    pattern: prefixedPattern('pn[ub]_[A-Za-z0-9]{36}'),
    minEntropy: 3.5,
  },
  {
    // Aiven-generated service passwords: "AVNS_" and a random body.
    id: 'aiven-service-password',
    title: 'Aiven service password',
    keywords: ['avns_'],
    pattern: prefixedPattern('AVNS_[A-Za-z0-9_-]{19,40}'),
    minEntropy: 3.5,
  },
  {
    // Airtable personal access tokens: "pat", 14 characters, "." and 64 hex.
    id: 'airtable-personal-access-token',
    title: 'Airtable personal access token',
    keywords: ['pat'],
    pattern: prefixedPattern('pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}', 'A-Za-z0-9_\\-.'),
    minEntropy: 3.5,
  },
  // Airtable API keys (retired 2024): "key" and 14 alphanumerics.
  keyed('airtable-api-key', 'Airtable API key', 'airtable', 'key[A-Za-z0-9]{14}', { minEntropy: 3 }),
  {
    // Cloudinary: cloudinary://<api key>:<api secret>@<cloud name>, or the API secret (27 URL-safe characters).
    id: 'cloudinary-api-secret',
    title: 'Cloudinary API secret',
    keywords: ['cloudinary'],
    pattern: after(
      [`${caseless('cloudinary')}://\\d{12,16}:`, assignedTo('cloudinary')],
      '[A-Za-z0-9_-]{27}',
    ),
    minEntropy: 3.5,
  },
  {
    // Algolia admin (write) API keys: 32 hex next to an Algolia admin or write name.
    id: 'algolia-admin-api-key',
    title: 'Algolia admin API key',
    keywords: ['algolia'],
    pattern: after(
      [
        `${caseless('algolia')}[\\w.-]{0,20}?(?:${caseless('admin')}|${caseless('write')})${assignedTo('')}`,
        assignedTo('algolia_api_key|algolia-api-key|algoliaapikey'),
      ],
      '[a-f0-9]{32}',
    ),
    minEntropy: 3,
  },
  {
    // age identities: "AGE-SECRET-KEY-1" and 58 bech32 characters, with a bech32 checksum.
    id: 'age-secret-key',
    title: 'age secret key',
    keywords: ['age-secret-key-1'],
    pattern: prefixedPattern('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
    validate: isBech32,
  },
];
