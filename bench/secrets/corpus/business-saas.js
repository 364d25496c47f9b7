// Samples of business and SaaS providers' formats (src/core/checks/secrets/rules/business-saas.ts): payments,
// commerce, messaging, email, social, productivity, CRM, content, maps, identity and crypto exchanges.
// Every sample is generated from the documented format; none is a real key.

const U64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const X62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
const A36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** @param {import('../expand.js').SeededRandom} r */
const snowflake = (r) => String(1 + r.int(9)) + r.chars(DIGITS, 17 + r.int(2));

/** A Discord bot token: base64 of the bot's user id, a timestamp part and an HMAC part. */
const discordToken = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  `${Buffer.from(snowflake(r)).toString('base64url')}.${r.chars(U64, 6)}.${r.chars(U64, 38)}`;

/** An Intercom access token: base64 of tok:<uuid>:1:0. */
const intercomToken = (
  /** @type {import('../expand.js').SeededRandom} */ r,
  /** @type {import('../expand.js').TemplateHelpers} */ h,
) => Buffer.from(`tok:${h.uuid(r)}:1:0`).toString('base64');

/** A Mapbox secret token: sk.<base64url {"u":user,"a":id}>.<signature>. */
const mapboxToken = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  `sk.${Buffer.from(JSON.stringify({ u: r.chars('abcdefghijklmnopqrstuvwxyz', 8), a: 'cl' + r.chars(A36, 23) })).toString('base64url')}.${r.chars(U64, 22)}`;

/** An Adyen API key: AQE…==-<base64>=-<16 printable characters>. */
const adyenKey = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  `AQEyhmfx${r.chars(B64, 92)}==-${r.chars(B64, 43)}=-${r.chars(X62 + '!#$%&()*+,.:;<=>?@[]^{|}~', 16)}`;

