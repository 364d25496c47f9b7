import { looksLikePlaceholder } from '../placeholder.js';
import { caseless, keyedPattern, prefixedPattern, type SecretRule } from '../secret-rule.js';

// Long by nature: a table with one rule per provider, and the providers are many.

// Credentials of business and SaaS providers: payments, commerce, messaging, email, social, productivity, CRM,
// content, maps, identity and crypto exchanges. Each rule is written from the provider's documented token
// format; formats that cannot stand alone (32 hex, a uuid) need the provider's name in the assignment.

const re = String.raw;

const UUID = re`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;
const JWT = re`eyJ[A-Za-z0-9_-]{10,400}\.eyJ[A-Za-z0-9_-]{4,3000}\.[A-Za-z0-9_-]{16,800}`;
/** No base64 character around a token that is itself base64 (so it is not the middle of a longer blob). */
const B64_BOUNDARY = re`A-Za-z0-9_\-+/`;

/** The assignment around a keyed value, as in `keyedPattern`: the rest of the name, the operator, a quote. */
const ASSIGNMENT = re`[\w.\-\[\]'"]{0,40}?\s{0,4}(?:=>|:=|<-|\|\|=|\?\?=|=|:)\s{0,8}(?:[\w.]+\()?['"${'`'}]?`;
const VALUE_END = re`(?![A-Za-z0-9+/_-])`;

type Extra = Pick<SecretRule, 'minEntropy' | 'validate' | 'placeholderCheck'>;

interface KeyedOptions extends Extra {
  /** The name must also contain one of these words after the provider's (`PAYPAL_CLIENT_SECRET`). */
  words?: string;
  /**
   * The provider's name is a short word that other words contain (`box` in `checkbox`): it must start the
   * name or a camel-case part of it.
   */
  wordStart?: boolean;
}

/** `box` → matches `BOX_…`, `box_…`, `…Box…` (camel case), never `checkbox` or `inbox`. */
function atWordStart(name: string): string {
  const capitalized = name.charAt(0).toUpperCase() + name.slice(1);
  return `(?:(?<![A-Za-z])${caseless(name)}|(?<=[a-z])${capitalized})`;
}

/** The regex source of a name containing one of `names`, then (when given) one of `words`. */
function nameSource(names: string, options: KeyedOptions = {}): string {
  const alternatives = names
    .split('|')
    .map((n) => (options.wordStart ? atWordStart(n) : caseless(n)))
    .join('|');
  if (options.words === undefined) return `(?:${alternatives})`;
  const words = options.words
    .split('|')
    .map((w) => caseless(w))
    .join('|');
  return re`(?:${alternatives})[\w.\-]{0,30}?(?:${words})`;
}

function keywordsOf(names: string): string[] {
  return names.split('|').map((n) => n.toLowerCase());
}

function prefixed(
  id: string,
  title: string,
  keywords: string | string[],
  source: string,
  extra: Extra & { boundary?: string } = {},
): SecretRule {
  const { boundary, ...rest } = extra;
  return {
    id,
    title,
    keywords: typeof keywords === 'string' ? [keywords] : keywords,
    pattern: prefixedPattern(source, boundary),
    ...rest,
  };
}

function keyed(
  id: string,
  title: string,
  names: string,
  value: string,
  options: KeyedOptions = {},
): SecretRule {
  const { words, wordStart, ...rest } = options;
  const pattern =
    words === undefined && !wordStart
      ? keyedPattern(names, value)
      : new RegExp(`${nameSource(names, options)}${ASSIGNMENT}(?<secret>${value})${VALUE_END}`);
  return { id, title, keywords: keywordsOf(names), pattern, ...rest };
}

/**
 * A self-prefixed token that is also used as the password of a URL (`https://x-token-auth:<token>@host/path`):
 * the URL around it is matched too, so this rule, not the generic URL-password one, reports it.
 */
function withUrlContext(source: string): RegExp {
  return new RegExp(
    re`(?:https?://[^\s:@/'"]{1,100}:)?(?<![A-Za-z0-9_-])(?<secret>${source})(?![A-Za-z0-9_-])` +
      re`(?:@[A-Za-z0-9.-]{1,100}(?:/[^\s'"<>${'`'}]{0,200})?)?`,
  );
}

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('latin1');
}

