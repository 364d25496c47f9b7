import { shannonEntropy } from '../entropy.js';
import { looksLikePlaceholder } from '../placeholder.js';
import { caseless, prefixedPattern, type SecretRule } from '../secret-rule.js';

// Long by nature: a table with one rule per provider, and the providers are many.

// Providers of GitHub's secret-scanning partner programme and formats other open-source scanners know that the
// other groups lack: developer platforms, identity, fintech, messaging, Chinese cloud and AI platforms, maps,
// captchas and media APIs. Each rule is written from the provider's documented token format; formats that
// cannot stand alone (32 hex, a uuid) need the provider's name in the assignment, or a URL of the provider's.

const re = String.raw;

const UUID = re`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;
const LOWER_UUID = re`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;

/** The assignment around a keyed value, as in `keyedPattern`: the rest of the name, the operator, a quote. */
const ASSIGNMENT = re`[\w.\-\[\]'"]{0,40}?\s{0,4}(?:=>|:=|<-|\|\|=|\?\?=|=|:)\s{0,8}(?:[\w.]{1,60}\()?['"${'`'}]?`;
const VALUE_END = re`(?![A-Za-z0-9+/_-])`;

type Extra = Pick<SecretRule, 'minEntropy' | 'validate' | 'placeholderCheck' | 'severity' | 'multiline'>;

/** Enough entropy, and at least two of digits, lower-case and upper-case letters (not a word or a name). */
function looksRandom(value: string, minBits = 3): boolean {
  const classes = [/\d/, /[a-z]/, /[A-Z]/].filter((pattern) => pattern.test(value)).length;
  return classes >= 2 && shannonEntropy(value) >= minBits;
}

const random =
  (minBits = 3) =>
  (secret: string): boolean =>
    looksRandom(secret, minBits);

/** Rejects keys a provider publishes in its documentation, and keeps another check when given. */
function notOneOf(examples: string[], also?: (secret: string) => boolean): (secret: string) => boolean {
  const known = new Set(examples);
  return (secret) => !known.has(secret) && (also === undefined || also(secret));
}

/** A self-prefixed token: the keywords are its prefix. */
function token(
  id: string,
  title: string,
  keywords: string[],
  source: string,
  extra: Extra & { boundary?: string } = {},
): SecretRule {
  const { boundary, ...rest } = extra;
  return { id, title, keywords, pattern: prefixedPattern(source, boundary), ...rest };
}

interface KeyedOptions extends Extra {
  /** The name must also contain one of these words after the provider's (`LOOKERSDK_CLIENT_SECRET`). */
  words?: string;
  /**
   * The provider's name is a short word that other words contain (`coda` in `barcodas`, `ark` in
   * `bookmark`): it must start the name or a camel-case part of it.
   */
  wordStart?: boolean;
  /** Lower-case keywords when the names are regex sources (`private[_.-]?ai`); else the names themselves. */
  keywords?: string[];
  /**
   * Another context the value is found in, as a regex source that ends where the value starts: a URL of the
   * provider's with the key as a query parameter (`api.openweathermap.org/…?appid=`).
   */
  url?: string;
}

/** `coda` → `CODA_…`, `coda_…`, `…Coda…` (camel case), never `barcoda`. */
function atWordStart(name: string): string {
  const first = name.charAt(0);
  return `(?:(?<![A-Za-z])${caseless(name)}|(?<=[a-z])${first.toUpperCase()}${caseless(name.slice(1))})`;
}

