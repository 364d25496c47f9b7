import { matchesAny } from '../config/ignore.js';
import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../findings/finding.js';
import { addedLines, type AddedLine } from './added-lines.js';
import { secretDetector } from './secrets/default-detector.js';
import type { SecretDetector, SecretMatch } from './secrets/detect-secrets.js';
import { lineOfOffset } from './secrets/line-of-offset.js';
import { maskSecret } from './secrets/mask-secrets.js';
import { silencedLines } from './secrets/silenced-lines.js';
import type { Check } from './types.js';

export { maskSecret } from './secrets/mask-secrets.js';

/** Credentials on added lines, found by Pullwise's rules (src/core/checks/secrets/rules). */
export const secretsCheck: Check<'secrets'> = {
  id: 'secrets',
  async run(files, options) {
    const settings = options.secrets ?? {};
    const detector = detectorFor(settings.rules ?? {});
    const allow = (settings.allow ?? []).map((source) => new RegExp(source));
    const findings: Finding[] = [];
    for (const file of files) {
      const added = addedLines(file);
      if (file.binary || added.length === 0) continue;
      if (matchesAny(settings.allowPaths ?? [], file.path)) continue;
      const scan = scanText(added);
      let silenced: Set<number> | undefined; // read only for files with a credential: most have none
      for (const match of detector.detect(scan.text)) {
        const quiet = (silenced ??= silencedLines(file));
        const lines = scan.linesOf(match);
        const inRange = added.filter((a) => a.line >= lines.first && a.line <= lines.last);
        if (inRange.length === 0 || inRange.some((a) => quiet.has(a.line))) continue;
        if (allow.some((re) => re.test(match.secret) || inRange.some((a) => re.test(a.text)))) continue;
        const finding = secretFinding(file.path, inRange.at(-1)!.line, match);
        // A multi-line secret (a PEM key) is covered whole, so none of its lines reaches the model either.
        if (inRange.length > 1) finding.startLine = inRange[0]!.line;
        findings.push(finding);
      }
    }
    return findings;
  },
};

/** The credentials on the added lines of `files`, as they are: for masking them wherever they are quoted. */
export function addedSecrets(files: readonly DiffFile[]): string[] {
  const secrets = new Set<string>();
  for (const file of files) {
    const added = addedLines(file);
    if (file.binary || added.length === 0) continue;
    for (const match of secretDetector.detect(scanText(added).text)) secrets.add(match.secret);
  }
  return [...secrets];
}

const detectors = new Map<string, SecretDetector>();

/** The detector without the rules switched off; built once per distinct set of switches. */
function detectorFor(rules: Readonly<Record<string, boolean>>): SecretDetector {
  const off = Object.keys(rules)
    .filter((id) => rules[id] === false)
    .sort();
  if (off.length === 0) return secretDetector;
  const key = off.join(',');
  let detector = detectors.get(key);
  if (!detector) {
    detector = secretDetector.filter((rule) => !off.includes(rule.id));
    detectors.set(key, detector);
  }
  return detector;
}

/**
 * The added lines at their new-file line numbers and every other line empty, so offsets map to new-file
 * lines and a secret split across unchanged lines is not reassembled.
 */
function scanText(added: AddedLine[]) {
  const lines: string[] = new Array<string>(added.at(-1)?.line ?? 0).fill('');
  for (const { line, text } of added) lines[line - 1] = text;
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (position: number) => lineOfOffset(starts, position) + 1;
  return {
    text: lines.join('\n'),
    linesOf: (match: SecretMatch) => ({
      first: lineAt(match.start),
      last: lineAt(Math.max(match.start, match.end - 1)),
    }),
  };
}

function secretFinding(path: string, line: number, match: SecretMatch): Finding {
  const masked = maskSecret(match.secret);
  const what =
    `${match.rule.title} (secrets rule "${match.rule.id}")` + (masked === undefined ? '' : `, \`${masked}\``);
  const critical = (match.rule.severity ?? 'critical') === 'critical';
  return {
    path,
    line,
    side: 'RIGHT',
    severity: critical ? 'critical' : 'major',
    body: critical
      ? `This line adds a secret: ${what}. Once pushed it stays in git history even if a later commit removes ` +
        'it, so revoke and rotate it, and load it from a secret store or environment variable instead.'
      : `This line looks like it hard-codes a secret: ${what} (a random-looking value under a secret's name). ` +
        'If it is a real credential, rotate it and load it from a secret store or environment variable; if it ' +
        'is not, mark the line `pullwise:allow-secret` or list the value in `checks.secrets.allow`.',
    source: 'check:secrets',
  };
}
