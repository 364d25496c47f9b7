import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../review/types.js';
import { addedLines, extensionOf, type AddedLine } from './added-lines.js';
import type { Check } from './types.js';

type SecretlintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

// secretlint 12's profiler keeps every performance mark in an array it searches on each new mark: a review of a
// thousand files slows to tens of seconds and a long-lived server leaks memory (secretlint issues #1633, #1653;
// the fix in 13.x needs Node 22). Pullwise never reads the profile, so marking is switched off.
secretLintProfiler.mark = () => {};

const SECRETLINT_CONFIG = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedRules }],
};

/** Leaked credentials on added lines, found by secretlint's recommended rules. */
export const secretsCheck: Check<'secrets'> = {
  id: 'secrets',
  async run(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      const added = addedLines(file);
      if (file.binary || added.length === 0) continue;
      const result = await lintSource({
        source: {
          content: scanText(added),
          filePath: file.path,
          ext: scanExtension(file),
          contentType: 'text',
        },
        // The content is only the added lines, never a file on disk.
        options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
      });
      for (const message of result.messages) {
        const inRange = added.filter(
          (a) => a.line >= message.loc.start.line && a.line <= message.loc.end.line,
        );
        if (inRange.length === 0) continue;
        const finding = secretFinding(file.path, inRange.at(-1)!.line, message);
        // A multi-line secret (a PEM key) is covered whole, so none of its lines reaches the model either.
        if (inRange.length > 1) finding.startLine = inRange[0]!.line;
        findings.push(finding);
      }
    }
    return findings;
  },
};

/**
 * The added lines at their new-file line numbers and every other line empty, so secretlint's line numbers
 * are new-file line numbers and a secret split across unchanged lines is not reassembled.
 */
function scanText(added: AddedLine[]): string {
  const lines: string[] = new Array<string>(added.at(-1)?.line ?? 0).fill('');
  for (const { line, text } of added) {
    // secretlint also breaks lines at '\r', U+2028 and U+2029; blanking them keeps the numbering 1:1.
    lines[line - 1] = text.replace(/[\r\u2028\u2029]/g, ' ');
  }
  return lines.join('\n');
}

/** secretlint does not derive `ext` from the path. The GCP rule reads `.p12` files from disk by path, so never claim one. */
function scanExtension(file: DiffFile): string {
  const ext = extensionOf(file.path);
  return ext === '.p12' ? '' : ext;
}

function secretFinding(path: string, line: number, message: SecretlintMessage): Finding {
  const { kind, secret } = describeSecret(message);
  const masked = secret === undefined ? undefined : maskSecret(secret);
  const what = `This line adds a secret: ${kind}${masked === undefined ? '' : `, \`${masked}\``}.`;
  return {
    path,
    line,
    side: 'RIGHT',
    severity: 'critical',
    body:
      `${what} Once pushed it stays in git history even if a later commit removes it, ` +
      'so revoke and rotate it, and load it from a secret store or environment variable instead.',
    source: 'check:secrets',
  };
}

/**
 * secretlint's English messages read "found <kind>: <secret>"; the kind is the text before the first ": ".
 * Anything else falls back to the rule's name, so the message (which holds the secret) is never shown.
 */
function describeSecret(message: SecretlintMessage): { kind: string; secret?: string } {
  const match = /^found (.+?): ([\s\S]+)$/.exec(message.message);
  if (match?.[1] === undefined || match[2] === undefined) {
    const rule = message.ruleId.replace(/^.*secretlint-rule-/, '');
    return { kind: `secret (secretlint rule "${rule}")` };
  }
  return { kind: match[1].replace(/(\S)\(/g, '$1 ('), secret: match[2] };
}

/** First and last 4 characters, enough to identify which credential to rotate; nothing for short or multi-line values. */
export function maskSecret(secret: string): string | undefined {
  if (secret.length < 16 || /[\r\n]/.test(secret)) return undefined;
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