/** The regex source of a name containing one of `names`, then (when given) one of `words`. */
function nameSource(names: string, options: KeyedOptions): string {
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

/** A value too generic to stand alone, assigned to a name that contains the provider's (or in its URL). */
function keyed(
  id: string,
  title: string,
  names: string,
  value: string,
  options: KeyedOptions = {},
): SecretRule {
  const { words: _words, wordStart: _wordStart, keywords, url, ...rest } = options;
  const context = `${nameSource(names, options)}${ASSIGNMENT}`;
  const prefix = url === undefined ? context : `(?:${context}|${url})`;
  return {
    id,
    title,
    keywords: keywords ?? names.split('|').map((n) => n.toLowerCase()),
    pattern: new RegExp(`${prefix}(?<secret>${value})${VALUE_END}`),
    ...rest,
  };
}

/** The host and path of a provider's URL, then any query up to the parameter that holds the key. */
function urlParameter(hostAndPath: string, parameter: string): string {
  return re`${hostAndPath}[^\s'"${'`'}<>]{0,300}?[?&]${parameter}=`;
}

/** Freemius keys: the random part mixes printable characters, so only its letters and digits are judged. */
function isFreemiusSecret(secret: string): boolean {
  const body = secret.slice(3);
  if (/\$\{|\{\{|<[A-Za-z_ -]{2,}>/.test(body)) return false;
  const alphanumeric = body.replace(/[^A-Za-z0-9]/g, '');
  return alphanumeric.length >= 12 && !looksLikePlaceholder(alphanumeric) && shannonEntropy(body) >= 3.5;
}

/** A Volcengine access key id is AKLT and the base64 (unpadded) of 32 lower-case hex characters. */
function isVolcengineAccessKeyId(secret: string): boolean {
  const decoded = Buffer.from(secret.slice(4), 'base64').toString('latin1');
  return /^[0-9a-f]{32}$/.test(decoded) && !looksLikePlaceholder(decoded);
}

const FREEMIUS_SECRET = re`sk_(?!live_|test_)[A-Za-z0-9!#$%&()*+,./:;<=>?@\[\]^_{|}~-]{29}`;

const DEVELOPER_PLATFORMS: SecretRule[] = [
  // Adafruit IO keys: aio_ and 28 base62 characters (GitHub partner pattern adafruit_io_key).
  token('adafruit-io-key', 'Adafruit IO key', ['aio_'], 'aio_[A-Za-z0-9]{28}', {
    minEntropy: 3.5,
    validate: random(),
  }),
  // Infracost API keys: ico- and 32 base62 characters (the key `infracost auth login` writes).
  token('infracost-api-key', 'Infracost API key', ['ico-'], 'ico-[A-Za-z0-9]{32}', {
    minEntropy: 3.5,
    validate: random(),
  }),
  // OpenShift OAuth access tokens (`oc whoami -t`): sha256~ and 43 base64url characters.
  token('openshift-user-token', 'OpenShift user token', ['sha256~'], 'sha256~[A-Za-z0-9_-]{43}', {
    minEntropy: 4,
  }),
  // Defined Networking (Managed Nebula) API keys: dnkey-, 26 characters, -, 52 characters.
  token(
    'defined-networking-api-key',
    'Defined Networking API key',
    ['dnkey-'],
    'dnkey-[A-Za-z0-9]{26}-[A-Za-z0-9]{52}',
    { minEntropy: 4 },
  ),
  // Rootly API keys: rootly_ and 64 hex characters.
  token('rootly-api-key', 'Rootly API key', ['rootly_'], 'rootly_[a-f0-9]{64}', { minEntropy: 3 }),
  // Zuplo API keys (also issued by APIs built on Zuplo, AccuWeather's among them): zpka_, 32 hex, _, 8 hex.
  token('zuplo-api-key', 'Zuplo API key', ['zpka_'], 'zpka_[a-f0-9]{32}_[a-f0-9]{8}', { minEntropy: 3 }),
  // WakaTime API keys: waka_ and a uuid since 2023; older keys are a bare uuid under a WakaTime name.
  token('wakatime-api-key', 'WakaTime API key', ['waka_'], `waka_${LOWER_UUID}`, { minEntropy: 3 }),
  keyed('wakatime-legacy-api-key', 'WakaTime API key', 'wakatime', UUID, { minEntropy: 3 }),
  // Ionic (Appflow) personal access tokens: ion_ and 42 base62 characters.
  token('ionic-personal-access-token', 'Ionic personal access token', ['ion_'], 'ion_[A-Za-z0-9]{42}', {
    minEntropy: 4,
    validate: random(),
  }),
  // Lichess personal API tokens lip_ and OAuth tokens lio_, then 16 to 24 base62 characters.
  token('lichess-access-token', 'Lichess API access token', ['lip_', 'lio_'], 'li[po]_[A-Za-z0-9]{16,24}', {
    minEntropy: 3,
    validate: random(),
  }),
  // Pangea service tokens: pts_ and 32 lower-case base32 characters.
  token('pangea-token', 'Pangea service token', ['pts_'], 'pts_[a-z2-7]{32}', { minEntropy: 3.6 }),
  // SettleMint access tokens: sm_pat_ (personal), sm_aat_ (application), sm_sat_ (service), 16 base62.
  token(
    'settlemint-personal-access-token',
    'SettleMint personal access token',
    ['sm_pat_'],
    'sm_pat_[A-Za-z0-9]{16}',
    { minEntropy: 3, validate: random() },
  ),
  token(
    'settlemint-application-access-token',
    'SettleMint application access token',
    ['sm_aat_'],
    'sm_aat_[A-Za-z0-9]{16}',
    { minEntropy: 3, validate: random() },
  ),
  token(
    'settlemint-service-access-token',
    'SettleMint service access token',
    ['sm_sat_'],
    'sm_sat_[A-Za-z0-9]{16}',
    { minEntropy: 3, validate: random() },
  ),
  // Coda API tokens are uuids: only under a Coda name (not Codacy's).
  keyed('coda-api-token', 'Coda API token', 'coda(?!cy)', UUID, {
    wordStart: true,
    keywords: ['coda'],
    minEntropy: 3,
  }),
  // Hasura's admin secret is chosen by its owner: HASURA_GRAPHQL_ADMIN_SECRET (ACCESS_KEY before v1.0), or
  // the x-hasura-admin-secret header. Only random-looking values count.
  keyed(
    'hasura-admin-secret',
    'Hasura GraphQL admin secret',
    'hasura',
    re`[A-Za-z0-9_\-+/=.!@#%^&*~]{12,128}`,
    { words: re`admin[_.-]?secret|access[_.-]?key`, validate: random(3.3) },
  ),
  // Airbrake project keys are 32 hex characters, user API keys 40.
  keyed('airbrake-api-key', 'Airbrake API key', 'airbrake', '[a-f0-9]{40}|[a-f0-9]{32}', {
    minEntropy: 3,
    validate: random(),
  }),
  // Raygun API keys: base64 characters, under a Raygun name.
  keyed('raygun-api-key', 'Raygun API key', 'raygun', '[A-Za-z0-9+/]{20,44}={0,2}', {
    validate: random(3.3),
  }),
  // 42 Intra OAuth application secrets: s-s4t2ud- (or s-s4t2af-) and 64 hex characters.
  token(
    '42-intra-client-secret',
    '42 Intra OAuth client secret',
    ['s-s4t2ud-', 's-s4t2af-'],
    's-s4t2(?:ud|af)-[a-f0-9]{64}',
    { minEntropy: 3 },
  ),
];

const IDENTITY_AND_BUSINESS: SecretRule[] = [
  // Authress service client access keys: the client id (sc_…), the key id, the account id (acc_…) and the
  // base64 private key, joined by dots.
  {
    id: 'authress-service-client-access-key',
    title: 'Authress service client access key',
    keywords: ['.acc_', '.acc-'],
    pattern: new RegExp(
      re`(?<![A-Za-z0-9_\-+/.])(?<secret>(?:sc|ext|scauth|authress)_[A-Za-z0-9]{4,40}\.[A-Za-z0-9]{2,20}\.acc[_-][A-Za-z0-9-]{4,40}\.[A-Za-z0-9+/_=-]{30,200})(?![A-Za-z0-9_\-+/=.])`,
    ),
    minEntropy: 4,
  },
  // Freemius secret keys: sk_ and 29 printable characters, under a Freemius name or in the PHP SDK's
  // fs_dynamic_init() array (whose other keys sit on other lines, hence multiline).
  {
    id: 'freemius-secret-key',
    title: 'Freemius secret key',
    keywords: ['freemius', 'fs_dynamic_init'],
    pattern: new RegExp(
      re`(?:${caseless('freemius')}${ASSIGNMENT}|fs_dynamic_init\s{0,4}\(\s{0,4}(?:array\s{0,4}\(|\[)[^;]{0,3000}?['"]secret_key['"]\s{0,4}=>\s{0,4}['"])` +
        re`(?<secret>${FREEMIUS_SECRET})(?=['"${'`'}\s,;]|$)`,
      'm',
    ),
    multiline: true,
    placeholderCheck: 'off',
    validate: isFreemiusSecret,
  },
  // Onfido (Entrust) API tokens: api_live. or api_sandbox. (with a region for US and Canada), 11 characters,
  // a dot and 32 base64url characters.
  token(
    'onfido-api-token',
    'Onfido API token',
    ['api_live', 'api_sandbox'],
    re`api_(?:live|sandbox)(?:_(?:us|ca))?\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{32}`,
    { boundary: re`A-Za-z0-9_\-.`, minEntropy: 4 },
  ),
  // Samsara API tokens: samsara_api_ and 30 base62 characters.
  token('samsara-api-token', 'Samsara API token', ['samsara_api_'], 'samsara_api_[A-Za-z0-9]{30}', {
    minEntropy: 3.5,
    validate: random(),
  }),
  // Mercury API tokens: secret-token:mercury_<environment>_<kind>_<random>_yrucrem ("mercury" reversed).
  // The example in Mercury's API reference is not a key.
  token(
    'mercury-api-token',
    'Mercury API token',
    ['secret-token:mercury_'],
    re`secret-token:mercury_(?:production|sandbox)_[a-z]{3}_[A-Za-z0-9]{40,50}_yrucrem`,
    {
      minEntropy: 4,
      validate: notOneOf([
        'secret-token:mercury_production_wma_24SCp4G81X3yHL4Wq8FgzuaP9ye3VKf2mgTDctXyRg5HY_yrucrem',
      ]),
    },
  ),
  // Midtrans server keys: Mid-server- (SB-Mid-server- in the sandbox) and 24 base64url characters.
  token(
    'midtrans-server-key',
    'Midtrans server key',
    ['mid-server-'],
    '(?:SB-)?Mid-server-[A-Za-z0-9_-]{24}',
    { minEntropy: 3.5 },
  ),
  // MailerSend API tokens: mlsn. and 64 hex characters.
  token('mailersend-api-token', 'MailerSend API token', ['mlsn.'], re`mlsn\.[a-f0-9]{64}`, {
    boundary: re`A-Za-z0-9_\-.`,
    minEntropy: 3,
  }),
  // Telnyx API v2 keys: KEY, 32 upper-case hex characters (time-ordered, so 01… for decades), _, 22 base62.
  token('telnyx-api-key', 'Telnyx API key', ['key01'], 'KEY01[0-9A-F]{30}_[A-Za-z0-9]{22}', {
    minEntropy: 3.8,
  }),
  // redirect.pizza API tokens: rpa_ and 30 base62 characters.
  token('redirect-pizza-api-token', 'redirect.pizza API token', ['rpa_'], 'rpa_[A-Za-z0-9]{30}', {
    minEntropy: 3.5,
    validate: random(),
  }),
  // MaxMind license keys since 2024: 6 characters, _, 29 characters, _mmk.
  token('maxmind-license-key', 'MaxMind license key', ['_mmk'], '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk', {
    minEntropy: 3.8,
  }),
  // Older MaxMind (GeoIP/GeoLite) license keys: 12 base62 characters under a MaxMind or geoipupdate name.
  keyed('maxmind-legacy-license-key', 'MaxMind license key', 'maxmind|geoip|geolite', '[A-Za-z0-9]{12}', {
    words: 'license|key',
    validate: random(2.8),
  }),
  // Looker API3 client secrets (LOOKERSDK_CLIENT_SECRET): 24 base62 characters.
  keyed('looker-client-secret', 'Looker API client secret', 'looker', '[A-Za-z0-9]{24}', {
    words: 'secret',
    validate: random(3.5),
  }),
  // Tableau personal access token secrets: 24 base64 characters, :, 32 base62 characters.
  keyed(
    'tableau-personal-access-token-secret',
    'Tableau personal access token secret',
    'tableau',
    '[A-Za-z0-9+/]{20,30}={0,2}:[A-Za-z0-9]{24,40}',
    { minEntropy: 4 },
  ),
  // Contentstack management and delivery tokens: cs and 32 hex characters.
  keyed('contentstack-token', 'Contentstack management or delivery token', 'contentstack', 'cs[a-f0-9]{32}', {
    minEntropy: 3,
  }),
  // Private AI API keys: under a Private AI name.
  keyed('private-ai-api-key', 'Private AI API key', re`private[_.\-]?ai`, '[A-Za-z0-9]{32,64}', {
    wordStart: true,
    keywords: ['privateai', 'private_ai', 'private-ai', 'private.ai'],
    validate: random(3.2),
  }),
  // Cisco Meraki Dashboard API keys: 40 hex characters (also the X-Cisco-Meraki-API-Key header).
  // The read-only key of Meraki's public DevNet sandbox, printed in its documentation, is not a secret.
  keyed('meraki-api-key', 'Cisco Meraki API key', 'meraki', '[a-f0-9]{40}', {
    minEntropy: 3,
    validate: notOneOf(['6bec40cf957de430a6f1f2baa056b99a4fac9ea0'], random()),
  }),
];

const MESSAGING_AND_CHINESE_PLATFORMS: SecretRule[] = [
  // WeChat (Weixin) official account and mini program AppSecrets: 32 hex characters.
  keyed('wechat-app-secret', 'WeChat AppSecret', 'wechat|weixin|wx', '[a-f0-9]{32}', {
    words: 'secret',
    wordStart: true,
    minEntropy: 3,
    validate: random(),
  }),
  // WeCom (WeChat Work) group robot webhooks: qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<uuid>.
  {
    id: 'wecom-bot-webhook-url',
    title: 'WeCom group robot webhook URL',
    keywords: ['qyapi.weixin.qq.com'],
    pattern: new RegExp(
      re`https?://qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?(?:[^\s'"&]{0,100}&)?key=(?<secret>${UUID})${VALUE_END}`,
    ),
    minEntropy: 3,
  },
  // Lark (Feishu) app secrets: 32 base62 characters under a Lark or Feishu name.
  keyed('lark-app-secret', 'Lark (Feishu) app secret', 'lark|feishu', '[A-Za-z0-9]{32}', {
    words: 'secret',
    wordStart: true,
    validate: random(3.5),
  }),
  // Lark and Feishu custom bot webhooks: open.feishu.cn (or open.larksuite.com)/open-apis/bot/v2/hook/<uuid>.
  {
    id: 'lark-bot-webhook-url',
    title: 'Lark (Feishu) bot webhook URL',
    keywords: ['open-apis/bot/'],
    pattern: new RegExp(
      re`https?://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?<secret>${UUID})${VALUE_END}`,
    ),
    minEntropy: 3,
  },
  // DingTalk robot webhooks: oapi.dingtalk.com/robot/send?access_token=<64 hex>.
  {
    id: 'dingtalk-robot-webhook-url',
    title: 'DingTalk robot webhook URL',
    keywords: ['oapi.dingtalk.com'],
    pattern: new RegExp(
      re`https?://oapi\.dingtalk\.com/robot/send\?(?:[^\s'"&]{0,100}&)?access_token=(?<secret>[a-f0-9]{64})${VALUE_END}`,
    ),
    minEntropy: 3,
  },
  // DingTalk app secrets (64 base64url characters) and robot signing secrets (SEC and 64 hex characters).
  keyed(
    'dingtalk-app-secret',
    'DingTalk app or robot secret',
    'dingtalk|dingding',
    'SEC[a-f0-9]{64}|[A-Za-z0-9_-]{64}',
    {
      words: 'secret|sec',
      minEntropy: 3.5,
      validate: random(),
    },
  ),
  // Alibaba Cloud Model Studio (DashScope, Bailian) API keys: sk- and 32 hex characters.
  keyed(
    'alibaba-dashscope-api-key',
    'Alibaba Cloud DashScope API key',
    'dashscope|bailian|qwen|tongyi',
    'sk-[a-f0-9]{32}',
    { wordStart: true, minEntropy: 3 },
  ),
  // Baidu Qianfan (ERNIE) API keys: bce-v3/ALTAK-<21 base62>/<40 hex>.
  token(
    'baidu-qianfan-api-key',
    'Baidu Qianfan API key',
    ['bce-v3/altak-'],
    'bce-v3/ALTAK-[A-Za-z0-9]{21}/[a-f0-9]{40}',
    { minEntropy: 4 },
  ),
  // The older Qianfan and Baidu AI Cloud secret keys: 32 base62 characters under such a name.
  keyed(
    'baidu-qianfan-secret-key',
    'Baidu Qianfan secret key',
    'qianfan|wenxin|ernie|baidu',
    '[A-Za-z0-9]{32}',
    {
      words: 'secret',
      wordStart: true,
      validate: random(3.5),
    },
  ),
  // Zhipu AI (BigModel, GLM) API keys: 32 hex characters, a dot and 16 base62 characters.
  keyed(
    'zhipu-api-key',
    'Zhipu AI API key',
    'zhipu|bigmodel|chatglm|glm',
    re`[a-f0-9]{32}\.[A-Za-z0-9]{16}`,
    {
      wordStart: true,
      minEntropy: 3.5,
    },
  ),
  // Moonshot AI (Kimi) API keys: sk- and 48 base62 characters.
  keyed('moonshot-api-key', 'Moonshot AI (Kimi) API key', 'moonshot|kimi', 'sk-[A-Za-z0-9]{48}', {
    wordStart: true,
    minEntropy: 4,
    validate: random(),
  }),
  // Volcengine access key ids: AKLT and the unpadded base64 of 32 hex characters.
  token('volcengine-access-key-id', 'Volcengine access key ID', ['aklt'], 'AKLT[A-Za-z0-9]{43}', {
    validate: isVolcengineAccessKeyId,
  }),
  // Volcengine secret access keys: base64 (of base64 of 32 hex characters) under a Volcengine name.
  keyed(
    'volcengine-secret-access-key',
    'Volcengine secret access key',
    'volc',
    '[A-Za-z0-9+/]{40,88}={0,2}',
    { words: 'secret|sk', wordStart: true, minEntropy: 4, validate: random() },
  ),
  // Volcengine Ark (Doubao) API keys are uuids: ARK_API_KEY in Volcengine's SDKs.
  keyed(
    'volcengine-ark-api-key',
    'Volcengine Ark API key',
    re`ark[_.\-]?api|doubao|volcengine[_.\-]?ark`,
    UUID,
    {
      wordStart: true,
      keywords: ['ark_api', 'arkapi', 'ark-api', 'ark.api', 'doubao', 'volcengine'],
      minEntropy: 3,
    },
  ),
];

const MEDIA_MAPS_AND_CAPTCHAS: SecretRule[] = [
  // Flickr API keys are 32 hex characters and their secrets 16.
  keyed('flickr-api-key', 'Flickr API key', 'flickr', '[a-f0-9]{32}', {
    minEntropy: 3,
    validate: random(),
  }),
  keyed('flickr-api-secret', 'Flickr API secret', 'flickr', '[a-f0-9]{16}', {
    words: 'secret',
    minEntropy: 2.3,
    validate: random(2.3),
  }),
  // Pastebin developer API keys: 32 characters.
  keyed('pastebin-api-key', 'Pastebin API key', 'pastebin', '[A-Za-z0-9_-]{32}', { validate: random(3.5) }),
  // Imgur client secrets: 40 hex characters.
  keyed('imgur-client-secret', 'Imgur client secret', 'imgur', '[a-f0-9]{40}', {
    words: 'secret',
    minEntropy: 3,
    validate: random(),
  }),
  // Giphy API keys: 32 base62 characters, also as api_key= on api.giphy.com.
  keyed('giphy-api-key', 'Giphy API key', 'giphy', '[A-Za-z0-9]{32}', {
    url: urlParameter(re`api\.giphy\.com/`, 'api_key'),
    validate: random(3.5),
  }),
  // Unsplash access and secret keys: 43 base64url characters.
  keyed('unsplash-access-key', 'Unsplash API access key', 'unsplash', '[A-Za-z0-9_-]{43}', {
    validate: random(4),
  }),
  // OpenWeatherMap API keys: 32 hex characters, also as appid= on api.openweathermap.org.
  keyed('openweathermap-api-key', 'OpenWeatherMap API key', 'openweather|owm', '[a-f0-9]{32}', {
    wordStart: true,
    url: urlParameter(re`openweathermap\.org/`, 'appid'),
    minEntropy: 3,
    validate: random(),
  }),
  // TomTom API keys: 32 base62 characters, also as key= on api.tomtom.com.
  keyed('tomtom-api-key', 'TomTom API key', 'tomtom', '[A-Za-z0-9]{32}', {
    url: urlParameter(re`api\.tomtom\.com/`, 'key'),
    validate: random(3.5),
  }),
  // HERE platform API keys: 43 base64url characters, also as apiKey= on *.hereapi.com.
  keyed('here-api-key', 'HERE API key', re`here[_.\-]?(?:maps[_.\-]?)?api[_.\-]?key`, '[A-Za-z0-9_-]{43}', {
    wordStart: true,
    keywords: ['hereapi', 'here_api', 'here-api', 'here.api', 'here_maps', 'heremaps', 'here-maps'],
    url: urlParameter(re`hereapi\.com/`, 'apiKey'),
    validate: random(4),
  }),
  // Mapillary client tokens: MLY|<client id>|<32 hex>.
  token('mapillary-client-token', 'Mapillary client token', ['mly|'], re`MLY\|[0-9]{10,20}\|[a-f0-9]{32}`, {
    boundary: re`A-Za-z0-9_\-|`,
    minEntropy: 3,
  }),
  // Google reCAPTCHA secret keys: 6L and 38 base64url characters (site keys look the same, hence "secret" or
  // "private" in the name), or the secret= of a siteverify call. Google's documented test key is not a secret.
  keyed('recaptcha-secret-key', 'Google reCAPTCHA secret key', 'captcha', '6L[A-Za-z0-9_-]{38}', {
    words: 'secret|private',
    url: urlParameter(re`google\.com/recaptcha/api/siteverify`, 'secret'),
    minEntropy: 3.8,
    validate: notOneOf(['6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe']),
  }),
  // hCaptcha secret keys: 0x and 40 hex characters (an Ethereum address's shape, hence the name), or the
  // newer ES_ and 32 hex characters.
  keyed('hcaptcha-secret-key', 'hCaptcha secret key', 'hcaptcha', '0x[a-fA-F0-9]{40}|ES_[a-fA-F0-9]{32}', {
    words: 'secret',
    minEntropy: 3,
  }),
  // Cloudflare Turnstile secret keys: 0x4AAAAAAA and 25 more characters (35 in all; site keys are shorter).
  token(
    'cloudflare-turnstile-secret-key',
    'Cloudflare Turnstile secret key',
    ['0x4aaaaaaa'],
    '0x4AAAAAAA[A-Za-z0-9_-]{25}',
    {
      placeholderCheck: 'off',
      validate: (secret) => !looksLikePlaceholder(secret.slice(10)) && looksRandom(secret.slice(10), 3.5),
    },
  ),
];

/** Providers from GitHub's secret-scanning partner programme (and other scanners) the other groups lack. */
export const PARTNER_RULES: SecretRule[] = [
  ...DEVELOPER_PLATFORMS,
  ...IDENTITY_AND_BUSINESS,
  ...MESSAGING_AND_CHINESE_PLATFORMS,
  ...MEDIA_MAPS_AND_CAPTCHAS,
];
