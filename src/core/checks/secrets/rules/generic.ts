import { shannonEntropy } from '../entropy.js';
import { looksLikePlaceholder } from '../placeholder.js';
import { caseless, prefixedPattern, type SecretRule } from '../secret-rule.js';

// Formats that belong to no one provider: private keys, JWTs, passwords in connection strings and URLs, and
// high-entropy values assigned to names that say "secret".

/** Base64 content of a key block, with PEM and PGP header lines removed. */
function keyMaterial(block: string): string {
  return block
    .split(/\r?\n|\\n/)
    .filter((line) => !/^-----|^[A-Za-z-]+: /.test(line.trim()))
    .join('')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}

const isKeyMaterial = (block: string) => {
  const body = keyMaterial(block);
  return body.length >= 40 && shannonEntropy(body) >= 4.5;
};

/** A JWT's header decodes to a JSON object naming its algorithm. */
function isJwt(token: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

// Passwords that only stand in for one: defaults of local databases and brokers, and words from docs.
const STAND_IN_PASSWORDS = new Set(
  (
    'password passwd pass pwd secret changeme root admin administrator postgres postgresql mysql mariadb mongo ' +
    'mongodb redis rabbit rabbitmq guest user username test testing tester demo example sample dummy foo bar ' +
    'foobar baz qux default letmein qwerty toor none null nil empty secret123 password123 password1 pass123 ' +
    'admin123 root123 123456 1234567 12345678 123456789 1234567890 abc123 hunter2 xxx yyy zzz sa oracle ' +
    'minio minioadmin minio123 airflow keycloak sonar jenkins docker kafka elastic changeit'
  ).split(' '),
);

function isRealPassword(password: string): boolean {
  const decoded = safeDecode(password);
  if (decoded.length < 4) return false;
  if (STAND_IN_PASSWORDS.has(decoded.toLowerCase())) return false;
  if (/^[*x.•]+$/i.test(decoded) || /^\d{1,5}$/.test(decoded)) return false;
  return !looksLikePlaceholder(decoded);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const SCHEMES =
  'postgres(?:ql)?|mysql(?:x)?|mariadb|mongodb(?:\\+srv)?|redis|rediss|valkey|amqps?|mssql|sqlserver|oracle|' +
  'cockroachdb|clickhouse|couchdb|couchbase|neo4j(?:\\+s)?|bolt|nats|mqtts?|kafka|ldaps?|ftps?|sftp|smtps?|' +
  'imaps?|pop3s?|snowflake|jdbc:[a-z0-9]+|https?|wss?|git|svn|ssh|s3|sentry|memcached|cassandra|elasticsearch|' +
  'influxdb|rethinkdb|db2|sybase|firebird|presto|trino|hive2?|etcd|consul|zookeeper|socks5h?|rtsp|telnet';

/** Names that say the value is a credential, as the last word of an identifier (`DB_PASSWORD`, `apiKey`). */
const SECRET_NAMES = [
  'api[_.-]?key',
  'api[_.-]?secret',
  'api[_.-]?token',
  'app[_.-]?secret',
  'app[_.-]?key',
  'secret[_.-]?key',
  'secret[_.-]?access[_.-]?key',
  'access[_.-]?key',
  'access[_.-]?token',
  'refresh[_.-]?token',
  'auth[_.-]?token',
  'auth[_.-]?key',
  'bearer[_.-]?token',
  'client[_.-]?secret',
  'client[_.-]?key',
  'consumer[_.-]?secret',
  'private[_.-]?key',
  'signing[_.-]?key',
  'signing[_.-]?secret',
  'encryption[_.-]?key',
  'master[_.-]?key',
  'webhook[_.-]?secret',
  'session[_.-]?secret',
  'shared[_.-]?secret',
  'license[_.-]?key',
  'secret',
  'token',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'credentials?',
]
  .map((name) => name.replace(/[a-z]+/g, (word) => caseless(word)))
  .join('|');

const ASSIGN = `s?['"\\]]?\\s{0,4}(?:=>|:=|=|:)\\s{0,4}`;
const VALUE_CHARS = `A-Za-z0-9+/=_\\-~.!@#$%^&*`;

/** A member path (`process.env.TOKEN`, `settings.secret_key`): a reference to a secret, not one. */
const REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/**
 * A generic value is random enough to be a credential: letters and digits (or long and mixed-case), not a
 * name or phrase made of words, and entropy of at least 3 bits per character.
 */
function isRandomValue(value: string): boolean {
  if (REFERENCE.test(value)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // a CONSTANT_NAME
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (!((hasDigit && hasLetter) || (value.length >= 20 && mixedCase))) return false;
  const segments = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const wordChars = segments.filter((s) => /^[A-Za-z]{3,}$/.test(s)).reduce((n, s) => n + s.length, 0);
  if (segments.length >= 2 && wordChars >= 0.7 * value.replace(/[^A-Za-z0-9]/g, '').length) return false;
  return shannonEntropy(value) >= 3;
}

export const GENERIC_RULES: SecretRule[] = [
  {
    id: 'private-key',
    title: 'private key',
    keywords: ['private key'],
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{40,16000}?-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/,
    validate: isKeyMaterial,
    placeholderCheck: 'off',
    multiline: true,
  },
  {
    id: 'putty-private-key',
    title: 'PuTTY private key',
    keywords: ['putty-user-key-file'],
    pattern:
      /PuTTY-User-Key-File-[23]:[\s\S]{0,4000}?Private-Lines:\s*\d+[\s\S]{40,8000}?Private-MAC:\s*[0-9a-fA-F]{40,64}/,
    validate: isKeyMaterial,
    placeholderCheck: 'off',
    multiline: true,
  },
  {
    id: 'pkcs12-base64',
    title: 'PKCS#12 key store (base64)',
    // DER of a PFX: SEQUENCE with a two-byte length, then INTEGER 3 (the version) and the next SEQUENCE.
    keywords: ['ibazcc'],
    pattern: prefixedPattern('MI[I-L][A-Za-z0-9+/]{2}[AQgw]IBAzCC[A-Za-z0-9+/]{100,}={0,2}', 'A-Za-z0-9+/'),
    minEntropy: 4.5,
  },
  {
    id: 'jwt',
    title: 'JSON Web Token',
    keywords: ['eyj'],
    pattern: prefixedPattern(
      'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,}',
      'A-Za-z0-9_\\-.',
    ),
    validate: isJwt,
  },
  {
    id: 'url-password',
    title: 'password in a connection string or URL',
    keywords: ['://'],
    pattern: new RegExp(
      `(?<![A-Za-z0-9+.-])(?:${SCHEMES})://[^\\s:@/'"\`<>]{0,200}:(?<secret>[^\\s@/'"\`<>]{1,300})@[A-Za-z0-9.\\[\\]_-]+`,
      'i',
    ),
    validate: isRealPassword,
    placeholderCheck: 'off',
    // A provider's token used as the password (`https://x-access-token:ghs_…@github.com`) is named by its rule.
    generic: true,
  },
  {
    id: 'connection-string-password',
    title: 'password in a connection string',
    keywords: ['password=', 'pwd='],
    pattern:
      /(?:server|data source|host|address|addr|user id|uid|user|username|database|initial catalog)\s*=[^;\n]{1,300};[^\n]{0,400}?(?:password|pwd)\s*=\s*(?<secret>'[^'\n]{1,200}'|"[^"\n]{1,200}"|[^;&\s"'<>]{1,200})/i,
    validate: (secret) => isRealPassword(secret.replace(/^['"]|['"]$/g, '')),
    placeholderCheck: 'off',
    generic: true,
  },
  {
    id: 'generic-secret-assignment',
    title: 'hard-coded secret',
    keywords: ['key', 'token', 'secret', 'pass', 'pwd', 'credential'],
    pattern: new RegExp(
      `(?<![A-Za-z])(?:${SECRET_NAMES})${ASSIGN}(?:[\\w.]+\\()?(?<q>['"\`])(?<secret>[${VALUE_CHARS}]{8,300})\\k<q>`,
    ),
    validate: isRandomValue,
    severity: 'major',
    generic: true,
  },
  {
    id: 'generic-secret-env',
    title: 'hard-coded secret',
    keywords: ['key', 'token', 'secret', 'pass', 'pwd', 'credential'],
    pattern: new RegExp(
      `(?:${SECRET_NAMES})${ASSIGN}(?<secret>[${VALUE_CHARS}]{8,300})(?=[ \\t]*(?:$|#|;|,|\\r))`,
      'm',
    ),
    validate: isRandomValue,
    severity: 'major',
    generic: true,
  },
];
