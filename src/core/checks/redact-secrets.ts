import { lintSource } from '@secretlint/core';
import { creator as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import { maskSecret } from './secrets.js';

const CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedRules }] };

/**
 * Text about to be posted (a model's answer, a review body) with every credential masked: the ones secretlint
 * recognises, and the process's own secrets (installation token, API key) given by the caller. A model can
 * quote a secret from the code it read; GitHub must never show it.
 */
export async function redactSecrets(text: string, known: readonly string[] = []): Promise<string> {
  let out = text;
  for (const secret of known) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  const result = await lintSource({
    source: { content: out, filePath: 'posted.md', ext: '.md', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  // Replace from the end so earlier ranges keep their offsets.
  const ranges = result.messages.map((m) => m.range).sort((a, b) => b[0] - a[0]);
  for (const [start, end] of ranges) {
    const secret = out.slice(start, end);
    out = `${out.slice(0, start)}${maskSecret(secret) ?? '[redacted]'}${out.slice(end)}`;
  }
  return out;
}
