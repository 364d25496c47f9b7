import { shannonEntropy } from './entropy.js';

// Words that mark a value as a stand-in: documentation, templates, tests. Random tokens practically never
// contain one (a given 4-letter word turns up in a random base62 string of 40 characters about once in 10^5).
const MARKERS = [
  'example',
  'sample',
  'placeholder',
  'dummy',
  'fake',
  'your',
  'xxxx',
  'changeme',
  'change_me',
  'change-me',
  'redacted',
  'replace',
  'insert',
  'here',
  'notreal',
  'not-a-real',
  'not_a_real',
  'notarealtoken',
  'lorem',
  'foobar',
  '****',
  '•••',
  '...',
  '…',
];

const TEMPLATE = /\$\{|\{\{|\}\}|<[^>]*>|%\(|%s\b|\$\(|__[A-Z_]+__|\[\[|\$[A-Z_]{3,}/;

/** Keys published in providers' documentation as examples (never live): matched exactly. */
const PUBLISHED_EXAMPLES = new Set([
  // Stripe's API reference.
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'sk_test_26PHem9AhJZvU623DfE1x4sd',
  // jwt.io's default token.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  // Telegram's Bot API documentation.
  '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
]);

/** Up to three leading segments of letters and a separator: `sk_live_`, `xoxb-`, `github_pat_`, `SG.`. */
const PREFIX = /^(?:[A-Za-z]{1,12}[_\-.]){1,3}/;

/** The random-looking part of a secret: without its letter prefix, when that leaves enough to judge. */
export function randomPart(secret: string): string {
  const prefix = PREFIX.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  return rest.length >= 8 ? rest : secret;
}

/**
 * A value that only has the shape of a credential: a documented example, a template or a marker word, one
 * character most of the time, a short unit repeated, a run of six consecutive characters (`123456`, `abcdef`),
 * or too little entropy to be random.
 */
export function looksLikePlaceholder(secret: string): boolean {
  if (PUBLISHED_EXAMPLES.has(secret)) return true;
  if (TEMPLATE.test(secret)) return true;
  const lower = secret.toLowerCase();
  if (MARKERS.some((marker) => lower.includes(marker))) return true;
  const body = randomPart(secret);
  const chars = [...body.replace(/[^A-Za-z0-9]/g, '')];
  if (chars.length < 6) return false;
  if (mostCommonShare(chars) > 0.4 && chars.length >= 10) return true;
  if (/^(.{1,8}?)\1{2,}.{0,8}$/s.test(chars.join(''))) return true;
  if (longestConsecutiveRun(chars) >= 6) return true;
  return chars.length >= 12 && shannonEntropy(chars.join('')) < 2;
}

function mostCommonShare(chars: string[]): number {
  const counts = new Map<string, number>();
  let most = 0;
  for (const char of chars) {
    const count = (counts.get(char) ?? 0) + 1;
    counts.set(char, count);
    if (count > most) most = count;
  }
  return most / chars.length;
}

/** The longest run like `abcdef`, `123456` or `987654` (case-insensitive). */
function longestConsecutiveRun(chars: string[]): number {
  let longest = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < chars.length; i++) {
    const step = chars[i]!.toLowerCase().charCodeAt(0) - chars[i - 1]!.toLowerCase().charCodeAt(0);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    longest = Math.max(longest, up, down);
  }
  return longest;
}
