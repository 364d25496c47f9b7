import { createPatch, structuredPatch } from 'diff';
import { isCommentable } from '../diff/commentable.js';
import type { DiffFile } from '../diff/types.js';
import type { ReviewComment } from '../findings/finding.js';

export interface ChangedFileText {
  path: string;
  /** The file at the PR head; null when the agent created it. */
  before: string | null;
  /** The file after the agent's edit; null when the agent deleted it. */
  after: string | null;
}

export interface SuggestedFix {
  /** One comment per changed block that lies on lines of the PR diff, with a committable suggestion. */
  comments: ReviewComment[];
  /** The rest (new or deleted files, blocks outside the PR diff) as a unified diff for the review body. */
  patch: string;
}

const stripCr = (line: string) => line.replace(/\r$/, '');

/**
 * The agent's change to a fork PR as review suggestions, since Pullwise never pushes to a fork: each changed
 * block becomes a ```suggestion replacing the same lines of the PR head, when GitHub accepts a comment there
 * (the lines are in one hunk of the PR diff); what cannot be suggested is kept as a patch, never dropped.
 */
export function changesAsSuggestions(
  files: ChangedFileText[],
  prFiles: ReadonlyMap<string, DiffFile>,
  explanation: string,
): SuggestedFix {
  const comments: ReviewComment[] = [];
  const leftovers: string[] = [];
  for (const file of files) {
    const prFile = prFiles.get(file.path);
    if (file.before === null || file.after === null || !prFile) {
      leftovers.push(createPatch(file.path, file.before ?? '', file.after ?? '', '', '', { context: 3 }));
      continue;
    }
    const beforeLines = file.before.split('\n');
    const outside: Array<{
      oldStart: number;
      oldLines: number;
      newStart: number;
      newLines: number;
      lines: string[];
    }> = [];
    for (const hunk of structuredPatch(file.path, file.path, file.before, file.after, '', '', { context: 0 })
      .hunks) {
      const added = hunk.lines.filter((l) => l.startsWith('+')).map((l) => stripCr(l.slice(1)));
      // A pure insertion replaces the line before it (or, at the top, the first line) with itself plus the
      // new lines: a suggestion must cover at least one existing line.
      let start = hunk.oldStart;
      let end = hunk.oldStart + hunk.oldLines - 1;
      let replacement = added;
      if (hunk.oldLines === 0) {
        // jsdiff numbers a pure insertion by the line that follows it (oldStart), so the line before is
        // oldStart - 1; at the top of the file there is none and the new lines go before line 1.
        const atTop = hunk.oldStart <= 1;
        const anchor = atTop ? 1 : hunk.oldStart - 1;
        const anchorText = stripCr(beforeLines[anchor - 1] ?? '');
        start = end = anchor;
        replacement = atTop ? [...added, anchorText] : [anchorText, ...added];
      }
      const range = {
        line: end,
        side: 'RIGHT' as const,
        ...(start < end ? { startLine: start, startSide: 'RIGHT' as const } : {}),
      };
      if (!isCommentable(prFile, range)) {
        outside.push(hunk);
        continue;
      }
      comments.push({
        path: file.path,
        ...range,
        severity: 'minor',
        body: explanation,
        suggestion: replacement.join('\n'),
        source: 'fix',
      });
    }
    if (outside.length > 0) {
      const header = `--- a/${file.path}\n+++ b/${file.path}\n`;
      const body = outside
        .map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}`)
        .join('\n');
      leftovers.push(`${header}${body}\n`);
    }
  }
  return { comments, patch: leftovers.join('\n') };
}
