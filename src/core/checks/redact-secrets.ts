import { maskSecretsIn } from './secrets/mask-secrets.js';

/**
 * Text about to be posted (a model's answer, a review body) with every credential masked: the ones the
 * secrets check recognises, and the process's own secrets (installation token, API key) given by the caller.
 * A model can quote a secret from the code it read; GitHub must never show it.
 */
export async function redactSecrets(text: string, known: readonly string[] = []): Promise<string> {
  return maskSecretsIn(text, known);
}