/** @type {import('../expand.js').CorpusEntry[]} */
export const BUSINESS_CORPUS = [
  // ── Payments ──────────────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'stripe-secret-key',
    samples: [
      'STRIPE_SECRET_KEY=sk_live_{x:24}',
      'const stripe = new Stripe("sk_live_51{x:97}");',
      "  secret_key: 'sk_test_51{x:97}'",
      'stripe.api_key = "sk_test_{x:24}"',
      'export STRIPE_API_KEY=sk_live_{x:99}',
    ],
    placeholders: [
      'stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"',
      'STRIPE_SECRET_KEY=sk_live_...',
      'STRIPE_SECRET_KEY=sk_test_your_secret_key_here',
      'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    rule: 'stripe-restricted-key',
    samples: [
      'STRIPE_RESTRICTED_KEY=rk_live_{x:24}',
      '  "stripeKey": "rk_live_51{x:97}",',
      "Stripe.api_key = 'rk_test_51{x:97}'",
    ],
    placeholders: ['STRIPE_RESTRICTED_KEY=rk_live_...'],
  },
  {
    rule: 'stripe-webhook-secret',
    samples: [
      'STRIPE_WEBHOOK_SECRET=whsec_{x:32}',
      'const endpointSecret = "whsec_{h:64}";',
      '  webhook_signing_secret: whsec_{x:32}',
    ],
    placeholders: ['STRIPE_WEBHOOK_SECRET=whsec_...', "endpoint_secret = 'whsec_your_signing_secret'"],
  },
  {
    rule: 'square-access-token',
    samples: [
      'SQUARE_ACCESS_TOKEN=EAAAE{u64:59}',
      'const client = new Client({ accessToken: "EAAAl{u64:59}", environment: Environment.Production });',
      '  square_access_token: "EAAAE{u64:59}"',
    ],
    placeholders: ['SQUARE_ACCESS_TOKEN=EAAAxxxxxxxx', 'SQUARE_ACCESS_TOKEN=YOUR_SANDBOX_ACCESS_TOKEN'],
  },
  {
    rule: 'square-oauth-token',
    samples: [
      'SQUARE_TOKEN=sq0atp-{u64:22}',
      'headers = {"Authorization": "Bearer sq0atp-{u64:22}"}',
      '  personal_access_token: sq0atp-{u64:22}',
    ],
    placeholders: ['SQUARE_TOKEN=sq0atp-XXXXXXXXXXXXXXXXXXXXXX'],
  },
  {
    rule: 'square-application-secret',
    samples: [
      'SQUARE_APP_SECRET=sq0csp-{u64:43}',
      '"application_secret": "sq0csp-{u64:43}"',
      "square_secret = 'sq0csp-{u64:43}'",
    ],
  },
  {
    rule: 'braintree-access-token',
    samples: [
      'BRAINTREE_ACCESS_TOKEN=access_token$production${a:16}${h:32}',
      'gateway = braintree.BraintreeGateway(access_token="access_token$sandbox${a:16}${h:32}")',
      '  paypal_access_token: access_token$production${a:16}${h:32}',
    ],
    placeholders: ['BRAINTREE_ACCESS_TOKEN=access_token$production$merchant_id$token'],
  },
  {
    rule: 'paypal-client-secret',
    samples: [
      'PAYPAL_CLIENT_SECRET=E{u64:79}',
      '  "paypalSecret": "E{u64:79}",',
      "paypal_client_secret: 'E{u64:79}'",
    ],
    placeholders: ['PAYPAL_CLIENT_SECRET=your_paypal_client_secret', 'PAYPAL_CLIENT_SECRET=${PAYPAL_SECRET}'],
  },
  {
    rule: 'adyen-api-key',
    samples: [
      (r) => `ADYEN_API_KEY=${adyenKey(r)}`,
      (r) => `config.apiKey = '${adyenKey(r)}';`,
      (r) => `  -H "X-API-Key: ${adyenKey(r)}" \\`,
    ],
    placeholders: [
      "const KEY = 'AQEyhmfxK4...testkey...';",
      'export ADYEN_API_KEY=yourAdyenApiKey',
      'x-API-key: ADYEN_API_KEY',
    ],
  },
  {
    rule: 'adyen-hmac-key',
    samples: ['ADYEN_HMAC_KEY={H:64}', '  adyen_hmac_key: "{H:64}"', 'const adyenHmacKey = "{H:64}";'],
  },
  {
    rule: 'razorpay-key-id',
    samples: [
      'RAZORPAY_KEY_ID=rzp_live_{x:14}',
      'const options = { key: "rzp_test_{x:14}", amount: 50000 };',
      '  razorpay_key: rzp_live_{x:14}',
    ],
    placeholders: ['RAZORPAY_KEY_ID=rzp_test_XXXXXXXXXXXXXX', 'key: "rzp_test_YourKeyId"'],
  },
  {
    rule: 'razorpay-key-secret',
    samples: [
      'RAZORPAY_KEY_SECRET={x:24}',
      'client = razorpay.Client(auth=("rzp_live_{x:14}", RAZORPAY_SECRET))\nrazorpay_secret = "{x:24}"',
      '  "razorpayKeySecret": "{x:24}"',
    ],
    placeholders: ['RAZORPAY_KEY_SECRET=your_key_secret'],
  },
  {
    rule: 'paystack-secret-key',
    samples: [
      'PAYSTACK_SECRET_KEY=sk_live_{h:40}',
      "const paystack = require('paystack')(''); const PAYSTACK_KEY = 'sk_test_{h:40}';",
      '  paystack_secret: sk_live_{h:40}',
    ],
    placeholders: ['PAYSTACK_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'flutterwave-secret-key',
    samples: [
      'FLW_SECRET_KEY=FLWSECK-{h:32}-X',
      'const flw = new Flutterwave(process.env.FLW_PUBLIC_KEY, "FLWSECK_TEST-{h:32}-X");',
      '  secret_key: FLWSECK-{h:32}-X',
    ],
    placeholders: [
      'FLW_SECRET_KEY=FLWSECK_TEST-SANDBOXDEMOKEY-X',
      'FLW_SECRET_KEY=FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxx-X',
    ],
  },
  {
    rule: 'flutterwave-encryption-key',
    samples: [
      'FLW_ENCRYPTION_KEY=FLWSECK_TEST{h:12}',
      '  "encryptionKey": "FLWSECK_TEST{h:12}"',
      "ENCRYPTION_KEY = 'FLWSECK_TEST{h:12}'",
    ],
  },
  {
    rule: 'plaid-access-token',
    samples: [
      'PLAID_ACCESS_TOKEN=access-sandbox-{uuid}',
      'access_token = "access-production-{uuid}"',
      '  "access_token": "access-development-{uuid}",',
    ],
    placeholders: [
      'PLAID_ACCESS_TOKEN=access-sandbox-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      // The access token in Plaid's API reference examples.
      'access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6',
    ],
  },
  {
    rule: 'plaid-client-secret',
    samples: ['PLAID_SECRET={h:30}', '  plaid_sandbox_secret: "{h:30}"', 'const plaidSecret = "{h:30}";'],
    placeholders: ['PLAID_SECRET=your_plaid_secret'],
  },
  {
    rule: 'coinbase-api-secret',
    samples: [
      'COINBASE_API_SECRET={x:32}',
      '  coinbase_cdp_api_key_secret: "{b64:86}=="',
      'const coinbaseSecret = "{x:32}";',
    ],
  },
  {
    rule: 'binance-api-key',
    samples: [
      'BINANCE_API_KEY={x:64}',
      'client = Client(api_key, api_secret)\nbinance_api_secret = "{x:64}"',
      '  "binanceSecret": "{x:64}"',
    ],
    placeholders: ['BINANCE_API_KEY=your_binance_api_key'],
  },
  {
    rule: 'kraken-api-key',
    samples: ['KRAKEN_API_KEY={b64:56}', '  kraken_key: "{b64:56}"', 'krakenApiKey := "{b64:56}"'],
  },
  {
    rule: 'kraken-private-key',
    samples: [
      'KRAKEN_PRIVATE_KEY={b64:86}==',
      '  kraken_api_secret: "{b64:86}=="',
      "kraken_secret = '{b64:86}=='",
    ],
  },
  {
    rule: 'kucoin-api-key',
    samples: ['KUCOIN_API_KEY={h:24}', '  "kucoinKey": "{h:24}",', "kucoin_api_key = '{h:24}'"],
  },
  {
    rule: 'kucoin-api-secret',
    samples: ['KUCOIN_API_SECRET={uuid}', '  kucoin_secret: "{uuid}"', 'const kucoinApiSecret = "{uuid}";'],
  },
  {
    rule: 'bittrex-api-key',
    samples: ['BITTREX_API_KEY={h:32}', '  bittrex_secret: {h:32}', "BITTREX_API_SECRET = '{h:32}'"],
  },
  {
    rule: 'gocardless-access-token',
    samples: [
      'GOCARDLESS_ACCESS_TOKEN=live_{u64:40}',
      "  gocardless_token: 'sandbox_{u64:40}'",
      'const gocardlessAccessToken = "sandbox_{u64:40}";',
    ],
    placeholders: ['GOCARDLESS_ACCESS_TOKEN=sandbox_your_access_token'],
  },
  {
    rule: 'mollie-api-key',
    samples: [
      'MOLLIE_API_KEY=live_{x:30}',
      "$mollie->setApiKey('test_{x:30}'); $mollieKey = 'test_{x:30}';",
      '  mollie_key: live_{x:30}',
    ],
    placeholders: ['MOLLIE_KEY=test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'mollie-access-token',
    samples: [
      'MOLLIE_ACCESS_TOKEN=access_{x:40}',
      '  "mollieToken": "access_{x:40}"',
      "mollie_access_token = 'access_{x:40}'",
    ],
  },
  {
    rule: 'checkout-sandbox-secret-key',
    samples: [
      'CKO_SECRET_KEY=sk_sbox_{a:27}',
      'const cko = new Checkout("sk_sbox_{a:27}");',
      '  secret_key: sk_sbox_{a:27}',
    ],
    placeholders: ['CKO_SECRET_KEY=sk_sbox_xxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'checkout-secret-key',
    samples: [
      'CHECKOUT_SECRET_KEY=sk_test_{uuid}',
      '  checkout_com_secret_key: sk_{a:27}',
      'CKO_SECRET_KEY = "sk_{uuid}"',
    ],
  },
  {
    rule: 'wise-api-token',
    samples: ['WISE_API_TOKEN={uuid}', '  transferwise_token: "{uuid}"', 'const wiseApiKey = "{uuid}";'],
  },

  // ── Commerce ──────────────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'shopify-access-token',
    samples: [
      'SHOPIFY_ACCESS_TOKEN=shpat_{h:32}',
      '  "X-Shopify-Access-Token": "shpat_{h:32}",',
      'session = shopify.Session(shop_url, api_version, "shpat_{h:32}")',
    ],
    placeholders: [
      'SHOPIFY_ACCESS_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'SHOPIFY_ACCESS_TOKEN=shpat_...',
    ],
  },
  {
    rule: 'shopify-custom-app-token',
    samples: ['SHOPIFY_TOKEN=shpca_{h:32}', "  admin_token: 'shpca_{h:32}'", 'const token = "shpca_{h:32}";'],
  },
  {
    rule: 'shopify-private-app-token',
    samples: [
      'SHOPIFY_PASSWORD=shppa_{h:32}',
      '  "password": "shppa_{h:32}"',
      'export SHOPIFY_APP_PASSWORD=shppa_{h:32}',
    ],
  },
  {
    rule: 'shopify-shared-secret',
    samples: [
      'SHOPIFY_API_SECRET=shpss_{h:32}',
      '  shared_secret: "shpss_{h:32}"',
      "api_secret = 'shpss_{h:32}'",
    ],
  },
  {
    rule: 'bigcommerce-access-token',
    samples: [
      'BIGCOMMERCE_ACCESS_TOKEN={a:31}',
      '  bigcommerce_client_secret: "{a:31}"',
      "const bigcommerceToken = '{a:31}';",
    ],
  },
  {
    rule: 'woocommerce-consumer-key',
    samples: [
      'WOOCOMMERCE_CONSUMER_KEY=ck_{h:40}',
      "const api = new WooCommerceRestApi({ url, consumerKey: 'ck_{h:40}', version: 'wc/v3' });",
      '  consumer_key: ck_{h:40}',
    ],
    placeholders: ['WOOCOMMERCE_CONSUMER_KEY=ck_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'],
  },
  {
    rule: 'woocommerce-consumer-secret',
    samples: [
      'WOOCOMMERCE_CONSUMER_SECRET=cs_{h:40}',
      "  consumerSecret: 'cs_{h:40}',",
      'wcapi = API(url=URL, consumer_key=KEY, consumer_secret="cs_{h:40}")',
    ],
  },

  // ── Messaging and email ───────────────────────────────────────────────────────────────────────────────
  {
    rule: 'twilio-api-key',
    samples: [
      'TWILIO_API_KEY=SK{h:32}',
      'client = Client("SK{h:32}", api_secret, account_sid)',
      '  "apiKeySid": "SK{h:32}",',
    ],
    placeholders: [
      'TWILIO_API_KEY=SKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    rule: 'twilio-api-secret',
    samples: [
      'TWILIO_API_SECRET={x:32}',
      '  twilio_api_key_secret: "{x:32}"',
      'const twilioSecret = "{x:32}";',
    ],
    placeholders: ['TWILIO_API_SECRET=your_api_secret'],
  },
  {
    rule: 'twilio-auth-token',
    samples: [
      'TWILIO_AUTH_TOKEN={h:32}',
      "const twilioAuthToken = '{h:32}';",
      '  twilio_auth_token: "{h:32}"',
      'export TWILIO_TOKEN={h:32}',
    ],
    placeholders: [
      'TWILIO_ACCOUNT_SID=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'TWILIO_AUTH_TOKEN=your_auth_token',
      'TWILIO_AUTH_TOKEN=[AuthToken]',
    ],
  },
  {
    rule: 'sendgrid-api-key',
    samples: [
      'SENDGRID_API_KEY=SG.{u64:22}.{u64:43}',
      "sgMail.setApiKey('SG.{u64:22}.{u64:43}');",
      '  smtp_password: "SG.{u64:22}.{u64:43}"',
    ],
    placeholders: [
      'SENDGRID_API_KEY=SG.xxxxxxxx.yyyyyyyy',
      'SENDGRID_API_KEY=SG.XXXXXXXXXXXXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
  {
    rule: 'mailgun-api-key',
    samples: ['MAILGUN_API_KEY=key-{h:32}', "auth=('api', 'key-{a:32}')", '  api_key: key-{h:32}'],
    placeholders: [
      "curl -s --user 'api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0' https://api.mailgun.net/v3/samples.mailgun.org/messages",
      'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'const cacheKey = "key-invalidatesessionforeveryusers";',
    ],
  },
  {
    rule: 'mailgun-private-api-key',
    samples: [
      'MAILGUN_API_KEY={h:32}-{h:8}-{h:8}',
      '  mailgun_private_key: "{h:32}-{h:8}-{h:8}"',
      'const mailgunKey = "{h:32}-{h:8}-{h:8}";',
    ],
  },
  {
    rule: 'mailchimp-api-key',
    samples: [
      'MAILCHIMP_API_KEY={h:32}-us12',
      "mailchimp.setConfig({ apiKey: '{h:32}-us6', server: 'us6' });",
      '  api_key: {h:32}-us21',
    ],
    placeholders: [
      'MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us1',
      'MAILCHIMP_API_KEY=your-api-key-us1',
    ],
  },
  {
    rule: 'mandrill-api-key',
    samples: [
      'MANDRILL_API_KEY={u64:22}',
      "  mandrill_key: 'md-{u64:22}'",
      'mandrill_client = Mandrill("{u64:22}")\nMANDRILL_KEY = "md-{u64:22}"',
    ],
  },
  {
    rule: 'postmark-api-token',
    samples: [
      'POSTMARK_SERVER_TOKEN={uuid}',
      '  -H "X-Postmark-Server-Token: {uuid}" \\',
      "  postmark_api_token: '{uuid}'",
    ],
    placeholders: ['POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST'],
  },
  {
    rule: 'sparkpost-api-key',
    samples: ['SPARKPOST_API_KEY={h:40}', '  sparkpost_key: "{h:40}"', "const sparkpostApiKey = '{h:40}';"],
  },
  {
    rule: 'brevo-api-key',
    samples: [
      'BREVO_API_KEY=xkeysib-{h:64}-{x:16}',
      "  'api-key': 'xkeysib-{h:64}-{x:16}',",
      'configuration.api_key["api-key"] = "xkeysib-{h:64}-{x:16}"',
    ],
    placeholders: ['SENDINBLUE_API_KEY=xkeysib-YOUR_API_KEY'],
  },
  {
    rule: 'brevo-smtp-key',
    samples: [
      'SMTP_PASSWORD=xsmtpsib-{h:64}-{x:16}',
      '  password: xsmtpsib-{h:64}-{x:16}',
      'EMAIL_HOST_PASSWORD = "xsmtpsib-{h:64}-{x:16}"',
    ],
  },
  {
    rule: 'mailjet-api-key',
    samples: ['MJ_APIKEY_PRIVATE={h:32}', '  mailjet_api_secret: "{h:32}"', "const mailjetKey = '{h:32}';"],
  },
  {
    rule: 'resend-api-key',
    samples: [
      'RESEND_API_KEY=re_{x:8}_{x:24}',
      "const resend = new Resend('re_{x:8}_{x:24}');",
      '  api_key: "re_{x:8}_{x:24}"',
    ],
    placeholders: ["const resend = new Resend('re_xxxxxxxxx');", 'RESEND_API_KEY=re_123456789'],
  },
  {
    rule: 'slack-bot-token',
    samples: [
      'SLACK_BOT_TOKEN=xoxb-{d:12}-{d:13}-{x:24}',
      'const web = new WebClient("xoxb-{d:11}-{d:12}-{x:24}");',
      '  token: xoxb-{d:12}-{d:13}-{x:24}',
      '{"slack_token": "xoxb-{d:10}-{d:13}-{x:24}"}',
    ],
    placeholders: [
      'SLACK_BOT_TOKEN=xoxb-your-token',
      'SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
      'SLACK_BOT_TOKEN=xoxb-000000000000-0000000000000-000000000000000000000000',
    ],
  },
  {
    rule: 'slack-user-token',
    samples: [
      'SLACK_USER_TOKEN=xoxp-{d:12}-{d:12}-{d:13}-{h:32}',
      "  slack_token: 'xoxp-{d:11}-{d:12}-{d:13}-{h:32}'",
      'client = WebClient(token="xoxp-{d:12}-{d:12}-{d:13}-{h:32}")',
    ],
    placeholders: ['SLACK_USER_TOKEN=xoxp-your-user-token'],
  },
  {
    rule: 'slack-workspace-token',
    samples: [
      'SLACK_APP_TOKEN=xoxa-2-{d:12}-{d:12}-{d:12}-{h:64}',
      '  "token": "xoxa-{d:12}-{x:32}"',
      "slack_token = 'xoxa-2-{d:12}-{d:12}-{d:12}-{h:64}'",
    ],
  },
  {
    rule: 'slack-refresh-token',
    samples: [
      'SLACK_REFRESH_TOKEN=xoxr-{d:12}-{d:13}-{x:40}',
      '  refresh_token: xoxr-{d:12}-{d:13}-{x:40}',
      '"refresh_token": "xoxr-{d:12}-{x:48}"',
    ],
  },
  {
    rule: 'slack-session-token',
    samples: [
      'SLACK_TOKEN=xoxs-{d:10}-{d:11}-{d:12}-{h:64}',
      "  legacy_token: 'xoxs-{d:10}-{d:11}-{d:12}-{h:64}'",
      'token = "xoxs-{d:11}-{d:12}-{h:64}"',
    ],
  },
  {
    rule: 'slack-config-token',
    samples: [
      'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-{x:150}',
      '  app_configuration_token: "xoxe.xoxp-1-{x:160}"',
      'slack manifest --token xoxe.xoxb-1-{x:140}',
    ],
  },
  {
    rule: 'slack-config-refresh-token',
    samples: [
      'SLACK_CONFIG_REFRESH_TOKEN=xoxe-1-{x:146}',
      '  "refresh_token": "xoxe-1-{x:146}"',
      "config_refresh = 'xoxe-1-{x:140}'",
    ],
  },
  {
    rule: 'slack-app-level-token',
    samples: [
      'SLACK_APP_TOKEN=xapp-1-A{A:10}-{d:13}-{h:64}',
      'app = App(token=bot_token, app_token="xapp-1-A{A:10}-{d:13}-{h:64}")',
      '  app_token: xapp-1-A{A:10}-{d:13}-{h:64}',
    ],
    placeholders: ['SLACK_APP_TOKEN=xapp-your-app-token'],
  },
  {
    rule: 'slack-webhook-url',
    samples: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T{A:10}/B{A:10}/{x:24}',
      'curl -X POST -H "Content-type: application/json" --data \'{"text":"deployed"}\' https://hooks.slack.com/services/T{A:8}/B{A:10}/{x:24}',
      '  webhook_url: "https://hooks.slack.com/services/T{A:10}/B{A:11}/{x:24}"',
    ],
    placeholders: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'webhook: https://hooks.slack.com/services/YOUR/WEBHOOK/URL',
    ],
  },
  {
    rule: 'slack-workflow-webhook-url',
    samples: [
      'SLACK_WORKFLOW_URL=https://hooks.slack.com/workflows/T{A:10}/A{A:10}/{d:18}/{x:24}',
      'curl -X POST https://hooks.slack.com/triggers/T{A:10}/{d:13}/{h:32} -d @payload.json',
      '  url: "https://hooks.slack.com/triggers/T{A:10}/{d:13}/{h:32}"',
    ],
    placeholders: [
      'SLACK_WORKFLOW_URL=https://hooks.slack.com/workflows/T00000000/A00000000/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    rule: 'discord-bot-token',
    samples: [
      (r) => `DISCORD_BOT_TOKEN=${discordToken(r)}`,
      (r) => `const discordToken = "${discordToken(r)}";`,
      (r) => `headers = {"Authorization": "Bot ${discordToken(r)}"}`,
      (r) => `  discord_token: ${discordToken(r)}`,
    ],
    placeholders: [
      'DISCORD_TOKEN=your-bot-token',
      'DISCORD_BOT_TOKEN=${DISCORD_TOKEN}',
      'Authorization: Bot <token>',
    ],
  },
  {
    rule: 'discord-webhook-url',
    samples: [
      'DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/1{d:18}/{u64:68}',
      '  webhook: "https://discordapp.com/api/webhooks/{d:18}/{u64:68}"',
      'requests.post("https://ptb.discord.com/api/v10/webhooks/1{d:18}/{u64:68}", json=payload)',
    ],
    placeholders: ['DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/your-webhook-id/your-webhook-token'],
  },
  {
    rule: 'discord-client-secret',
    samples: [
      'DISCORD_CLIENT_SECRET={u64:32}',
      '  discord_secret: "{u64:32}"',
      "const discordClientSecret = '{u64:32}';",
    ],
  },
  {
    rule: 'telegram-bot-token',
    samples: [
      'TELEGRAM_BOT_TOKEN={d:10}:AA{u64:33}',
      'bot = telebot.TeleBot("{d:9}:AA{u64:33}")',
      'curl https://api.telegram.org/bot{d:10}:AA{u64:33}/getMe',
      '  token: "{d:10}:AA{u64:33}"',
    ],
    placeholders: [
      'TELEGRAM_BOT_TOKEN=110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
      'TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
      'TELEGRAM_BOT_TOKEN=<bot_id>:<bot_token>',
    ],
  },
  {
    rule: 'microsoft-teams-webhook-url',
    samples: [
      'TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/{uuid}@{uuid}/IncomingWebhook/{h:32}/{uuid}',
      '  teams_webhook: "https://outlook.office.com/webhook/{uuid}@{uuid}/IncomingWebhook/{h:32}/{uuid}"',
      'curl -H "Content-Type: application/json" -d @card.json https://fabrikam.webhook.office.com/webhookb2/{uuid}@{uuid}/IncomingWebhook/{h:32}/{uuid}/V2{u64:40}',
    ],
    placeholders: ['TEAMS_WEBHOOK_URL=https://outlook.office.com/webhook/...'],
  },
  {
    rule: 'zoom-client-secret',
    samples: [
      'ZOOM_CLIENT_SECRET={x:32}',
      '  zoom_api_secret: "{x:32}"',
      "const zoomClientSecret = '{x:32}';",
    ],
  },
  {
    rule: 'messagebird-api-key',
    samples: [
      'MESSAGEBIRD_API_KEY={x:25}',
      "const messagebird = require('messagebird'); const messagebirdKey = '{x:25}';",
      '  messagebird_access_key: "{x:25}"',
    ],
  },
  {
    rule: 'vonage-api-secret',
    samples: ['VONAGE_API_SECRET={x:16}', '  nexmo_api_secret: "{x:16}"', "const vonageSecret = '{x:16}';"],
  },
  {
    rule: 'plivo-auth-token',
    samples: ['PLIVO_AUTH_TOKEN={x:40}', '  plivo_token: "{x:40}"', "plivo_auth_token = '{x:40}'"],
  },
  {
    rule: 'sendbird-api-token',
    samples: [
      'SENDBIRD_API_TOKEN={h:40}',
      '  "Api-Token": "{h:40}", // sendbird_api_token: {h:40}',
      "sendbird_token = '{h:40}'",
    ],
  },
  {
    rule: 'pusher-app-secret',
    samples: ['PUSHER_APP_SECRET={h:20}', '  pusher_secret: "{h:20}"', "const pusherSecret = '{h:20}';"],
  },
  {
    rule: 'ably-api-key',
    samples: [
      'ABLY_API_KEY={u64:6}.{u64:6}:{u64:43}',
      '  ably_key: "{u64:6}.{u64:6}:{u64:43}"',
      "const ablyApiKey = '{u64:6}.{u64:6}:{u64:43}';",
    ],
  },
  {
    rule: 'mattermost-access-token',
    samples: [
      'MATTERMOST_TOKEN={a:26}',
      '  mattermost_access_token: "{a:26}"',
      "mattermostBotToken = '{a:26}'",
    ],
  },
  {
    rule: 'gitter-access-token',
    samples: ['GITTER_TOKEN={h:40}', '  gitter_access_token: "{h:40}"', "const gitterToken = '{h:40}';"],
  },

  // ── Social ────────────────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'twitter-bearer-token',
    samples: [
      'TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA{x:4}AAAAAAA{x:1}%2B{x:6}%2B{x:20}%3D{x:50}',
      'client = tweepy.Client(bearer_token="AAAAAAAAAAAAAAAAAAAAA{x:4}AAAAAAA{x:1}%2B{x:27}%3D{x:50}")',
      '  -H "Authorization: Bearer AAAAAAAAAAAAAAAAAAAAA{x:4}AAAAAAA{x:34}%3D{x:50}"',
    ],
    placeholders: [
      'TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA...',
    ],
  },
  {
    rule: 'twitter-api-key',
    samples: ['TWITTER_API_KEY={x:25}', '  twitter_consumer_key: "{x:25}"', "twitterApiKey = '{x:25}'"],
  },
  {
    rule: 'twitter-api-secret',
    samples: [
      'TWITTER_API_SECRET={x:50}',
      '  twitter_consumer_secret: "{x:50}"',
      "const twitterApiSecret = '{x:50}';",
    ],
  },
  {
    rule: 'twitter-access-token',
    samples: [
      'TWITTER_ACCESS_TOKEN={d:19}-{x:31}',
      '  twitter_access_token: "{d:10}-{x:40}"',
      "twitterAccessToken = '{d:18}-{x:31}'",
    ],
  },
  {
    rule: 'twitter-access-token-secret',
    samples: [
      'TWITTER_ACCESS_TOKEN_SECRET={x:45}',
      '  twitter_access_secret: "{x:45}"',
      "const twitterAccessTokenSecret = '{x:45}';",
    ],
  },
  {
    rule: 'facebook-access-token',
    samples: [
      'FACEBOOK_ACCESS_TOKEN=EAA{x:180}',
      'const graph = await fetch(`https://graph.facebook.com/v19.0/me?access_token=EAAG{x:160}`);',
      '  whatsapp_token: "EAAL{x:200}"',
    ],
    placeholders: ['FACEBOOK_ACCESS_TOKEN=EAAxxxxxxxx', 'WHATSAPP_TOKEN=EAAG...'],
  },
  {
    rule: 'facebook-app-secret',
    samples: [
      'FACEBOOK_APP_SECRET={h:32}',
      '  fb_app_secret: "{h:32}"',
      "const facebookClientSecret = '{h:32}';",
    ],
    placeholders: ['FACEBOOK_APP_SECRET=your_app_secret'],
  },
  {
    rule: 'instagram-access-token',
    samples: [
      'INSTAGRAM_ACCESS_TOKEN=IGQVJ{u64:180}',
      '  instagram_token: "IGAA{u64:170}"',
      'fetch("https://graph.instagram.com/me/media?access_token=IGQWR{u64:160}")',
    ],
    placeholders: ['INSTAGRAM_ACCESS_TOKEN=IGQVJ...'],
  },
  {
    rule: 'linkedin-client-secret',
    samples: [
      'LINKEDIN_CLIENT_SECRET=WPL_AP1.{x:16}.{b64:6}==',
      "  'client_secret' => 'WPL_AP1.{x:16}.{b64:6}==',",
      'clientSecret: "WPL_AP0.{x:16}.{b64:6}==",',
    ],
    placeholders: ['placeholder="e.g. WPL_AP1.xxxxxxxx..."'],
  },
  {
    rule: 'linkedin-legacy-client-secret',
    samples: [
      'LINKEDIN_CLIENT_SECRET={x:16}',
      '  SOCIAL_AUTH_LINKEDIN_OAUTH2_SECRET: "{x:16}"',
      "linkedinSecret = '{x:16}'",
    ],
  },
  {
    rule: 'twitch-oauth-token',
    samples: [
      'TWITCH_CLIENT_SECRET={a:30}',
      '  twitch_oauth_token: "oauth:{a:30}"',
      "const twitchToken = '{a:30}';",
    ],
  },
  {
    rule: 'spotify-client-secret',
    samples: [
      'SPOTIFY_CLIENT_SECRET={h:32}',
      '  spotify_secret: "{h:32}"',
      "const spotifyClientSecret = '{h:32}';",
    ],
    placeholders: ['SPOTIFY_CLIENT_SECRET=your_spotify_client_secret'],
  },

  // ── Productivity and collaboration ────────────────────────────────────────────────────────────────────
  {
    rule: 'dropbox-short-lived-token',
    samples: [
      'DROPBOX_ACCESS_TOKEN=sl.B{u64:137}',
      'dbx = dropbox.Dropbox("sl.u.AF{u64:400}")',
      '  "access_token": "sl.B{u64:140}",',
    ],
    placeholders: ['DROPBOX_ACCESS_TOKEN=sl.xxxxxxxx'],
  },
  {
    rule: 'dropbox-long-lived-token',
    samples: [
      'DROPBOX_TOKEN={x:11}AAAAAAAAAA{u64:43}',
      '  dropbox_access_token: "{x:11}AAAAAAAAAA{u64:43}"',
      "const dropboxToken = '{x:11}AAAAAAAAAA{u64:43}';",
    ],
  },
  {
    rule: 'dropbox-app-secret',
    samples: ['DROPBOX_APP_SECRET={a:15}', '  dropbox_secret: "{a:15}"', "dropboxAppSecret = '{a:15}'"],
  },
  {
    rule: 'box-api-token',
    samples: ['BOX_DEVELOPER_TOKEN={x:32}', '  box_client_secret: "{x:32}"', "const myBoxToken = '{x:32}';"],
    placeholders: ['SANDBOX_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'asana-personal-access-token',
    samples: [
      'ASANA_ACCESS_TOKEN=2/{d:16}/{d:16}:{h:32}',
      '  asana_pat: "1/{d:16}:{h:32}"',
      "asana_token = '2/{d:16}/{d:16}:{h:32}'",
    ],
  },
  {
    rule: 'atlassian-api-token',
    samples: [
      'JIRA_API_TOKEN=ATATT3xFfGF0{u64:171}={H:8}',
      'curl -u me@corp.io:ATATT3xFfGF0{u64:171}={H:8} https://corp.atlassian.net/rest/api/3/myself',
      '  confluence_token: "ATATT3xFfGF0{u64:171}={H:8}"',
    ],
    placeholders: ['JIRA_API_TOKEN=ATATT3xFfGF0...', 'JIRA_API_TOKEN=your-api-token'],
  },
  {
    rule: 'atlassian-access-token',
    samples: [
      'BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0{u64:171}={H:8}',
      'git clone https://x-token-auth:ATCTT3xFfGN0{u64:171}={H:8}@bitbucket.org/team/repo.git',
      '  repository_token: "ATCTT3xFfGN0{u64:171}={H:8}"',
    ],
  },
  {
    rule: 'atlassian-legacy-api-token',
    samples: [
      'JIRA_API_TOKEN={x:24}',
      '  confluence_api_token: "{x:24}"',
      "const atlassianToken = '{x:24}';",
    ],
  },
  {
    rule: 'trello-api-token',
    samples: [
      'TRELLO_TOKEN=ATTA{h:64}{H:8}',
      'curl "https://api.trello.com/1/members/me?key=$TRELLO_KEY&token=ATTA{h:64}{H:8}"',
      '  token: "ATTA{h:64}{H:8}"',
    ],
    placeholders: ['TRELLO_TOKEN=ATTAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'trello-legacy-token',
    samples: ['TRELLO_TOKEN={h:64}', '  trello_api_token: "{h:64}"', "const trelloToken = '{h:64}';"],
  },
  {
    rule: 'trello-api-key',
    samples: ['TRELLO_API_KEY={h:32}', '  trello_key: "{h:32}"', "const trelloKey = '{h:32}';"],
  },
  {
    rule: 'notion-integration-token',
    samples: [
      'NOTION_TOKEN=secret_{x:43}',
      'const notion = new Client({ auth: "secret_{x:43}" });',
      '  notion_api_key: secret_{x:43}',
    ],
    placeholders: [
      'NOTION_TOKEN=secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'NOTION_API_KEY=secret_...',
      'const name = secret_ManagerClientFactoryForTheDefaultRegionName;',
    ],
  },
  {
    rule: 'notion-api-token',
    samples: [
      'NOTION_TOKEN=ntn_{d:12}{x:34}',
      'notion = Client(auth="ntn_{d:11}{x:35}")',
      '  "notionKey": "ntn_{d:12}{x:34}"',
    ],
    placeholders: ['copy the secret (`ntn_…`)'],
  },
  {
    rule: 'linear-api-key',
    samples: [
      'LINEAR_API_KEY=lin_api_{x:40}',
      'const linear = new LinearClient({ apiKey: "lin_api_{x:40}" });',
      '  linear_token: lin_api_{x:40}',
    ],
    placeholders: ['LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'linear-oauth-token',
    samples: [
      'LINEAR_OAUTH_TOKEN=lin_oauth_{h:64}',
      '  "access_token": "lin_oauth_{h:64}"',
      "linear_token = 'lin_oauth_{h:64}'",
    ],
  },
  {
    rule: 'clickup-api-token',
    samples: [
      'CLICKUP_API_TOKEN=pk_{d:8}_{A:32}',
      '  -H "Authorization: pk_{d:8}_{A:32}" \\',
      "clickup_token: 'pk_{d:9}_{A:32}'",
    ],
    placeholders: ['CLICKUP_API_TOKEN=pk_XXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'],
  },
  {
    rule: 'monday-api-token',
    samples: ['MONDAY_API_TOKEN={jwt}', '  monday_token: "{jwt}"', "const mondayApiKey = '{jwt}';"],
  },
  {
    rule: 'figma-personal-access-token',
    samples: [
      'FIGMA_TOKEN=figd_{u64:40}',
      '  -H "X-Figma-Token: figd_{u64:40}" \\',
      "figma_access_token: 'figd_{u64:40}'",
    ],
    placeholders: ['FIGMA_TOKEN=figd_your_personal_access_token'],
  },
  {
    rule: 'calendly-personal-access-token',
    samples: ['CALENDLY_TOKEN={jwt}', '  calendly_api_key: "{jwt}"', "const calendlyAccessToken = '{jwt}';"],
  },
  {
    rule: 'typeform-personal-access-token',
    samples: [
      'TYPEFORM_TOKEN=tfp_{x:44}_{x:14}',
      '  -H "Authorization: Bearer tfp_{x:44}_{x:14}" \\',
      "typeform_pat: 'tfp_{x:44}_{x:14}'",
    ],
  },
  {
    rule: 'frameio-api-token',
    samples: [
      'FRAMEIO_TOKEN=fio-u-{u64:64}',
      'client = FrameioClient("fio-u-{u64:64}")',
      '  frameio_token: "fio-u-{u64:64}"',
    ],
  },
  {
    rule: 'adobe-client-secret',
    samples: [
      'ADOBE_CLIENT_SECRET=p8e-{x:32}',
      '  "CLIENT_SECRETS": ["p8e-{x:32}"]',
      "adobe_secret = 'p8e-{x:32}'",
    ],
  },
  {
    rule: 'readme-api-key',
    samples: ['README_API_KEY=rdme_{a:70}', '  rdme openapi --key=rdme_{a:70}', '"readmeKey": "rdme_{a:70}"'],
  },
  {
    rule: 'zapier-webhook-url',
    samples: [
      'ZAPIER_WEBHOOK_URL=https://hooks.zapier.com/hooks/catch/{d:8}/{a:7}/',
      "requests.post('https://hooks.zapier.com/hooks/catch/{d:7}/{a:6}', json=data)",
      '  zap_url: "https://hooks.zapier.com/hooks/catch/{d:8}/{a:7}/"',
    ],
    placeholders: ['ZAPIER_WEBHOOK_URL=https://hooks.zapier.com/hooks/catch/123456/abcdef/'],
  },

  // ── CRM, support and marketing ────────────────────────────────────────────────────────────────────────
  {
    rule: 'intercom-access-token',
    samples: [
      (r, h) => `INTERCOM_ACCESS_TOKEN=${intercomToken(r, h)}`,
      (r, h) => `const client = new IntercomClient({ token: "${intercomToken(r, h)}" });`,
      (r, h) => `  intercom_token: "${intercomToken(r, h)}"`,
    ],
    placeholders: ['INTERCOM_ACCESS_TOKEN=<your access token>', 'INTERCOM_ACCESS_TOKEN=dG9rOi...'],
  },
  {
    rule: 'zendesk-api-token',
    samples: ['ZENDESK_API_TOKEN={x:40}', '  zendesk_token: "{x:40}"', "const zendeskApiToken = '{x:40}';"],
  },
  {
    rule: 'freshdesk-api-key',
    samples: ['FRESHDESK_API_KEY={x:20}', '  freshdesk_key: "{x:20}"', "freshdeskApiKey = '{x:20}'"],
  },
  {
    rule: 'hubspot-private-app-token',
    samples: [
      'HUBSPOT_ACCESS_TOKEN=pat-na1-{uuid}',
      'const hubspotClient = new hubspot.Client({ accessToken: "pat-eu1-{uuid}" });',
      '  hubspot_token: pat-na1-{uuid}',
    ],
    placeholders: [
      'HUBSPOT_ACCESS_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      'HUBSPOT_ACCESS_TOKEN=pat-na1-...',
    ],
  },
  {
    rule: 'hubspot-api-key',
    samples: [
      'HUBSPOT_API_KEY={uuid}',
      'curl "https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey={uuid}"',
      '  hubspot_api_key: "{uuid}"',
    ],
    placeholders: ['HUBSPOT_FORM_ID=3f2b1c9e-7d4a-4e8b-9c1f-5a6d7e8f9012', 'hapikey=demo'],
  },
  {
    rule: 'salesforce-access-token',
    samples: [
      'SALESFORCE_ACCESS_TOKEN=00D{x:12}!AQ{x:110}',
      '  -H "Authorization: Bearer 00D{x:15}!AR{x:104}" \\',
      '  "access_token": "00D{x:12}!AQ4AQ{x:100}.{x:12}",',
    ],
    placeholders: ['SALESFORCE_ACCESS_TOKEN=00Dxx0000000000!AQ4AQ...'],
  },
  {
    rule: 'salesforce-refresh-token',
    samples: [
      'SALESFORCE_REFRESH_TOKEN=5Aep861{x:80}',
      '  "refresh_token": "5Aep861{x:76}.{x:6}",',
      "sf_refresh_token = '5Aep861{x:80}'",
    ],
  },
  {
    rule: 'salesforce-consumer-secret',
    samples: [
      'SALESFORCE_CONSUMER_SECRET={H:64}',
      '  sfdc_client_secret: "{H:64}"',
      "salesforceConsumerSecret = '{H:64}'",
    ],
  },
  {
    rule: 'segment-public-api-token',
    samples: [
      'SEGMENT_API_TOKEN=sgp_{x:64}',
      '  -H "Authorization: Bearer sgp_{x:64}" \\',
      "segment_token: 'sgp_{x:64}'",
    ],
  },
  {
    rule: 'mixpanel-api-secret',
    samples: [
      'MIXPANEL_API_SECRET={h:32}',
      '  mixpanel_service_account_secret: "{x:32}"',
      "const mixpanelSecret = '{h:32}';",
    ],
  },
  {
    rule: 'amplitude-secret-key',
    samples: [
      'AMPLITUDE_SECRET_KEY={h:32}',
      '  amplitude_secret: "{h:32}"',
      "const amplitudeSecretKey = '{h:32}';",
    ],
  },
  {
    rule: 'beamer-api-key',
    samples: [
      'BEAMER_API_KEY=b_{b64:44}',
      '  beamer_key: "b_{u64:44}"',
      "const beamerApiKey = 'b_{b64:44}';",
    ],
  },
  {
    rule: 'eventbrite-api-token',
    samples: [
      'EVENTBRITE_PRIVATE_TOKEN={A:20}',
      '  eventbrite_token: "{A:20}"',
      "const eventbriteApiKey = '{A:20}';",
    ],
  },

  // ── Content, maps and logistics ───────────────────────────────────────────────────────────────────────
  {
    rule: 'mapbox-secret-token',
    samples: [
      (r) => `MAPBOX_SECRET_TOKEN=${mapboxToken(r)}`,
      (r) => `  -H "Authorization: Bearer ${mapboxToken(r)}"`,
      (r) => `MAPBOX_DOWNLOADS_TOKEN=${mapboxToken(r)}`,
    ],
    placeholders: [
      'MAPBOX_SECRET_TOKEN=sk.eyJ1IjoiZXhhbXBsZSIsImEiOiJ4eHh4In0.xxxxxxxxxxxxxxxxxxxxxx',
      'MAPBOX_TOKEN=sk.eyJ1...',
    ],
  },
  {
    rule: 'contentful-personal-access-token',
    samples: [
      'CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-{u64:43}',
      "const client = contentful.createClient({ accessToken: 'CFPAT-{u64:43}' });",
      '  cma_token: CFPAT-{u64:43}',
    ],
  },
  {
    rule: 'contentful-delivery-token',
    samples: [
      'CONTENTFUL_ACCESS_TOKEN={u64:43}',
      '  contentful_delivery_token: "{u64:43}"',
      "const contentfulPreviewToken = '{u64:43}';",
    ],
  },
  {
    rule: 'sanity-api-token',
    samples: [
      'SANITY_API_TOKEN=sk{x:180}',
      '  sanity_token: "sk{x:90}"',
      "const sanityWriteToken = 'sk{x:160}';",
    ],
    placeholders: [
      'SANITY_API_TOKEN=sk...  # Full read/write access token',
      'SANITY_API_TOKEN=skAbc123Def456Ghi789...',
    ],
  },
  {
    rule: 'shippo-api-token',
    samples: [
      'SHIPPO_API_TOKEN=shippo_live_{h:40}',
      'shippo.config.api_key = "shippo_test_{h:40}"',
      '  shippo_token: shippo_live_{h:40}',
    ],
  },
  {
    rule: 'easypost-api-key',
    samples: [
      'EASYPOST_API_KEY=EZAK{x:54}',
      'client = easypost.EasyPostClient("EZAK{x:54}")',
      '  easypost_key: EZAK{x:54}',
    ],
  },
  {
    rule: 'easypost-test-api-key',
    samples: [
      'EASYPOST_TEST_KEY=EZTK{x:54}',
      "const client = new EasyPostClient('EZTK{x:54}');",
      '  easypost_test_key: EZTK{x:54}',
    ],
  },
  {
    rule: 'lob-api-key',
    samples: [
      'LOB_API_KEY=live_{h:35}',
      '  lob_secret_key: "test_{h:35}"',
      "const lobApiKey = 'live_{h:35}';",
    ],
    placeholders: [
      'GLOBAL_KEY=live_3c9e1a7f5b2d8c4e6a0f9b1d7e3c5a8f2b4',
      'LOB_PUBLISHABLE_KEY=live_pub_5c2a8e1f0b7d4a3e9c6b1d8f2a4e7c0',
    ],
  },
  {
    rule: 'duffel-api-token',
    samples: [
      'DUFFEL_ACCESS_TOKEN=duffel_test_{u64:43}',
      "const duffel = new Duffel({ token: 'duffel_live_{u64:43}' });",
      '  duffel_token: duffel_live_{u64:43}',
    ],
  },

  // ── Identity ──────────────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'okta-api-token',
    samples: [
      'OKTA_API_TOKEN=00{u64:40}',
      'curl -H "Authorization: SSWS 00{u64:40}" https://corp.okta.com/api/v1/users',
      '  okta_token: "00{u64:40}"',
    ],
    placeholders: [
      'Authorization: SSWS ${OKTA_API_TOKEN}',
      'OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    rule: 'auth0-client-secret',
    samples: [
      'AUTH0_CLIENT_SECRET={u64:64}',
      '  auth0_secret: "{u64:64}"',
      "const auth0ClientSecret = '{u64:64}';",
    ],
    placeholders: ['AUTH0_CLIENT_SECRET=YOUR_AUTH0_CLIENT_SECRET'],
  },
  {
    rule: 'clerk-secret-key',
    samples: [
      'CLERK_SECRET_KEY=sk_live_{x:40}',
      "  clerk_secret_key: 'sk_test_{x:40}'",
      'const clerkKey = "sk_test_{x:46}";',
    ],
    placeholders: [
      'CLERK_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'CLERK_SECRET_KEY=sk_test_...',
    ],
  },
  {
    rule: 'yandex-cloud-api-key',
    samples: [
      'YC_API_KEY=AQVN{u64:36}',
      '  -H "Authorization: Api-Key AQVN{u64:36}" \\',
      "yandex_api_key = 'AQVN{u64:36}'",
    ],
  },
  {
    rule: 'yandex-iam-token',
    samples: [
      'YC_IAM_TOKEN=t1.9euelZ{u64:150}.{u64:86}',
      '  -H "Authorization: Bearer t1.9euelZ{u64:200}.{u64:86}" \\',
      "iam_token = 't1.9euelZ{u64:120}.{u64:86}'",
    ],
  },
  {
    rule: 'yandex-oauth-token',
    samples: [
      'YANDEX_OAUTH_TOKEN=y0_Ag{u64:53}',
      '  -H "Authorization: OAuth y0_Ag{u64:53}" \\',
      "yandex_token: 'y0_Ag{u64:53}'",
    ],
  },

  // ── APIs and data ─────────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'rapidapi-key',
    samples: [
      'RAPIDAPI_KEY={a:10}msh{a:15}p1{a:6}jsn{a:11}',
      "  'X-RapidAPI-Key': '{a:10}msh{a:15}p1{a:6}jsn{a:11}',",
      'rapid_api_key = "{a:10}msh{a:15}p1{a:6}jsn{a:11}"',
    ],
    placeholders: ["'X-RapidAPI-Key': 'YOUR_RAPIDAPI_KEY',", "'X-RapidAPI-Key': 'SIGN-UP-FOR-KEY'"],
  },
  {
    rule: 'etsy-api-key',
    samples: ['ETSY_API_KEY={a:24}', '  etsy_keystring: "{a:24}"', "const etsyApiKey = '{a:24}';"],
  },
  {
    rule: 'finicity-api-credential',
    samples: [
      'FINICITY_APP_KEY={h:32}',
      '  finicity_partner_secret: "{x:20}"',
      "const finicityAppKey = '{h:32}';",
    ],
  },
  {
    rule: 'finnhub-api-key',
    samples: [
      'FINNHUB_API_KEY={a:20}',
      "finnhub_client = finnhub.Client(api_key='')\nFINNHUB_TOKEN = '{a:20}'",
      '  finnhub_key: "{a:20}"',
    ],
  },
  {
    rule: 'nytimes-api-key',
    samples: ['NYTIMES_API_KEY={x:32}', '  nyt_api_key: "{x:32}"', "const nytimesKey = '{x:32}';"],
  },
  {
    rule: 'freshbooks-access-token',
    samples: [
      'FRESHBOOKS_CLIENT_SECRET={h:64}',
      '  freshbooks_token: "{h:64}"',
      "const freshbooksAccessToken = '{h:64}';",
    ],
  },
  {
    rule: 'squarespace-api-key',
    samples: [
      'SQUARESPACE_API_KEY={uuid}',
      '  squarespace_key: "{uuid}"',
      "const squarespaceApiKey = '{uuid}';",
    ],
  },
  {
    rule: 'xero-client-secret',
    samples: [
      'XERO_CLIENT_SECRET={u64:48}',
      '  xero_secret: "{u64:48}"',
      "const xeroClientSecret = '{u64:48}';",
    ],
  },
];
