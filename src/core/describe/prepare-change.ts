import { addedSecrets, maskSecret, secretsCheck } from '../checks/secrets.js';
import { maskSecretsIn } from '../checks/secrets/mask-secrets.js';
import type { PullwiseConfig } from '../config/schema.js';
import type { ChangeSet } from '../diff/change-set.js';
import type { DiffFile } from '../diff/types.js';
import { classifyChange } from '../review/classify-change.js';
import type { SkippedFile } from '../review/types.js';

/** The change as the walkthrough sees it: the same files as the review's, and the same secrets withheld. */
export interface PreparedChange {
  describable: DiffFile[];
  skipped: SkippedFile[];
  headTexts: Map<string, string | null>;
  /** Head-side lines holding a credential the secrets check found: never shown to the model. */
  secretLines: Map<string, Set<number>>;
  /** Masks credentials in the model's words, as the review does with its findings. */
  mask: (text: string) => string;
}

/**
 * Classifies the files as the review does (names, `review.ignore`, `.gitattributes`, generated markers in
 * the head text), so that a walkthrough and a review of the same head skip the same files.
 */
export async function prepareChange(change: ChangeSet, config: PullwiseConfig): Promise<PreparedChange> {
  const { readable: describable, skipped, headTexts } = await classifyChange(change, config);

  const secretLines = new Map<string, Set<number>>();
  const secrets = config.checks.secrets;
  if (secrets.enabled) {
    const found = await secretsCheck.run(describable, {
      largeFileBytes: config.checks.large_file_bytes,
      secrets: { allow: secrets.allow, allowPaths: secrets.allow_paths, rules: secrets.rules },
    });
    for (const f of found) {
      const lines = secretLines.get(f.path) ?? new Set<number>();
      for (let n = f.startLine ?? f.line; n <= f.line; n++) lines.add(n);
      secretLines.set(f.path, lines);
    }
  }
  // The credentials this change adds are masked wherever they turn up, even without the text around them.
  const known = secretLines.size > 0 ? addedSecrets(change.files) : [];
  const mask = (text: string) =>
    known.reduce(
      (out, secret) => out.split(secret).join(maskSecret(secret) ?? '[redacted]'),
      maskSecretsIn(text),
    );
  return { describable, skipped, headTexts, secretLines, mask };
}
