import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
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
 * `text` with every known secret (as it is, and as JSON escapes it) replaced, and every credential the
 * secrets detector recognises masked (an error message, a URL, a command line): the same detector that
 * masks what Pullwise posts.
 */
export function maskSecrets(text: string, known: readonly string[] = []): string {
  return maskSecretsIn(text, known);
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
