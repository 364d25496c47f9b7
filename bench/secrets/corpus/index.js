// The secrets corpus: for every rule, samples made from the provider's documented format and the
// placeholders that must not be reported. See ../expand.js for the template syntax.
import { BUSINESS_CORPUS } from './business-saas.js';
import { CLOUD_CORPUS } from './cloud-infra.js';
import { DEVELOPER_CORPUS } from './developer-ai.js';
import { GENERIC_CORPUS } from './generic.js';
import { PARTNER_CORPUS } from './scanning-partners.js';

/** @type {import('../expand.js').CorpusEntry[]} */
export const SECRETS_CORPUS = [
  ...CLOUD_CORPUS,
  ...BUSINESS_CORPUS,
  ...DEVELOPER_CORPUS,
  ...PARTNER_CORPUS,
  ...GENERIC_CORPUS,
];

/**
 * Lines any scanner should leave alone: templates, examples and stand-ins that name no provider's format.
 * Counted with the placeholders of the entries.
 */
export const COMMON_PLACEHOLDERS = [
  'API_KEY=${API_KEY}',
  'token: {{ .Values.token }}',
  'password = "<password>"',
  'api_key = "your-api-key-here"',
  'SECRET=changeme',
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'SLACK_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
  'GITLAB_TOKEN=glpat-XXXXXXXXXXXXXXXXXXXX',
  'stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"',
  'OPENAI_API_KEY=sk-...',
  'ANTHROPIC_API_KEY=sk-ant-...',
  'password: "%(db_password)s"',
  'token = os.environ["TOKEN"]',
  'const secret = config.get("secret");',
  'export PASSWORD=$PASSWORD',
  'client_secret: "{{ secrets.CLIENT_SECRET }}"',
  'api_key: ENC[AES256_GCM,data:...,type:str]',
  'password: 1234567890',
  'key = "0123456789abcdef0123456789abcdef"',
  'token = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
  'sha = "3f786850e387550fdab836ed7e6dc881de23001b"',
  'integrity: sha512-{{ hash }}',
  'uuid = "123e4567-e89b-12d3-a456-426614174000"',
];
