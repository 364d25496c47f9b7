// Turns the corpus's format templates into sample credentials. A template is the line as it would be
// committed, with `{kind:length}` where the provider's format has random characters; every sample is made
// here from the documented format, never copied from a real key. Used by the tests and `npm run bench -- secrets`.
import { deflateRawSync } from 'node:zlib';

const ALPHABETS = {
  x: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  a: 'abcdefghijklmnopqrstuvwxyz0123456789',
  A: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  h: '0123456789abcdef',
  H: '0123456789ABCDEF',
  d: '0123456789',
  L: 'abcdefghijklmnopqrstuvwxyz',
  U: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  u64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  l32: 'abcdefghijklmnopqrstuvwxyz234567',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A small seeded generator (mulberry32), so every run builds the same corpus. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const chars = (alphabet, n) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, chars, pick: (list) => list[int(list.length)] };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(text) {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** GitHub's token checksum: CRC32 of the random part in base62, padded to 6 characters. */
export function base62Crc(text) {
  let n = crc32(text);
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

function jwt(random) {
  const header = b64url(JSON.stringify({ alg: random.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ sub: random.chars(ALPHABETS.a, 12), iat: 1700000000 + random.int(9e7), scope: 'api' }),
  );
  return `${header}.${payload}.${random.chars(ALPHABETS.u64, 43)}`;
}

/** A PEM block whose body is random DER-looking base64 (starts "MII", as a real key does), 64 per line. */
function pem(random, label) {
  const der = Buffer.from([0x30, 0x82, 0x04, 0xa4, ...Array.from({ length: 600 }, () => random.int(256))]);
  const body = der
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

function uuid(random) {
  const h = (n) => random.chars(ALPHABETS.h, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${random.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

const TOKEN = /\{(\w+)(?::([^}]*))?\}/g;

function lengthOf(spec, random) {
  const [min, max] = spec.split('-').map(Number);
  return max === undefined ? min : min + random.int(max - min + 1);
}

/** One sample from a template (a string, or a function of the seeded generator). */
export function expand(template, random) {
  if (typeof template === 'function') return template(random, { jwt, pem, uuid, base62Crc, crc32 });
  let last = '';
  return template.replace(TOKEN, (whole, kind, spec) => {
    if (kind === 'uuid') return (last = uuid(random));
    if (kind === 'UUID') return (last = uuid(random).toUpperCase());
    if (kind === 'jwt') return (last = jwt(random));
    if (kind === 'pem') return (last = pem(random, spec ?? 'PRIVATE KEY'));
    if (kind === 'ghcrc') return base62Crc(last);
    if (kind === 'deflate') return (last = deflateRawSync(random.chars(ALPHABETS.x, 64)).toString('base64'));
    const alphabet = ALPHABETS[kind];
    if (!alphabet || spec === undefined) return whole;
    return (last = random.chars(alphabet, lengthOf(spec, random)));
  });
}

/**
 * Stand-ins made from a template: each random part all `x`, all `0`, a run like `0123456789abcdef`, and
 * the whole random region as `${TOKEN}` and `<your-token>`. None of them may be reported.
 */
export function placeholderVariants(template) {
  if (typeof template !== 'string') return [];
  const fill = (make) =>
    template.replace(TOKEN, (whole, kind, spec) => {
      const alphabet = ALPHABETS[kind];
      if (!alphabet || spec === undefined) return make(whole, kind, 32);
      return make(whole, kind, Number(spec.split('-')[0]), alphabet);
    });
  const variants = [
    fill((_, kind, n, alphabet) => (alphabet && !/[a-z]/.test(alphabet) ? 'X' : 'x').repeat(n)),
    fill((_, kind, n) => '0'.repeat(n)),
    fill((_, kind, n, alphabet = ALPHABETS.x) => {
      const run = alphabet.replace(/[^A-Za-z0-9]/g, '');
      return run.repeat(Math.ceil(n / run.length)).slice(0, n);
    }),
  ];
  const first = template.search(TOKEN);
  const lastMatch = [...template.matchAll(TOKEN)].at(-1);
  if (first >= 0 && lastMatch) {
    const end = lastMatch.index + lastMatch[0].length;
    for (const stand of ['${TOKEN}', '<your-token>']) {
      variants.push(template.slice(0, first) + stand + template.slice(end));
    }
  }
  return variants;
}

/** Every sample of every entry, `count` per template, deterministic for a seed. */
export function expandCorpus(entries, { seed = 1, count = 1 } = {}) {
  const random = seededRandom(seed);
  const samples = [];
  for (const entry of entries) {
    for (const template of entry.samples) {
      for (let i = 0; i < count; i++) samples.push({ rule: entry.rule, text: expand(template, random) });
    }
  }
  return samples;
}

/** Every placeholder of every entry: the explicit ones and those made from its templates. */
export function corpusPlaceholders(entries) {
  const out = [];
  for (const entry of entries) {
    for (const text of entry.placeholders ?? []) out.push({ rule: entry.rule, text });
    for (const template of entry.samples) {
      for (const text of placeholderVariants(template)) out.push({ rule: entry.rule, text });
    }
  }
  return out;
}
