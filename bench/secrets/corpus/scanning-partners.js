// Samples of the providers from GitHub's secret-scanning partner programme and other scanners that the other
// groups lack (src/core/checks/secrets/rules/scanning-partners.ts): developer platforms, identity, fintech,
// messaging, Chinese cloud and AI platforms, maps, captchas and media APIs. Every sample is generated from the
// documented format; none is a real key.

const X = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
/** The printable characters of a Freemius secret key (brackets and braces left out of the samples). */
const FREEMIUS = X + '!#%&()*+,./:;=?@^_|~-';

/** @param {import('../expand.js').SeededRandom} r */
const freemiusSecret = (r) => `sk_${r.chars(FREEMIUS, 29)}`;

/** A Volcengine access key id: AKLT and the unpadded base64 of 32 hex characters. */
const volcengineAkid = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  `AKLT${Buffer.from(r.chars(HEX, 32)).toString('base64').replace(/=+$/, '')}`;

/** A Volcengine secret key: base64 of the unpadded base64 of 32 hex characters. */
const volcengineSecret = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  Buffer.from(Buffer.from(r.chars(HEX, 32)).toString('base64').replace(/=+$/, '')).toString('base64');

/** An Authress service client access key: client id, key id, account id and an Ed25519 private key. */
const authressKey = (/** @type {import('../expand.js').SeededRandom} */ r) =>
  `sc_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 22)}.${r.chars(X, 4)}.acc_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 12)}.MC4CAQAwBQYDK2VwBCIEI${r.chars(X + '+/', 43)}`;

