import { parsePatch } from 'diff';
import type { DiffLine, Hunk } from './types.js';

/**
 * Hunks of ONE file's patch text (a `git diff` section, or GitHub's per-file `patch` field, which starts
 * at the first "@@"). jsdiff parses the hunk headers and keeps '\r' on CRLF lines; we add line numbers.
 */
export function parseHunks(patchText: string): Hunk[] {
  if (!patchText.includes('\n@@') && !patchText.startsWith('@@')) return [];
  const [parsed] = parsePatch(patchText);
  if (!parsed) return [];
  return parsed.hunks.map((h) => {
    const lines: DiffLine[] = [];
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    for (const raw of h.lines) {
      const marker = raw[0];
      const text = raw.slice(1);
      if (marker === '\\') {
        const previous = lines[lines.length - 1];
        if (previous) previous.noNewlineAtEof = true;
      } else if (marker === '+') {
        lines.push({ kind: 'add', newLine: newLine++, text });
      } else if (marker === '-') {
        lines.push({ kind: 'del', oldLine: oldLine++, text });
      } else {
        lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
      }
    }
    // A side with no lines starts one line early in the header ("@@ -0,0 +1,3 @@" for a new file, as git and
    // GitHub write it); jsdiff reports that start plus one. Keep the header's numbers.
    return {
      oldStart: h.oldLines === 0 ? h.oldStart - 1 : h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newLines === 0 ? h.newStart - 1 : h.newStart,
      newLines: h.newLines,
      lines,
    };
  });
}
