import type { LoggerOptions } from 'pino';

const CENSOR = '[redacted]';

/**
 * Keys whose values are credentials wherever they sit in a logged object: an error's request headers, an
 * options object, a config. Matched up to four levels deep (pino's redaction has no recursive wildcard).
 */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'x-api-key',
  'token',
  'accessToken',
  'access_token',
  'apiKey',
  'api_key',
  'privateKey',
  'private_key',
  'secret',
  'webhookSecret',
  'clientSecret',
  'client_secret',
  'password',
  // The process environment holds every secret at once.
  'env',
] as const;

const MAX_DEPTH = 4;

/** pino redact paths for SECRET_KEYS at the top level and under up to MAX_DEPTH - 1 parents. */
export function secretPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      const parents = '*.'.repeat(depth);
      paths.push(plain ? `${parents}${key}` : `${parents.replace(/\.$/, '')}["${key}"]`);
    }
  }
  return paths;
}

/**
 * Credentials recognisable by their shape, for values that sit under no telling key (an error message, a URL,
 * a command line): GitHub's token prefixes (github.blog, "Behind GitHub's new authentication token formats"),
 * Anthropic API keys, JWTs (the App's own, signed with its private key) and PEM private keys.
 */
const SECRET_SHAPES: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bgh[pousr]_[A-Za-z0-9_]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{16,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/**
 * `text` with every known secret (as it is, and as JSON escapes it) and every secret-shaped value replaced.
 * Synchronous and cheap, unlike `redactSecrets` (secretlint), because it runs on every log line.
 */
export function maskSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length < 8) continue; // too short to be a credential; masking it would garble the line
    out = out.split(secret).join(CENSOR);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(CENSOR);
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, CENSOR);
  return out;
}

/**
 * pino options that keep secrets out of the log: values under secret keys are censored, and each finished
 * line (message, error and stack included) is masked for the process's own secrets and secret-shaped values.
 * Child loggers inherit both.
 */
export function redactionOptions(known: readonly string[]): Pick<LoggerOptions, 'redact' | 'hooks'> {
  const secrets = [...known];
  return {
    redact: { paths: secretPaths(), censor: CENSOR },
    hooks: { streamWrite: (line) => maskSecrets(line, secrets) },
  };
}
