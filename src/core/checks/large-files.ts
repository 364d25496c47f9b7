import type { DiffFile } from '../diff/types.js';
import type { Finding } from '../findings/finding.js';
import { addedLines } from './added-lines.js';
import type { Check } from './types.js';

/** Newly added files bigger than `largeFileBytes`: they weigh on every clone of the repository forever. */
export const largeFilesCheck: Check<'large-files'> = {
  id: 'large-files',
  async run(files, options) {
    const findings: Finding[] = [];
    for (const file of files) {
      if (file.status !== 'added') continue;
      const size = file.newSize ?? estimatedSize(file);
      if (size === undefined || size <= options.largeFileBytes) continue;
      const about = file.newSize === undefined ? 'about ' : '';
      findings.push({
        path: file.path,
        // Binary files have no hunks; the caller lists such findings as unanchored.
        line: 1,
        side: 'RIGHT',
        severity: 'major',
        body:
          `This adds a ${about}${formatBytes(size)} file (limit ${formatBytes(options.largeFileBytes)}), ` +
          'which every clone downloads from now on. Track it with Git LFS, or if it is build output or a ' +
          'dependency, add it to .gitignore instead of committing it.',
        source: 'check:large-files',
      });
    }
    return findings;
  },
};

/** Without a blob size, the added text (plus one newline per line) is the file: a text file's size in bytes. */
function estimatedSize(file: DiffFile): number | undefined {
  const added = addedLines(file);
  if (added.length === 0) return undefined;
  return added.reduce((sum, { text }) => sum + Buffer.byteLength(text) + 1, 0);
}

/** 1024-based, one decimal: 13002342 → "12.4 MB". */
export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = 'bytes';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}
