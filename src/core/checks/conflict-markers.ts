import type { Finding } from '../findings/finding.js';
import { addedLines, type AddedLine } from './added-lines.js';
import type { Check } from './types.js';

const START = /^<{7}( |$)/;
const END = /^>{7}( |$)/;
const BASE = /^\|{7}( |$)/; // diff3 style: the common ancestor's version follows
// "=======" alone is also a Markdown/RST underline, so it only counts inside a <<<<<<< … >>>>>>> block.

/** Unresolved merge conflict markers on added lines: one finding per conflict block. */
export const conflictMarkersCheck: Check<'conflict-markers'> = {
  id: 'conflict-markers',
  async run(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      let open: AddedLine[] | undefined; // added lines of the block since its <<<<<<< line
      for (const added of addedLines(file)) {
        if (START.test(added.text)) {
          if (open?.[0]) findings.push(blockFinding(file.path, open, false));
          open = [added];
        } else if (END.test(added.text)) {
          if (open) findings.push(blockFinding(file.path, [...open, added], true));
          else findings.push(strayFinding(file.path, added, '>>>>>>>'));
          open = undefined;
        } else if (open) {
          open.push(added);
        } else if (BASE.test(added.text)) {
          findings.push(strayFinding(file.path, added, '|||||||'));
        }
      }
      if (open?.[0]) findings.push(blockFinding(file.path, open, false));
    }
    return findings;
  },
};

const WHY = 'The file will not build or will behave wrongly; resolve the conflict and remove the markers.';

/**
 * Spans the block only when it is closed and every line of it was added: consecutive added lines always
 * sit in one hunk, so GitHub accepts the range for a multi-line comment.
 */
function blockFinding(path: string, block: AddedLine[], closed: boolean): Finding {
  const first = block[0]!;
  const last = block.at(-1)!;
  const whollyAdded = closed && last.line - first.line + 1 === block.length;
  const finding: Finding = {
    path,
    line: first.line,
    side: 'RIGHT',
    severity: 'critical',
    body: `Unresolved merge conflict (\`<<<<<<<\` … \`>>>>>>>\`) committed here. ${WHY}`,
    source: 'check:conflict-markers',
  };
  return whollyAdded && last.line > first.line
    ? { ...finding, startLine: first.line, startSide: 'RIGHT', line: last.line }
    : finding;
}

function strayFinding(path: string, added: AddedLine, marker: string): Finding {
  return {
    path,
    line: added.line,
    side: 'RIGHT',
    severity: 'critical',
    body: `Merge conflict marker \`${marker}\` committed here. ${WHY}`,
    source: 'check:conflict-markers',
  };
}