/** A JWT's header decodes to a JSON object naming its algorithm. */
function isJwt(token: string): boolean {
  try {
    const header: unknown = JSON.parse(decodeBase64(token.split('.')[0]!));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** A Discord bot token's first part is the bot's user id (a snowflake, 17 to 20 digits) in base64. */
function isDiscordBotToken(token: string): boolean {
  return /^[1-9][0-9]{16,19}$/.test(decodeBase64(token.split('.')[0]!));
}

/** An Intercom access token is base64 of `tok:` and the token's id. */
function isIntercomToken(token: string): boolean {
  return /^tok:[\x21-\x7e]{16,}$/.test(decodeBase64(token));
}

/** A Mapbox token's middle part is base64url JSON naming the user (`{"u":"name","a":"…"}`). */
function isMapboxToken(token: string): boolean {
  try {
    const payload: unknown = JSON.parse(decodeBase64(token.split('.')[1]!));
    return typeof payload === 'object' && payload !== null && 'u' in payload;
  } catch {
    return false;
  }
}

/**
 * The random part (after the prefix) mixes upper and lower case, with digits or with the case changing as
 * often as in random text, as a generated token does and an identifier that shares the prefix
 * (`secret_ManagerClientFactory…`) does not.
 */
function isMixedCase(secret: string): boolean {
  const body = secret.replace(/^[a-z0-9]{1,6}[._]/, '');
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return false;
  if (/[0-9]/.test(body)) return true;
  const letters = body.replace(/[^A-Za-z]/g, '');
  let changes = 0;
  for (let i = 1; i < letters.length; i++) {
    if (/[A-Z]/.test(letters[i]!) !== /[A-Z]/.test(letters[i - 1]!)) changes++;
  }
  return changes >= 0.4 * (letters.length - 1);
}

/** Lower-case base36 that has both letters and digits (not a word or a hyphenated name). */
function hasLettersAndDigits(secret: string): boolean {
  const body = secret.replace(/^[a-z]{1,6}-/, '');
  return /[a-z]/.test(body) && /[0-9]/.test(body);
}

/** Rejects keys a provider publishes in its documentation. */
function notOneOf(...examples: string[]): (secret: string) => boolean {
  const known = new Set(examples);
  return (secret) => !known.has(secret);
}

export const BUSINESS_RULES: SecretRule[] = [
  // ── Payments ────────────────────────────────────────────────────────────────────────────────────────────
  // Stripe API keys: sk_live_/sk_test_ then base62, 24 characters for old keys and 99 or more for new ones.
  prefixed(
    'stripe-secret-key',
    'Stripe secret key',
    ['sk_live_', 'sk_test_'],
    'sk_(?:live|test)_[0-9a-zA-Z]{24,247}',
    { minEntropy: 3.5 },
  ),
  prefixed(
    'stripe-restricted-key',
    'Stripe restricted API key',
    ['rk_live_', 'rk_test_'],
    'rk_(?:live|test)_[0-9a-zA-Z]{24,247}',
    { minEntropy: 3.5 },
  ),
  // Webhook endpoint signing secrets: whsec_ then 32 base62 (Dashboard) or 64 hex (Stripe CLI).
  prefixed('stripe-webhook-secret', 'Stripe webhook signing secret', 'whsec_', 'whsec_[A-Za-z0-9]{32,64}', {
    boundary: B64_BOUNDARY,
    minEntropy: 3.5,
  }),
  // Square access tokens (production and sandbox) start EAAA and are 64 characters.
  prefixed('square-access-token', 'Square access token', 'eaaa', 'EAAA[A-Za-z0-9_-]{56,64}', {
    boundary: B64_BOUNDARY,
    minEntropy: 4,
  }),
  // Square's legacy OAuth tokens and application secrets.
  prefixed('square-oauth-token', 'Square OAuth access token', 'sq0atp-', 'sq0atp-[0-9A-Za-z_-]{22}', {
    minEntropy: 3.5,
  }),
  prefixed('square-application-secret', 'Square application secret', 'sq0csp-', 'sq0csp-[0-9A-Za-z_-]{43}', {
    minEntropy: 4,
  }),
  // Braintree (PayPal) access tokens: access_token$<environment>$<merchant id>$<32 hex>.
  prefixed(
    'braintree-access-token',
    'PayPal Braintree access token',
    ['access_token$production$', 'access_token$sandbox$'],
    re`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`,
  ),
  // PayPal REST app secrets are 80 base64url characters (as are client ids, hence "secret" in the name).
  keyed('paypal-client-secret', 'PayPal REST API client secret', 'paypal', '[A-Za-z0-9_-]{80}', {
    words: 'secret',
    minEntropy: 4.5,
  }),
  // Adyen API keys: AQE…== then -<base64 44>= then -<16 printable characters>.
  {
    id: 'adyen-api-key',
    title: 'Adyen API key',
    keywords: ['aqe'],
    pattern: new RegExp(
      re`(?<![A-Za-z0-9+/])(?<secret>AQE[A-Za-z0-9+/]{60,200}={0,2}-[A-Za-z0-9+/]{42,44}={0,2}(?:-[!#-&(-\[\]-_a-~]{8,24})?)`,
    ),
    // The last part is random printable characters, which can look like a template (`$ABC`, `<x>`), so the
    // placeholder test runs on the two base64 parts only.
    placeholderCheck: 'off',
    minEntropy: 4.5,
    validate: (secret) =>
      !looksLikePlaceholder(/^AQE[A-Za-z0-9+/]+={0,2}-[A-Za-z0-9+/]+={0,2}/.exec(secret)?.[0] ?? secret),
  },
  // Adyen's webhook HMAC keys are 64 upper-case hex characters.
  keyed('adyen-hmac-key', 'Adyen webhook HMAC key', 'adyen', '[A-F0-9]{64}', {
    words: 'hmac',
    minEntropy: 2.8,
  }),
  // Razorpay key ids are rzp_live_/rzp_test_ then 14 base62; the key secret is 24 base62.
  prefixed(
    'razorpay-key-id',
    'Razorpay API key ID',
    ['rzp_live_', 'rzp_test_'],
    'rzp_(?:live|test)_[A-Za-z0-9]{14}',
    { minEntropy: 2.8 },
  ),
  keyed('razorpay-key-secret', 'Razorpay API key secret', 'razorpay|rzp', '[A-Za-z0-9]{24}', {
    words: 'secret',
    minEntropy: 3.5,
  }),
  // Paystack secret keys: sk_live_/sk_test_ then 40 hex; the name makes it Paystack's rather than Stripe's.
  keyed('paystack-secret-key', 'Paystack secret key', 'paystack', 'sk_(?:live|test)_[a-f0-9]{40}', {
    minEntropy: 2.8,
  }),
  // Flutterwave secret keys FLWSECK-<32 hex>-X (FLWSECK_TEST- in test mode), encryption keys FLWSECK_TEST<12 hex>.
  prefixed(
    'flutterwave-secret-key',
    'Flutterwave secret key',
    'flwseck',
    'FLWSECK(?:_TEST)?-[a-fA-F0-9]{32}-X',
    { minEntropy: 2.8 },
  ),
  prefixed(
    'flutterwave-encryption-key',
    'Flutterwave encryption key',
    'flwseck_test',
    'FLWSECK_TEST[a-fA-F0-9]{12}',
  ),
  // Plaid access tokens: access-<environment>-<uuid>; client secrets are 30 hex.
  prefixed(
    'plaid-access-token',
    'Plaid access token',
    ['access-sandbox-', 'access-development-', 'access-production-'],
    `access-(?:sandbox|development|production)-${UUID}`,
    // The access token in Plaid's API reference examples.
    { validate: notOneOf('access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6') },
  ),
  keyed('plaid-client-secret', 'Plaid client secret', 'plaid', '[a-f0-9]{30}', { minEntropy: 2.8 }),
  // Coinbase: legacy API secrets are 32 base62; CDP API key secrets are a base64 Ed25519 key (88 characters).
  keyed('coinbase-api-secret', 'Coinbase API secret', 'coinbase', '(?:[A-Za-z0-9]{32}|[A-Za-z0-9+/]{86}==)', {
    minEntropy: 3.5,
  }),
  // Binance API keys and secrets are 64 base62 characters.
  keyed('binance-api-key', 'Binance API key or secret', 'binance', '[A-Za-z0-9]{64}', { minEntropy: 4.5 }),
  // Kraken API keys are 56 base64 characters, private keys 88 (64 bytes).
  keyed('kraken-api-key', 'Kraken API key', 'kraken', '[A-Za-z0-9+/]{56}', { minEntropy: 4.5 }),
  keyed('kraken-private-key', 'Kraken API private key', 'kraken', '[A-Za-z0-9+/]{86}==', { minEntropy: 4.5 }),
  // KuCoin API keys are 24 hex, secrets a uuid.
  keyed('kucoin-api-key', 'KuCoin API key', 'kucoin', '[a-f0-9]{24}', { words: 'key', minEntropy: 2.5 }),
  keyed('kucoin-api-secret', 'KuCoin API secret', 'kucoin', UUID, { words: 'secret' }),
  // Bittrex API keys and secrets are 32 hex.
  keyed('bittrex-api-key', 'Bittrex API key or secret', 'bittrex', '[a-f0-9]{32}', { minEntropy: 2.8 }),
  // GoCardless access tokens: live_ or sandbox_ then about 40 base64url characters.
  keyed(
    'gocardless-access-token',
    'GoCardless access token',
    'gocardless',
    '(?:live|sandbox)_[A-Za-z0-9_-]{36,48}',
    { minEntropy: 4 },
  ),
  // Mollie API keys: live_/test_ then 30 base62; organization access tokens: access_ then 40.
  keyed('mollie-api-key', 'Mollie API key', 'mollie', '(?:live|test)_[A-Za-z0-9]{30}', { minEntropy: 3.5 }),
  keyed('mollie-access-token', 'Mollie organization access token', 'mollie', 'access_[A-Za-z0-9]{40}', {
    minEntropy: 4,
  }),
  // Checkout.com: sandbox secret keys sk_sbox_…; live keys sk_… (and the older sk_test_<uuid>, sk_<uuid>).
  prefixed(
    'checkout-sandbox-secret-key',
    'Checkout.com sandbox secret key',
    'sk_sbox_',
    'sk_sbox_[a-z0-9]{26,40}',
    { minEntropy: 3.5 },
  ),
  keyed(
    'checkout-secret-key',
    'Checkout.com secret key',
    'checkout|cko',
    `sk_(?:test_)?${UUID}|sk_[a-z0-9]{26,40}`,
    { minEntropy: 3.5 },
  ),
  // Wise (TransferWise) API tokens are uuids.
  keyed('wise-api-token', 'Wise API token', 'wise', UUID, { words: 'token|key' }),

  // ── Commerce ────────────────────────────────────────────────────────────────────────────────────────────
  // Shopify tokens: a four-letter kind prefix and 32 hex characters.
  prefixed('shopify-access-token', 'Shopify Admin API access token', 'shpat_', 'shpat_[a-fA-F0-9]{32}', {
    minEntropy: 2.8,
  }),
  prefixed('shopify-custom-app-token', 'Shopify custom app access token', 'shpca_', 'shpca_[a-fA-F0-9]{32}', {
    minEntropy: 2.8,
  }),
  prefixed(
    'shopify-private-app-token',
    'Shopify private app access token',
    'shppa_',
    'shppa_[a-fA-F0-9]{32}',
    { minEntropy: 2.8 },
  ),
  prefixed('shopify-shared-secret', 'Shopify app shared secret', 'shpss_', 'shpss_[a-fA-F0-9]{32}', {
    minEntropy: 2.8,
  }),
  // BigCommerce API account access tokens and client secrets: 30 to 64 lower-case base36 characters.
  keyed(
    'bigcommerce-access-token',
    'BigCommerce API token or client secret',
    'bigcommerce',
    '[a-z0-9]{30,64}',
    {
      words: 'token|secret',
      minEntropy: 3.5,
    },
  ),
  // WooCommerce REST API keys: consumer key ck_<40 hex>, consumer secret cs_<40 hex>.
  prefixed('woocommerce-consumer-key', 'WooCommerce consumer key', 'ck_', 'ck_[a-f0-9]{40}', {
    minEntropy: 2.8,
  }),
  prefixed('woocommerce-consumer-secret', 'WooCommerce consumer secret', 'cs_', 'cs_[a-f0-9]{40}', {
    minEntropy: 2.8,
  }),

  // ── Messaging and email ─────────────────────────────────────────────────────────────────────────────────
  // Twilio API key SIDs: SK and 32 hex; their secrets are 32 base62; account auth tokens are 32 hex.
  prefixed('twilio-api-key', 'Twilio API key', 'sk', 'SK[0-9a-f]{32}', { minEntropy: 2.8 }),
  keyed('twilio-api-secret', 'Twilio API key secret', 'twilio', '[A-Za-z0-9]{32}', {
    words: 'secret',
    minEntropy: 3.5,
  }),
  keyed('twilio-auth-token', 'Twilio auth token', 'twilio', '[a-f0-9]{32}', { minEntropy: 2.8 }),
  // SendGrid API keys: SG.<22 base64url>.<43 base64url>.
  prefixed('sendgrid-api-key', 'SendGrid API key', 'sg.', re`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, {
    boundary: re`A-Za-z0-9_\-.`,
    minEntropy: 4,
  }),
  // Mailgun's older private API keys: key- and 32 lower-case base36 characters (docs show key-3ax6…).
  prefixed('mailgun-api-key', 'Mailgun API key', 'key-', 'key-[0-9a-z]{32}', {
    minEntropy: 3.2,
    validate: (secret) => hasLettersAndDigits(secret) && secret !== 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
  }),
  // Newer Mailgun private API keys: <32 hex>-<8 hex>-<8 hex>.
  keyed(
    'mailgun-private-api-key',
    'Mailgun private API key',
    'mailgun',
    '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}',
    { minEntropy: 2.8 },
  ),
  // Mailchimp Marketing API keys: 32 hex and the data center (-us1 … -us21).
  prefixed('mailchimp-api-key', 'Mailchimp API key', '-us', '[0-9a-f]{32}-us[0-9]{1,2}', { minEntropy: 2.8 }),
  // Mailchimp Transactional (Mandrill) API keys: 22 base64url characters, newer ones prefixed md-.
  keyed(
    'mandrill-api-key',
    'Mailchimp Transactional (Mandrill) API key',
    'mandrill',
    '(?:md-)?[A-Za-z0-9_-]{22}',
    { minEntropy: 3.5 },
  ),
  // Postmark server and account tokens are uuids.
  keyed('postmark-api-token', 'Postmark API token', 'postmark', UUID, { words: 'token|key' }),
  // SparkPost API keys are 40 hex.
  keyed('sparkpost-api-key', 'SparkPost API key', 'sparkpost', '[a-f0-9]{40}', { minEntropy: 2.8 }),
  // Brevo (Sendinblue) API keys xkeysib-<64 hex>-<16 base62>, SMTP keys xsmtpsib- the same way.
  prefixed(
    'brevo-api-key',
    'Brevo (Sendinblue) API key',
    'xkeysib-',
    'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}',
    { minEntropy: 3.5 },
  ),
  prefixed(
    'brevo-smtp-key',
    'Brevo (Sendinblue) SMTP key',
    'xsmtpsib-',
    'xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}',
    { minEntropy: 3.5 },
  ),
  // Mailjet API keys and secret keys are 32 hex; Mailjet's docs name them MJ_APIKEY_PUBLIC/MJ_APIKEY_PRIVATE.
  keyed('mailjet-api-key', 'Mailjet API key or secret', 'mailjet|mj_apikey', '[a-f0-9]{32}', {
    minEntropy: 2.8,
  }),
  // Resend API keys: re_<8 base62>_<24 base62>.
  prefixed('resend-api-key', 'Resend API key', 're_', 're_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}', {
    minEntropy: 3.5,
    validate: isMixedCase,
  }),
  // Slack tokens: xox<kind>- then dash-separated team/user ids and a random part.
  prefixed('slack-bot-token', 'Slack bot token', 'xoxb-', 'xoxb-[0-9]{8,13}-[0-9]{8,13}-[A-Za-z0-9]{24,34}', {
    minEntropy: 3.5,
  }),
  prefixed(
    'slack-user-token',
    'Slack user token',
    'xoxp-',
    'xoxp-[0-9]{8,13}-[0-9]{8,13}-[0-9]{8,13}-[a-f0-9]{32}',
    { minEntropy: 3.5 },
  ),
  prefixed(
    'slack-workspace-token',
    'Slack workspace app token',
    'xoxa-',
    'xoxa-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{24,64}',
    { minEntropy: 3.5 },
  ),
  prefixed(
    'slack-refresh-token',
    'Slack refresh token',
    'xoxr-',
    'xoxr-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{24,64}',
    { minEntropy: 3.5 },
  ),
  prefixed(
    'slack-session-token',
    'Slack legacy session token',
    'xoxs-',
    'xoxs-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{24,64}',
    { minEntropy: 3.5 },
  ),
  // App configuration tokens (xoxe.xoxp-1-…, xoxe.xoxb-1-…) and their refresh tokens (xoxe-1-…).
  prefixed(
    'slack-config-token',
    'Slack app configuration token',
    'xoxe.xox',
    re`xoxe\.xox[bp]-1-[A-Za-z0-9]{100,300}`,
    { minEntropy: 4.5 },
  ),
  prefixed(
    'slack-config-refresh-token',
    'Slack configuration refresh token',
    'xoxe-',
    'xoxe-1-[A-Za-z0-9]{100,300}',
    { minEntropy: 4.5 },
  ),
  // App-level tokens: xapp-<version>-<app id>-<digits>-<64 hex>.
  prefixed(
    'slack-app-level-token',
    'Slack app-level token',
    'xapp-',
    'xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,16}-[a-f0-9]{64}',
    { minEntropy: 3.5 },
  ),
  // Incoming webhooks: hooks.slack.com/services/T<team>/B<hook>/<24 base62>.
  {
    id: 'slack-webhook-url',
    title: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    pattern:
      /https?:\/\/hooks\.slack\.com\/services\/(?<secret>T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24})(?![A-Za-z0-9])/,
  },
  // Workflow Builder webhooks: /workflows/T…/A…/<digits>/<token> and /triggers/T…/<digits>/<32 hex>.
  {
    id: 'slack-workflow-webhook-url',
    title: 'Slack workflow webhook URL',
    keywords: ['hooks.slack.com'],
    pattern:
      /https?:\/\/hooks\.slack\.com\/(?:workflows|triggers)\/(?<secret>T[A-Z0-9]{8,12}\/(?:A[A-Z0-9]{8,12}\/)?[0-9]{6,20}\/[A-Za-z0-9]{24,40})(?![A-Za-z0-9])/,
  },
  // Discord bot tokens: base64 of the bot's user id, a timestamp part and an HMAC part.
  {
    id: 'discord-bot-token',
    title: 'Discord bot token',
    keywords: ['discord', 'bot '],
    pattern: new RegExp(
      `(?:${nameSource('discord')}${ASSIGNMENT}|(?<![A-Za-z])Bot[ \\t]{1,4})` +
        re`(?<secret>[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40})${VALUE_END}`,
    ),
    minEntropy: 4,
    validate: isDiscordBotToken,
  },
  // Discord webhooks: discord.com/api/webhooks/<snowflake>/<68 base64url>.
  {
    id: 'discord-webhook-url',
    title: 'Discord webhook URL',
    keywords: ['discord'],
    pattern:
      /https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/(?<secret>[0-9]{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
  },
  keyed('discord-client-secret', 'Discord OAuth2 client secret', 'discord', '[A-Za-z0-9_-]{32}', {
    words: 'secret',
    minEntropy: 3.5,
  }),
  // Telegram bot tokens: <bot id>:AA<33 base64url> (also inside api.telegram.org/bot<token>/ URLs).
  {
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    keywords: [':aa'],
    pattern: /(?<![A-Za-z0-9_-])(?:bot)?(?<secret>[0-9]{8,12}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  // Teams incoming webhooks: <tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<32 hex>/<uuid>
  // (older ones on outlook.office.com/webhook/), newer ones with a trailing signature part.
  {
    id: 'microsoft-teams-webhook-url',
    title: 'Microsoft Teams incoming webhook URL',
    keywords: ['webhook.office.com', 'outlook.office.com', 'outlook.office365.com'],
    pattern: new RegExp(
      re`https://(?:[a-z0-9-]{1,60}\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/` +
        re`(?<secret>${UUID}@${UUID}/IncomingWebhook/[a-f0-9]{32}/${UUID}(?:/[A-Za-z0-9_-]{20,80})?)(?![A-Za-z0-9_-])`,
    ),
  },
  // Zoom OAuth and Server-to-Server app client secrets are 32 base62 characters.
  keyed('zoom-client-secret', 'Zoom client secret', 'zoom', '[A-Za-z0-9]{32}', {
    words: 'secret',
    minEntropy: 3.5,
  }),
  // MessageBird (Bird) access keys are 25 base62 characters.
  keyed('messagebird-api-key', 'MessageBird API key', 'messagebird|message_bird', '[A-Za-z0-9]{25}', {
    minEntropy: 3.5,
  }),
  // Vonage (Nexmo) API secrets are 16 base62 characters (the API key beside them is 8 hex).
  keyed('vonage-api-secret', 'Vonage (Nexmo) API secret', 'vonage|nexmo', '[A-Za-z0-9]{16}', {
    words: 'secret',
    minEntropy: 2.5,
  }),
  // Plivo auth tokens are 40 base62 characters.
  keyed('plivo-auth-token', 'Plivo auth token', 'plivo', '[A-Za-z0-9]{40}', { minEntropy: 4 }),
  // Sendbird API tokens are 40 hex.
  keyed('sendbird-api-token', 'Sendbird API token', 'sendbird', '[a-f0-9]{40}', { minEntropy: 2.8 }),
  // Pusher Channels app secrets are 20 hex.
  keyed('pusher-app-secret', 'Pusher Channels app secret', 'pusher', '[a-f0-9]{20}', {
    words: 'secret',
    minEntropy: 2.5,
  }),
  // Ably API keys: <app id>.<key id>:<key secret>.
  keyed(
    'ably-api-key',
    'Ably API key',
    'ably',
    re`[A-Za-z0-9_-]{4,10}\.[A-Za-z0-9_-]{4,10}:[A-Za-z0-9_+/=-]{40,48}`,
    { minEntropy: 4 },
  ),
  // Mattermost personal access tokens are 26 lower-case base36 characters.
  keyed('mattermost-access-token', 'Mattermost access token', 'mattermost', '[a-z0-9]{26}', {
    minEntropy: 3.5,
  }),
  // Gitter personal access tokens are 40 hex.
  keyed('gitter-access-token', 'Gitter access token', 'gitter', '[a-f0-9]{40}', { minEntropy: 2.8 }),

  // ── Social ──────────────────────────────────────────────────────────────────────────────────────────────
  // App-only bearer tokens start with a run of A's, then URL-encoded base64 (%2B, %3D).
  // The run of A's trips the placeholder test's "one character" rule, so it runs on the rest instead.
  {
    id: 'twitter-bearer-token',
    title: 'Twitter (X) bearer token',
    keywords: ['aaaaaaaaaaaaaaaaaaaa'],
    pattern: prefixedPattern('A{20}[A-Za-z0-9%]{60,160}', re`A-Za-z0-9_\-%`),
    placeholderCheck: 'off',
    validate: (secret) => {
      const rest = secret.replace(/^A+/, '');
      return rest.length >= 40 && /%[0-9A-F]{2}|[a-z]/.test(rest) && !looksLikePlaceholder(rest);
    },
  },
  // Twitter (X) API keys (consumer keys) are 25 base62, API secrets 50, access tokens <user id>-<base62>,
  // access token secrets 45.
  keyed('twitter-api-key', 'Twitter (X) API key', 'twitter', '[A-Za-z0-9]{25}', { minEntropy: 3.5 }),
  keyed('twitter-api-secret', 'Twitter (X) API secret', 'twitter', '[A-Za-z0-9]{50}', { minEntropy: 4 }),
  keyed('twitter-access-token', 'Twitter (X) access token', 'twitter', '[0-9]{1,20}-[A-Za-z0-9]{20,40}', {
    minEntropy: 3.5,
  }),
  keyed('twitter-access-token-secret', 'Twitter (X) access token secret', 'twitter', '[A-Za-z0-9]{45}', {
    minEntropy: 4,
  }),
  // Facebook / Meta (Graph API, WhatsApp Cloud API) access tokens start EAA and run to 100-250 base62.
  prefixed('facebook-access-token', 'Facebook (Meta) access token', 'eaa', 'EAA[A-Za-z0-9]{90,400}', {
    boundary: B64_BOUNDARY,
    minEntropy: 4.5,
  }),
  // Facebook app secrets are 32 hex.
  keyed(
    'facebook-app-secret',
    'Facebook (Meta) app secret',
    'facebook|fb_app|fbapp|fb_client|fb_secret',
    '[a-f0-9]{32}',
    { minEntropy: 2.8 },
  ),
  // Instagram user access tokens: IGQV…/IGQW… (Basic Display) and IGAA… (Instagram API with Instagram Login).
  prefixed(
    'instagram-access-token',
    'Instagram access token',
    ['igqv', 'igqw', 'igaa'],
    'IG(?:Q[VW]|AA)[A-Za-z0-9_-]{100,400}',
    {
      boundary: B64_BOUNDARY,
      minEntropy: 4.5,
    },
  ),
  // LinkedIn client secrets: WPL_AP<n>.<16 base62>.<base64 checksum>==; older ones 16 base62.
  prefixed(
    'linkedin-client-secret',
    'LinkedIn client secret',
    'wpl_ap',
    re`WPL_AP[0-9]\.[A-Za-z0-9]{16}\.[A-Za-z0-9+/]{6}==`,
    { boundary: B64_BOUNDARY, minEntropy: 3.5 },
  ),
  keyed('linkedin-legacy-client-secret', 'LinkedIn client secret (legacy)', 'linkedin', '[A-Za-z0-9]{16}', {
    words: 'secret',
    minEntropy: 2.5,
  }),
  // Twitch client secrets and OAuth tokens are 30 lower-case base36 (IRC logins prefix oauth:).
  keyed('twitch-oauth-token', 'Twitch OAuth token or client secret', 'twitch', '(?:oauth:)?[a-z0-9]{30}', {
    words: 'secret|token|oauth|password',
    minEntropy: 3.5,
  }),
  // Spotify client secrets are 32 hex.
  keyed('spotify-client-secret', 'Spotify client secret', 'spotify', '[a-f0-9]{32}', {
    words: 'secret',
    minEntropy: 2.8,
  }),

  // ── Productivity and collaboration ──────────────────────────────────────────────────────────────────────
  // Dropbox short-lived access tokens: sl. (sl.u. for newer ones) then base64url.
  prefixed(
    'dropbox-short-lived-token',
    'Dropbox access token',
    'sl.',
    re`sl\.(?:u\.)?[A-Za-z0-9_-]{130,1500}`,
    {
      minEntropy: 4.5,
      validate: isMixedCase,
    },
  ),
  // Legacy long-lived tokens: 11 characters, ten A's, 43 more.
  keyed(
    'dropbox-long-lived-token',
    'Dropbox long-lived access token',
    'dropbox',
    '[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}',
    { minEntropy: 3.5 },
  ),
  // Dropbox app secrets are 15 lower-case base36.
  keyed('dropbox-app-secret', 'Dropbox app secret', 'dropbox', '[a-z0-9]{15}', {
    words: 'secret',
    minEntropy: 2.5,
  }),
  // Box developer tokens and client secrets are 32 base62.
  keyed('box-api-token', 'Box developer token or client secret', 'box', '[A-Za-z0-9]{32}', {
    words: 'token|secret',
    wordStart: true,
    minEntropy: 3.5,
  }),
  // Asana personal access tokens: 1/<user id>:<32 hex>, newer 2/<user id>/<token id>:<32 hex>.
  keyed(
    'asana-personal-access-token',
    'Asana personal access token',
    'asana',
    '[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[a-f0-9]{32}',
    { minEntropy: 2.8 },
  ),
  // Atlassian API tokens: ATATT3 (account API tokens) and ATCTT3 (Bitbucket repository, project and
  // workspace access tokens), a 12-character header, base64url, = and an 8-hex check.
  {
    id: 'atlassian-api-token',
    title: 'Atlassian API token',
    keywords: ['atatt3'],
    pattern: withUrlContext('ATATT3[A-Za-z0-9_-]{150,300}=[A-Fa-f0-9]{8}'),
    minEntropy: 4.5,
  },
  {
    id: 'atlassian-access-token',
    title: 'Atlassian Bitbucket access token',
    keywords: ['atctt3'],
    pattern: withUrlContext('ATCTT3[A-Za-z0-9_-]{150,300}=[A-Fa-f0-9]{8}'),
    minEntropy: 4.5,
  },
  // Older Atlassian cloud API tokens (Jira, Confluence) are 24 base62.
  keyed(
    'atlassian-legacy-api-token',
    'Atlassian (Jira, Confluence) API token',
    'atlassian|jira|confluence',
    '[A-Za-z0-9]{24}',
    {
      words: 'token|password|secret',
      minEntropy: 3.5,
    },
  ),
  // Trello: new tokens ATTA<64 hex><8 hex check>; legacy tokens 64 hex; API keys 32 hex.
  prefixed('trello-api-token', 'Trello API token', 'atta', 'ATTA[a-fA-F0-9]{64,72}', { minEntropy: 2.8 }),
  keyed('trello-legacy-token', 'Trello API token (legacy)', 'trello', '[a-f0-9]{64}', { minEntropy: 2.8 }),
  keyed('trello-api-key', 'Trello API key', 'trello', '[a-f0-9]{32}', { minEntropy: 2.8 }),
  // Notion integration tokens: secret_<43 base62> (older), ntn_<digits and base62> (since 2024).
  prefixed('notion-integration-token', 'Notion integration token', 'secret_', 'secret_[A-Za-z0-9]{43}', {
    minEntropy: 4,
    validate: isMixedCase,
  }),
  prefixed('notion-api-token', 'Notion API token', 'ntn_', 'ntn_[A-Za-z0-9]{40,50}', {
    minEntropy: 4,
    validate: isMixedCase,
  }),
  // Linear personal API keys lin_api_<40 base62>, OAuth tokens lin_oauth_<64 hex>.
  prefixed('linear-api-key', 'Linear API key', 'lin_api_', 'lin_api_[A-Za-z0-9]{40}', { minEntropy: 4 }),
  prefixed('linear-oauth-token', 'Linear OAuth token', 'lin_oauth_', 'lin_oauth_[a-f0-9]{64}', {
    minEntropy: 2.8,
  }),
  // ClickUp personal tokens: pk_<user id>_<32 upper-case base36>.
  prefixed('clickup-api-token', 'ClickUp personal API token', 'pk_', 'pk_[0-9]{6,12}_[A-Z0-9]{32}', {
    minEntropy: 3.5,
  }),
  // monday.com API tokens are JWTs; the name tells them from other JWTs.
  keyed('monday-api-token', 'monday.com API token', 'monday', JWT, { validate: isJwt }),
  // Figma personal access tokens: figd_ then about 40 base64url.
  prefixed(
    'figma-personal-access-token',
    'Figma personal access token',
    'figd_',
    'figd_[A-Za-z0-9_-]{38,44}',
    {
      minEntropy: 4,
      validate: isMixedCase,
    },
  ),
  // Calendly personal access tokens are JWTs.
  keyed('calendly-personal-access-token', 'Calendly personal access token', 'calendly', JWT, {
    validate: isJwt,
  }),
  // Typeform personal access tokens: tfp_ then base64url parts.
  prefixed(
    'typeform-personal-access-token',
    'Typeform personal access token',
    'tfp_',
    'tfp_[A-Za-z0-9_.-]{40,70}',
    {
      minEntropy: 4,
      validate: isMixedCase,
    },
  ),
  // Frame.io developer tokens: fio-u- then 64 characters.
  prefixed('frameio-api-token', 'Frame.io API token', 'fio-u-', 'fio-u-[A-Za-z0-9_=-]{64}', {
    minEntropy: 4,
  }),
  // Adobe (Developer Console) OAuth client secrets: p8e- then 32 base62.
  prefixed('adobe-client-secret', 'Adobe client secret', 'p8e-', 'p8e-[A-Za-z0-9_-]{32}', {
    minEntropy: 3.5,
  }),
  // ReadMe API keys: rdme_ then about 70 lower-case base36.
  prefixed('readme-api-key', 'ReadMe API key', 'rdme_', 'rdme_[a-z0-9]{60,80}', { minEntropy: 4 }),
  // Zapier catch hooks: hooks.zapier.com/hooks/catch/<account>/<hook>/.
  {
    id: 'zapier-webhook-url',
    title: 'Zapier webhook URL',
    keywords: ['hooks.zapier.com'],
    pattern:
      /https?:\/\/hooks\.zapier\.com\/hooks\/catch\/(?<secret>[0-9]{4,12}\/[a-z0-9]{5,12})(?![A-Za-z0-9])/,
  },

  // ── CRM, support and marketing ──────────────────────────────────────────────────────────────────────────
  // Intercom access tokens are base64 of "tok:<id>" (so they start dG9rO).
  prefixed('intercom-access-token', 'Intercom access token', 'dg9ro', 'dG9rO[A-Za-z0-9+/]{40,120}={0,2}', {
    boundary: B64_BOUNDARY,
    minEntropy: 4,
    validate: isIntercomToken,
  }),
  // Zendesk API tokens are 40 base62.
  keyed('zendesk-api-token', 'Zendesk API token', 'zendesk', '[A-Za-z0-9]{40}', { minEntropy: 4 }),
  // Freshdesk API keys are 20 base62.
  keyed('freshdesk-api-key', 'Freshdesk API key', 'freshdesk', '[A-Za-z0-9]{20}', { minEntropy: 2.5 }),
  // HubSpot private app tokens: pat-<region>-<uuid>; legacy API keys (hapikey) are uuids.
  prefixed(
    'hubspot-private-app-token',
    'HubSpot private app access token',
    ['pat-na', 'pat-eu', 'pat-ap'],
    `pat-(?:na|eu|ap)[0-9]{1,2}-${UUID}`,
  ),
  {
    id: 'hubspot-api-key',
    title: 'HubSpot API key (legacy)',
    keywords: ['hubspot', 'hapikey'],
    pattern: new RegExp(
      `(?:${nameSource('hubspot', { words: 'key|token|secret' })}|${caseless('hapikey')})${ASSIGNMENT}(?<secret>${UUID})${VALUE_END}`,
    ),
  },
  // Salesforce access tokens: the org id (00D…), ! and the session part.
  prefixed(
    'salesforce-access-token',
    'Salesforce access token',
    '00d',
    '00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{80,200}',
    { minEntropy: 4.5 },
  ),
  // Salesforce OAuth refresh tokens start 5Aep86.
  prefixed('salesforce-refresh-token', 'Salesforce refresh token', '5aep86', '5Aep86[A-Za-z0-9._]{70,100}', {
    minEntropy: 4.5,
  }),
  // Connected app consumer secrets are 64 upper-case hex.
  keyed('salesforce-consumer-secret', 'Salesforce consumer secret', 'salesforce|sfdc', '[A-F0-9]{64}', {
    words: 'secret',
    minEntropy: 2.8,
  }),
  // Segment Public API tokens: sgp_ then 64 base62.
  prefixed('segment-public-api-token', 'Segment Public API token', 'sgp_', 'sgp_[A-Za-z0-9]{64}', {
    minEntropy: 4.5,
  }),
  // Mixpanel project API secrets and service account secrets: 32 base62 or hex.
  keyed('mixpanel-api-secret', 'Mixpanel API secret', 'mixpanel', '[A-Za-z0-9]{32}', {
    words: 'secret',
    minEntropy: 2.8,
  }),
  // Amplitude secret keys are 32 hex.
  keyed('amplitude-secret-key', 'Amplitude secret key', 'amplitude', '[a-f0-9]{32}', {
    words: 'secret',
    minEntropy: 2.8,
  }),
  // Beamer API keys: b_ then 44 base64 characters.
  keyed('beamer-api-key', 'Beamer API key', 'beamer', 'b_[A-Za-z0-9_=+/-]{44}', { minEntropy: 4 }),
  // Eventbrite private tokens are 20 upper-case base36.
  keyed('eventbrite-api-token', 'Eventbrite private token', 'eventbrite', '[A-Z0-9]{20}', {
    minEntropy: 2.5,
  }),

  // ── Content, maps and logistics ─────────────────────────────────────────────────────────────────────────
  // Mapbox secret tokens: sk. then base64url JSON naming the user, . and a signature.
  prefixed(
    'mapbox-secret-token',
    'Mapbox secret access token',
    'sk.eyj',
    re`sk\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{20,30}`,
    {
      boundary: re`A-Za-z0-9_\-.`,
      minEntropy: 4,
      validate: isMapboxToken,
    },
  ),
  // Contentful personal access tokens CFPAT-<43>; delivery and preview tokens 43 base64url.
  prefixed(
    'contentful-personal-access-token',
    'Contentful personal access token',
    'cfpat-',
    'CFPAT-[A-Za-z0-9_-]{43}',
    { minEntropy: 4 },
  ),
  keyed('contentful-delivery-token', 'Contentful delivery API token', 'contentful', '[A-Za-z0-9_-]{43}', {
    minEntropy: 4,
  }),
  // Sanity API tokens: sk then 80 to 180 base62.
  keyed('sanity-api-token', 'Sanity API token', 'sanity', 'sk[A-Za-z0-9]{60,250}', { minEntropy: 4.5 }),
  // Shippo API tokens: shippo_live_/shippo_test_ then 40 hex.
  prefixed('shippo-api-token', 'Shippo API token', 'shippo_', 'shippo_(?:live|test)_[a-f0-9]{40}', {
    minEntropy: 2.8,
  }),
  // EasyPost API keys: EZAK (production) or EZTK (test) then 54 base62.
  prefixed('easypost-api-key', 'EasyPost production API key', 'ezak', 'EZAK[A-Za-z0-9]{54}', {
    minEntropy: 4,
  }),
  prefixed('easypost-test-api-key', 'EasyPost test API key', 'eztk', 'EZTK[A-Za-z0-9]{54}', {
    minEntropy: 4,
  }),
  // Lob secret API keys: live_/test_ then 35 hex (publishable keys have live_pub_).
  keyed('lob-api-key', 'Lob API key', 'lob', '(?:live|test)_[a-f0-9]{35}', {
    wordStart: true,
    minEntropy: 2.8,
  }),
  // Duffel access tokens: duffel_live_/duffel_test_ then 43 base64url.
  prefixed('duffel-api-token', 'Duffel API token', 'duffel_', 'duffel_(?:live|test)_[A-Za-z0-9_=-]{43}', {
    minEntropy: 4,
  }),

  // ── Identity ────────────────────────────────────────────────────────────────────────────────────────────
  // Okta API tokens: 00 then 40 base64url, sent as "Authorization: SSWS <token>".
  {
    id: 'okta-api-token',
    title: 'Okta API token',
    keywords: ['okta', 'ssws'],
    pattern: new RegExp(
      `(?:${nameSource('okta')}${ASSIGNMENT}|(?<![A-Za-z])SSWS[ \\t]{1,4})(?<secret>00[A-Za-z0-9_-]{40})${VALUE_END}`,
    ),
    minEntropy: 4,
  },
  // Auth0 application client secrets are 64 base64url.
  keyed('auth0-client-secret', 'Auth0 client secret', 'auth0', '[A-Za-z0-9_-]{64}', {
    words: 'secret',
    minEntropy: 4.5,
  }),
  // Clerk secret keys share Stripe's sk_live_/sk_test_ prefix; the name tells them apart.
  keyed('clerk-secret-key', 'Clerk secret key', 'clerk', 'sk_(?:live|test)_[A-Za-z0-9]{30,60}', {
    minEntropy: 4,
  }),
  // Yandex Cloud API keys AQVN…, IAM tokens t1.<base64url>.<signature>, OAuth tokens y0_….
  prefixed('yandex-cloud-api-key', 'Yandex Cloud API key', 'aqvn', 'AQVN[A-Za-z0-9_-]{35,38}', {
    minEntropy: 4,
  }),
  prefixed(
    'yandex-iam-token',
    'Yandex Cloud IAM token',
    't1.',
    re`t1\.[A-Za-z0-9_-]{50,400}={0,2}\.[A-Za-z0-9_-]{80,100}={0,2}`,
    {
      boundary: re`A-Za-z0-9_\-.`,
      minEntropy: 4.5,
    },
  ),
  prefixed('yandex-oauth-token', 'Yandex OAuth token', 'y0_', 'y0_[A-Za-z0-9_-]{50,100}', {
    minEntropy: 4,
    validate: isMixedCase,
  }),

  // ── APIs and data ───────────────────────────────────────────────────────────────────────────────────────
  // RapidAPI keys (the X-RapidAPI-Key header) are 50 characters.
  keyed('rapidapi-key', 'RapidAPI key', 'rapidapi|rapid_api', '[A-Za-z0-9_-]{50}', { minEntropy: 4 }),
  // Etsy API keystrings are 24 lower-case base36.
  keyed('etsy-api-key', 'Etsy API key', 'etsy', '[a-z0-9]{24}', { minEntropy: 3.5 }),
  // Finicity app keys are 32 hex, partner secrets 20 base62.
  keyed(
    'finicity-api-credential',
    'Finicity app key or partner secret',
    'finicity',
    '(?:[a-f0-9]{32}|[A-Za-z0-9]{20})',
    { minEntropy: 2.5 },
  ),
  // Finnhub API keys are 20 lower-case base36.
  keyed('finnhub-api-key', 'Finnhub API key', 'finnhub', '[a-z0-9]{20}', { minEntropy: 2.5 }),
  // New York Times developer API keys are 32 base62.
  keyed('nytimes-api-key', 'New York Times API key', 'nytimes|ny_times|nyt_api|nyt_key', '[A-Za-z0-9]{32}', {
    minEntropy: 3.5,
  }),
  // FreshBooks OAuth client secrets and tokens are 64 hex.
  keyed('freshbooks-access-token', 'FreshBooks client secret or access token', 'freshbooks', '[a-f0-9]{64}', {
    minEntropy: 2.8,
  }),
  // Squarespace API keys are uuids.
  keyed('squarespace-api-key', 'Squarespace API key', 'squarespace', UUID),
  // Xero OAuth 2.0 client secrets are 48 base64url.
  keyed('xero-client-secret', 'Xero client secret', 'xero', '[A-Za-z0-9_-]{48}', { minEntropy: 4 }),
];
