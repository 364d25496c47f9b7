import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../findings/finding.js';
import type { AddressedFinding, OpenFinding } from './open-finding.js';

/**
 * The built-in checks' open findings, decided without the model: the check runs again over the new code of
 * the finding's lines; gone → addressed. Lines that are gone address it too (for the model's findings as
 * well: there is no code left to be wrong).
 */
export async function recheckFindings(
  findings: OpenFinding[],
  headText: (path: string) => string | null,
  runChecks: (files: DiffFile[]) => Promise<Finding[]>,
): Promise<AddressedFinding[]> {
  const addressed: AddressedFinding[] = [];
  for (const finding of findings) {
    if (finding.now === 'removed') {
      addressed.push({ id: finding.id, how: 'the lines it was about are gone.', by: 'removed' });
      continue;
    }
    if (!finding.source.startsWith('check:')) continue;
    const text = headText(finding.path);
    if (text === null) continue;
    const found = await runChecks([linesAsAdded(finding.path, text, finding.now)]);
    if (!found.some((f) => f.source === finding.source)) {
      addressed.push({
        id: finding.id,
        how: `the ${finding.source.slice('check:'.length)} check no longer finds it.`,
        by: 'check',
      });
    }
  }
  return addressed;
}

/** The finding's lines on the new head as a diff that adds them: what the checks read. */
function linesAsAdded(path: string, text: string, at: { startLine: number; line: number }): DiffFile {
  const all = text.split('\n');
  const lines = all
    .slice(at.startLine - 1, at.line)
    .map((t, i) => ({ kind: 'add' as const, newLine: at.startLine + i, text: t }));
  return {
    path,
    status: 'modified',
    modeChanged: false,
    binary: false,
    submodule: false,
    additions: lines.length,
    deletions: 0,
    hunks: [
      { oldStart: at.startLine - 1, oldLines: 0, newStart: at.startLine, newLines: lines.length, lines },
    ],
  };
}