/** @type {import('../expand.js').CorpusEntry[]} */
export const PARTNER_CORPUS = [
  // ── Developer platforms ─────────────────────────────────────────────────────────────────────────────────
  {
    rule: 'adafruit-io-key',
    samples: [
      'ADAFRUIT_IO_KEY=aio_{x:28}',
      'aio = Client("maker42", "aio_{x:28}")',
      '  io_key: "aio_{x:28}"',
      'curl -H "X-AIO-Key: aio_{x:28}" https://io.adafruit.com/api/v2/maker42/feeds',
    ],
    placeholders: ['ADAFRUIT_IO_KEY=aio_XXXXXXXXXXXXXXXXXXXXXXXXXXXX', '#define IO_KEY "your_key"'],
  },
  {
    rule: 'infracost-api-key',
    samples: [
      'INFRACOST_API_KEY=ico-{x:32}',
      '      - run: infracost configure set api_key ico-{x:32}',
      '  "infracostApiKey": "ico-{x:32}",',
    ],
    placeholders: ['INFRACOST_API_KEY=ico-...', 'INFRACOST_API_KEY=ico-xxx'],
  },
  {
    rule: 'openshift-user-token',
    samples: [
      'oc login --token=sha256~{u64:43} --server=https://api.cluster.internal:6443',
      'OPENSHIFT_TOKEN=sha256~{u64:43}',
      '    token: sha256~{u64:43}',
      'headers = {"Authorization": "Bearer sha256~{u64:43}"}',
    ],
    placeholders: ['oc login --token=sha256~<token> --server=https://api.example.com:6443'],
  },
  {
    rule: 'defined-networking-api-key',
    samples: [
      'DN_API_KEY=dnkey-{A:26}-{A:52}',
      'client = DefinedClient(api_key="dnkey-{A:26}-{A:52}")',
      '  "apiKey": "dnkey-{A:26}-{A:52}"',
    ],
    placeholders: ['client = DefinedClient(api_key="dnkey-...")'],
  },
  {
    rule: 'rootly-api-key',
    samples: [
      'ROOTLY_API_TOKEN=rootly_{h:64}',
      'curl -H "Authorization: Bearer rootly_{h:64}" https://api.rootly.com/v1/incidents',
      '  api_token: rootly_{h:64}',
    ],
  },
  {
    rule: 'zuplo-api-key',
    samples: [
      'ZUPLO_API_KEY=zpka_{h:32}_{h:8}',
      "const headers = { Authorization: 'Bearer zpka_{h:32}_{h:8}' };",
      '  accuweather_key: "zpka_{h:32}_{h:8}"',
    ],
    placeholders: ['Authorization: Bearer zpka_<key>'],
  },
  {
    rule: 'wakatime-api-key',
    samples: ['api_key = waka_{uuid}', 'WAKATIME_API_KEY=waka_{uuid}', '  "wakatime.apiKey": "waka_{uuid}",'],
    placeholders: ['api_key = waka_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'],
  },
  {
    rule: 'wakatime-legacy-api-key',
    samples: ['WAKATIME_API_KEY={uuid}', '  wakatime_key: "{uuid}"', 'export WAKATIME_API_KEY="{uuid}"'],
    placeholders: ['WAKATIME_API_KEY=00000000-0000-0000-0000-000000000000'],
  },
  {
    rule: 'ionic-personal-access-token',
    samples: [
      'IONIC_TOKEN=ion_{x:42}',
      'ionic login --token ion_{x:42}',
      '  ionic_appflow_token: "ion_{x:42}"',
    ],
  },
  {
    rule: 'lichess-access-token',
    samples: [
      'LICHESS_TOKEN=lip_{x:20}',
      'client = berserk.Client(session=berserk.TokenSession("lip_{x:20}"))',
      '  token: "lio_{x:24}"',
      'curl -H "Authorization: Bearer lip_{x:16}" https://lichess.org/api/account',
    ],
    placeholders: ['LICHESS_TOKEN=lip_xxxxx', 'LICHESS_TOKEN=lip_YOUR_TOKEN_HERE'],
  },
  {
    rule: 'pangea-token',
    samples: [
      'PANGEA_TOKEN=pts_{l32:32}',
      'config = PangeaConfig(domain="aws.us.pangea.cloud"); audit = Audit("pts_{l32:32}", config=config)',
      '  pangea_audit_token: pts_{l32:32}',
    ],
  },
  {
    rule: 'settlemint-personal-access-token',
    samples: [
      'SETTLEMINT_PERSONAL_ACCESS_TOKEN=sm_pat_{x:16}',
      'settlemint login --token sm_pat_{x:16}',
      '  "accessToken": "sm_pat_{x:16}"',
    ],
    placeholders: ['const personalToken = "sm_pat_456";'],
  },
  {
    rule: 'settlemint-application-access-token',
    samples: [
      'SETTLEMINT_ACCESS_TOKEN=sm_aat_{x:16}',
      'const client = createPortalClient({ accessToken: "sm_aat_{x:16}" });',
      '  access_token: sm_aat_{x:16}',
    ],
    placeholders: ['process.env.SETTLEMINT_ACCESS_TOKEN = "sm_aat_test_token";'],
  },
  {
    rule: 'settlemint-service-access-token',
    samples: [
      'SETTLEMINT_SERVICE_TOKEN=sm_sat_{x:16}',
      "  token: 'sm_sat_{x:16}'",
      'headers["x-auth-token"] = "sm_sat_{x:16}"',
    ],
  },
  {
    rule: 'coda-api-token',
    samples: ['CODA_API_TOKEN={uuid}', 'coda = Coda("{uuid}")', '  "codaApiKey": "{uuid}",'],
    placeholders: ['CODA_API_TOKEN=<your-coda-token>'],
  },
  {
    rule: 'hasura-admin-secret',
    samples: [
      'HASURA_GRAPHQL_ADMIN_SECRET={x:32}',
      'curl -H "x-hasura-admin-secret: {x:24}" https://hasura.internal/v1/graphql',
      '      HASURA_GRAPHQL_ADMIN_SECRET: "{x:40}"',
      '  "hasuraAdminSecret": "{x:28}",',
      'HASURA_GRAPHQL_ACCESS_KEY={x:20}',
    ],
    placeholders: [
      'HASURA_GRAPHQL_ADMIN_SECRET=myadminsecretkey',
      'HASURA_GRAPHQL_ADMIN_SECRET: ${HASURA_ADMIN_SECRET}',
      'x-hasura-admin-secret: <admin-secret>',
      'HASURA_GRAPHQL_ADMIN_SECRET=admin_secret_for_local_dev',
    ],
  },
  {
    rule: 'airbrake-api-key',
    samples: ['AIRBRAKE_PROJECT_KEY={h:32}', "airbrake.project_key = '{h:32}'", 'airbrake_user_key: {h:40}'],
  },
  {
    rule: 'raygun-api-key',
    samples: ['RAYGUN_API_KEY={x:22}', 'raygun.apiKey = "{x:22}";', "  raygun_api_key: '{x:24}'"],
  },
  {
    rule: '42-intra-client-secret',
    samples: [
      'FT_CLIENT_SECRET=s-s4t2ud-{h:64}',
      "  client_secret: 's-s4t2ud-{h:64}'",
      'INTRA_SECRET=s-s4t2af-{h:64}',
    ],
    placeholders: ['FT_CLIENT_SECRET=s-s4t2ud-your-secret'],
  },

  // ── Identity and business ───────────────────────────────────────────────────────────────────────────────
  {
    rule: 'authress-service-client-access-key',
    samples: [
      (r) => `AUTHRESS_SERVICE_CLIENT_ACCESS_KEY=${authressKey(r)}`,
      (r) => `const client = new AuthressClient({ authressApiUrl }, '${authressKey(r)}');`,
      (r) => `  access_key: "${authressKey(r)}"`,
    ],
  },
  {
    rule: 'freemius-secret-key',
    samples: [
      (r) => `FREEMIUS_SECRET_KEY=${freemiusSecret(r)}`,
      (r) =>
        `$my_fs = fs_dynamic_init( array(\n    'id'          => '${r.int(9000) + 1000}',\n    'slug'        => 'my-plugin',\n` +
        `    'public_key'  => 'pk_${r.chars(HEX, 29)}',\n    'secret_key'  => '${freemiusSecret(r)}',\n    'is_premium'  => true,\n) );`,
      (r) => `  "freemiusSecretKey": "${freemiusSecret(r)}",`,
      (r) => `$freemius_secret_key = '${freemiusSecret(r)}';`,
    ],
    placeholders: [
      "define( 'FS__API_SECRET_KEY', 'sk_YOUR_SECRET_KEY' );",
      "    'secret_key'  => 'sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx',",
    ],
  },
  {
    rule: 'onfido-api-token',
    samples: [
      'ONFIDO_API_TOKEN=api_sandbox.{u64:11}.{u64:32}',
      'onfido = Onfido::API.new(api_key: "api_live.{u64:11}.{u64:32}", region: :eu)',
      '  onfido_token: api_live_us.{u64:11}.{u64:32}',
      'curl -H "Authorization: Token token=api_live_ca.{u64:11}.{u64:32}" https://api.ca.onfido.com/v3.6/applicants',
    ],
    placeholders: ['ONFIDO_API_TOKEN=api_sandbox.xxx', 'ONFIDO_API_TOKEN=api_sandbox.your_onfido_token'],
  },
  {
    rule: 'samsara-api-token',
    samples: [
      'SAMSARA_API_TOKEN=samsara_api_{x:30}',
      "headers: { Authorization: 'Bearer samsara_api_{x:30}' },",
      '  samsara_token: "samsara_api_{x:30}"',
    ],
    placeholders: ["'Authorization': 'Bearer samsara_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"],
  },
  {
    rule: 'mercury-api-token',
    samples: [
      'MERCURY_API_TOKEN=secret-token:mercury_production_wma_{x:45}_yrucrem',
      'curl --user "secret-token:mercury_production_rma_{x:45}_yrucrem:" https://api.mercury.com/api/v1/accounts',
      '  mercury_token: "secret-token:mercury_sandbox_wma_{x:45}_yrucrem"',
    ],
    placeholders: [
      '  "example": "Authorization: Bearer secret-token:mercury_production_wma_24SCp4G81X3yHL4Wq8FgzuaP9ye3VKf2mgTDctXyRg5HY_yrucrem",',
      'MERCURY_SANDBOX_API_TOKEN=secret-token:mercury_sandbox_…',
    ],
  },
  {
    rule: 'midtrans-server-key',
    samples: [
      'MIDTRANS_SERVER_KEY=SB-Mid-server-{u64:24}',
      "Config::$serverKey = 'Mid-server-{u64:24}';",
      '  server_key: "SB-Mid-server-{u64:24}"',
    ],
    placeholders: ["Config::$serverKey = 'SB-Mid-server-YOUR_SERVER_KEY';"],
  },
  {
    rule: 'mailersend-api-token',
    samples: [
      'MAILERSEND_API_KEY=mlsn.{h:64}',
      "const mailerSend = new MailerSend({ apiKey: 'mlsn.{h:64}' });",
      '  api_key: mlsn.{h:64}',
    ],
    placeholders: ['MAILERSEND_API_KEY=mlsn.your_api_key_here', 'MAILERSEND_API_KEY=mlsn.xxxxxxxxx'],
  },
  {
    rule: 'telnyx-api-key',
    samples: [
      'TELNYX_API_KEY=KEY019{H:29}_{x:22}',
      "const telnyx = Telnyx('KEY018{H:29}_{x:22}');",
      '  telnyx_api_key: "KEY01A{H:29}_{x:22}"',
    ],
    placeholders: ['TELNYX_API_KEY=KEY0123456789ABCDEF...', 'TELNYX_API_KEY=KEY017_YOUR_TELNYX_KEY'],
  },
  {
    rule: 'redirect-pizza-api-token',
    samples: [
      'REDIRECT_PIZZA_TOKEN=rpa_{x:30}',
      "headers = {'Authorization': 'Bearer rpa_{x:30}'}",
      '  redirect_pizza_api_token: rpa_{x:30}',
    ],
  },
  {
    rule: 'maxmind-license-key',
    samples: [
      'MAXMIND_LICENSE_KEY={x:6}_{x:29}_mmk',
      'GEOIPUPDATE_LICENSE_KEY={x:6}_{x:29}_mmk',
      '  license_key: "{x:6}_{x:29}_mmk"',
      'LicenseKey {x:6}_{x:29}_mmk',
    ],
  },
  {
    rule: 'maxmind-legacy-license-key',
    samples: [
      'MAXMIND_LICENSE_KEY={x:12}',
      'GEOIPUPDATE_LICENSE_KEY={x:12}',
      '      GEOIP_LICENSE_KEY: "{x:12}"',
    ],
    placeholders: ['MAXMIND_LICENSE_KEY=YOUR_LICENSE_KEY', 'MAXMIND_ACCOUNT_ID=865383'],
  },
  {
    rule: 'looker-client-secret',
    samples: [
      'LOOKERSDK_CLIENT_SECRET={x:24}',
      '  looker_client_secret: "{x:24}"',
      "sdk = looker_sdk.init40(); os.environ['LOOKERSDK_CLIENT_SECRET'] = '{x:24}'",
    ],
    placeholders: ['LOOKERSDK_CLIENT_SECRET=your_api3_client_secret'],
  },
  {
    rule: 'tableau-personal-access-token-secret',
    samples: [
      'TABLEAU_PAT_SECRET={b64:22}==:{x:32}',
      "TABLEAU_PAT_VALUE = '{b64:22}==:{x:32}'",
      '  tableau_token_secret: "{b64:22}==:{x:32}"',
    ],
  },
  {
    rule: 'contentstack-token',
    samples: [
      'CONTENTSTACK_MANAGEMENT_TOKEN=cs{h:32}',
      "  contentstack_delivery_token: 'cs{h:32}'",
      '{ "contentstackDeliveryToken": "cs{h:32}" }',
    ],
    placeholders: ['CONTENTSTACK_DELIVERY_TOKEN=csxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'private-ai-api-key',
    samples: ['PRIVATE_AI_API_KEY={h:32}', 'PRIVATEAI_KEY = "{x:32}"', '  private-ai-key: "{h:32}"'],
  },
  {
    rule: 'meraki-api-key',
    samples: [
      'MERAKI_DASHBOARD_API_KEY={h:40}',
      'meraki_api_key = "{h:40}"',
      'curl -H "X-Cisco-Meraki-API-Key: {h:40}" https://api.meraki.com/api/v1/organizations',
    ],
    // The read-only key of Meraki's public DevNet sandbox, printed in its documentation.
    placeholders: [
      'curl -H "X-Cisco-Meraki-API-Key: 6bec40cf957de430a6f1f2baa056b99a4fac9ea0" https://api.meraki.com/api/v1/organizations',
    ],
  },

  // ── Messaging and Chinese platforms ─────────────────────────────────────────────────────────────────────
  {
    rule: 'wechat-app-secret',
    samples: [
      'WECHAT_APP_SECRET={h:32}',
      "  wx_appsecret: '{h:32}'",
      '{ "weixinSecret": "{h:32}" }',
      'const wxAppSecret = "{h:32}";',
    ],
    placeholders: ['WECHAT_APP_SECRET=your_app_secret'],
  },
  {
    rule: 'wecom-bot-webhook-url',
    samples: [
      'WECOM_WEBHOOK=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={uuid}',
      'requests.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={uuid}", json=msg)',
      '  webhook_url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1&key={uuid}',
    ],
    placeholders: ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=YOUR_KEY'],
  },
  {
    rule: 'lark-app-secret',
    samples: ['LARK_APP_SECRET={x:32}', "  feishu_app_secret: '{x:32}'", '{ "larkAppSecret": "{x:32}" }'],
    placeholders: ['FEISHU_APP_SECRET=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'lark-bot-webhook-url',
    samples: [
      'FEISHU_WEBHOOK=https://open.feishu.cn/open-apis/bot/v2/hook/{uuid}',
      'curl -X POST -H "Content-Type: application/json" https://open.larksuite.com/open-apis/bot/v2/hook/{uuid} -d @msg.json',
      '  lark_webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/{uuid}"',
    ],
    placeholders: ['https://open.feishu.cn/open-apis/bot/v2/hook/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'],
  },
  {
    rule: 'dingtalk-robot-webhook-url',
    samples: [
      'DINGTALK_WEBHOOK=https://oapi.dingtalk.com/robot/send?access_token={h:64}',
      'webhook = "https://oapi.dingtalk.com/robot/send?access_token={h:64}"',
      '  url: https://oapi.dingtalk.com/robot/send?access_token={h:64}&timestamp=1700000000000',
    ],
  },
  {
    rule: 'dingtalk-app-secret',
    samples: [
      'DINGTALK_APP_SECRET={u64:64}',
      'DINGTALK_ROBOT_SECRET=SEC{h:64}',
      "  dingtalk_secret: 'SEC{h:64}'",
      '{ "dingdingAppSecret": "{u64:64}" }',
    ],
  },
  {
    rule: 'alibaba-dashscope-api-key',
    samples: ['DASHSCOPE_API_KEY=sk-{h:32}', 'dashscope.api_key = "sk-{h:32}"', '  qwen_api_key: sk-{h:32}'],
    placeholders: ['DASHSCOPE_API_KEY=sk-xxx', 'export DASHSCOPE_API_KEY="YOUR_DASHSCOPE_API_KEY"'],
  },
  {
    rule: 'baidu-qianfan-api-key',
    samples: [
      'QIANFAN_API_KEY=bce-v3/ALTAK-{x:21}/{h:40}',
      'client = OpenAI(api_key="bce-v3/ALTAK-{x:21}/{h:40}", base_url="https://qianfan.baidubce.com/v2")',
      '  api_key: bce-v3/ALTAK-{x:21}/{h:40}',
    ],
    placeholders: ['BAIDU_API_KEY=bce-v3/ALTAK-...', 'API Key: bce-v3/ALTAK-xxxxxxxxx/yyyyyyyyyyy'],
  },
  {
    rule: 'baidu-qianfan-secret-key',
    samples: ['QIANFAN_SECRET_KEY={x:32}', '  baidu_secret_key: "{x:32}"', "ERNIE_SECRET = '{x:32}'"],
  },
  {
    rule: 'zhipu-api-key',
    samples: [
      'ZHIPUAI_API_KEY={h:32}.{x:16}',
      'zhipu_api_key = "{h:32}.{x:16}"',
      '  glm_api_key: "{h:32}.{x:16}"',
    ],
    placeholders: ['ZHIPUAI_API_KEY=your_zhipu_api_key'],
  },
  {
    rule: 'moonshot-api-key',
    samples: ['MOONSHOT_API_KEY=sk-{x:48}', 'kimi_api_key = "sk-{x:48}"', '  moonshot_api_key: "sk-{x:48}"'],
    placeholders: ['MOONSHOT_API_KEY=sk-xxx'],
  },
  {
    rule: 'volcengine-access-key-id',
    samples: [
      (r) => `VOLCENGINE_ACCESS_KEY=${volcengineAkid(r)}`,
      (r) => `  access_key_id: "${volcengineAkid(r)}"`,
      (r) => `configuration.ak = '${volcengineAkid(r)}'`,
    ],
    placeholders: ['VOLCENGINE_ACCESS_KEY=AKLTxxx', 'VOLCENGINE_ACCESS_KEY=AKLT...'],
  },
  {
    rule: 'volcengine-secret-access-key',
    samples: [
      (r) => `VOLCENGINE_SECRET_KEY=${volcengineSecret(r)}`,
      (r) => `  volc_sk: "${volcengineSecret(r)}"`,
      (r) => `{ "volcengineSecretAccessKey": "${volcengineSecret(r)}" }`,
    ],
    placeholders: ['VOLCENGINE_SECRET_KEY=xxx'],
  },
  {
    rule: 'volcengine-ark-api-key',
    samples: ['ARK_API_KEY={uuid}', 'export ARK_API_KEY="{uuid}"', '  doubao_api_key: "{uuid}"'],
    placeholders: ['MODEL_AGENT_API_KEY=…               # Ark API Key'],
  },

  // ── Media, maps and captchas ────────────────────────────────────────────────────────────────────────────
  {
    rule: 'flickr-api-key',
    samples: ['FLICKR_API_KEY={h:32}', "FLICKR_KEY = '{h:32}'", '  flickrApiKey: "{h:32}"'],
  },
  {
    rule: 'flickr-api-secret',
    samples: ['FLICKR_API_SECRET={h:16}', "  flickr_secret: '{h:16}'", '{ "flickrSecret": "{h:16}" }'],
  },
  {
    rule: 'pastebin-api-key',
    samples: ['PASTEBIN_API_DEV_KEY={x:32}', "PASTEBIN_DEV_KEY = '{x:32}'", '  pastebin_api_key: "{x:32}"'],
  },
  {
    rule: 'imgur-client-secret',
    samples: [
      'IMGUR_CLIENT_SECRET={h:40}',
      "  imgur_secret: '{h:40}'",
      'const imgurClientSecret = "{h:40}";',
    ],
  },
  {
    rule: 'giphy-api-key',
    samples: [
      'GIPHY_API_KEY={x:32}',
      'fetch(`https://api.giphy.com/v1/gifs/search?api_key={x:32}&q=${query}`)',
      '  giphyKey: "{x:32}"',
    ],
    placeholders: ['https://api.giphy.com/v1/gifs/search?api_key=YOUR_API_KEY&q=cats'],
  },
  {
    rule: 'unsplash-access-key',
    samples: [
      'UNSPLASH_ACCESS_KEY={u64:43}',
      "const UNSPLASH_ACCESS_KEY = '{u64:43}';",
      '  unsplash_secret_key: "{u64:43}"',
    ],
    placeholders: ['UNSPLASH_ACCESS_KEY=your_unsplash_access_key'],
  },
  {
    rule: 'openweathermap-api-key',
    samples: [
      'OPENWEATHER_API_KEY={h:32}',
      'url = f"https://api.openweathermap.org/data/2.5/weather?q={city}&appid={h:32}&units=metric"',
      '  owm_api_key: "{h:32}"',
    ],
    placeholders: [
      'https://api.openweathermap.org/data/2.5/weather?q=London&appid={API key}',
      'OPENWEATHER_API_KEY=your_api_key',
    ],
  },
  {
    rule: 'tomtom-api-key',
    samples: [
      'TOMTOM_API_KEY={x:32}',
      'curl "https://api.tomtom.com/search/2/geocode/Amsterdam.json?key={x:32}"',
      '  tomtomKey: "{x:32}"',
    ],
    placeholders: ['https://api.tomtom.com/search/2/geocode/Amsterdam.json?key=YOUR_API_KEY'],
  },
  {
    rule: 'here-api-key',
    samples: [
      'HERE_API_KEY={u64:43}',
      'fetch("https://geocode.search.hereapi.com/v1/geocode?q=Berlin&apiKey={u64:43}")',
      '  hereMapsApiKey: "{u64:43}"',
    ],
    placeholders: ['https://geocode.search.hereapi.com/v1/geocode?q=Berlin&apiKey=YOUR_API_KEY'],
  },
  {
    rule: 'mapillary-client-token',
    samples: [
      'MAPILLARY_TOKEN=MLY|{d:16}|{h:32}',
      "  access_token: 'MLY|{d:16}|{h:32}'",
      'fetch(`https://graph.mapillary.com/images?access_token=MLY|{d:16}|{h:32}&fields=id`)',
    ],
    placeholders: ['MAPILLARY_TOKEN=MLY|XXX|YYY'],
  },
  {
    rule: 'recaptcha-secret-key',
    samples: [
      'RECAPTCHA_SECRET_KEY=6L{u64:38}',
      "  recaptcha_private_key: '6L{u64:38}'",
      'curl "https://www.google.com/recaptcha/api/siteverify?secret=6L{u64:38}&response=$TOKEN"',
      'const captchaSecret = "6L{u64:38}";',
    ],
    placeholders: [
      'curl "https://www.google.com/recaptcha/api/siteverify?secret=6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe&response=$TOKEN"',
      'RECAPTCHA_SITE_KEY=6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI',
      'RECAPTCHA_SECRET_KEY=6L...',
    ],
  },
  {
    rule: 'hcaptcha-secret-key',
    samples: [
      'HCAPTCHA_SECRET=0x{h:40}',
      "  hcaptcha_secret_key: '0x{H:40}'",
      '{ "hcaptchaSecret": "ES_{h:32}" }',
    ],
    placeholders: ['HCAPTCHA_SECRET=0x0000000000000000000000000000000000000000'],
  },
  {
    rule: 'cloudflare-turnstile-secret-key',
    samples: [
      'TURNSTILE_SECRET_KEY=0x4AAAAAAA{u64:25}',
      "formData.append('secret', '0x4AAAAAAA{u64:25}');",
      '  turnstile_secret: "0x4AAAAAAA{u64:25}"',
    ],
    placeholders: [
      'TURNSTILE_SECRET_KEY=1x0000000000000000000000000000000AA',
      'TURNSTILE_SECRET_KEY=2x0000000000000000000000000000000AA',
      'TURNSTILE_SECRET_KEY=0x4AAAAAAA...',
      'NEXT_PUBLIC_TURNSTILE_SITE_KEY=0x4AAAAAAAB3cD9eF1gH2iJk',
      'TURNSTILE_SECRET_KEY=0x4AAAAAAA_YOUR_PRODUCTION_SECRET',
    ],
  },
];
