import { secretDetector } from './default-detector.js';
import type { SecretDetector } from './detect-secrets.js';

const REDACTED = '[redacted]';

/** First and last 4 characters, enough to identify which credential to rotate; nothing for short or multi-line values. */
export function maskSecret(secret: string): string | undefined {
  if (secret.length < 16 || /[\r\n]/.test(secret) || secret.includes('\\n')) return undefined;
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

/**
 * `text` with the process's own secrets (`known`: installation token, API key, as they are and as JSON
 * escapes them) replaced by `[redacted]`, and every credential the detector finds masked. Everything Pullwise
 * writes or sends passes through here: the same detector as the check, so what the check would report is
 * never shown.
 */
export function maskSecretsIn(
  text: string,
  known: readonly string[] = [],
  detector: SecretDetector = secretDetector,
): string {
  let out = text;
  for (const secret of known) {
    if (secret.length < 8) continue; // too short to be a credential; masking it would garble the text
    out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  const matches = detector.detect(out);
  if (matches.length === 0) return out;
  let masked = '';
  let from = 0;
  for (const match of matches) {
    masked += out.slice(from, match.start) + (maskSecret(match.secret) ?? REDACTED);
    from = match.end;
  }
  return masked + out.slice(from);
}
