import { createHash } from 'node:crypto';

/**
 * The walkthrough's place in a pull request's description: between two hidden markers, after the author's
 * own text, which is never changed. The start marker holds a digest of what Pullwise wrote, so a section a
 * person edited since is known and left as they made it.
 */
const START = /<!-- pullwise:walkthrough:start digest=([0-9a-f]{12}) -->\n?/;
const END = '<!-- pullwise:walkthrough:end -->';

// GitHub's editor saves a description with CRLF line ends: an edit of the author's text is not one of ours.
function digest(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n').trim()).digest('hex').slice(0, 12);
}

export type SplicedBody =
  /** `body` is the description to write: the section added or updated in place. */
  | { kind: 'write'; body: string }
  /** The section already says this: nothing to write. */
  | { kind: 'unchanged' }
  /** A person edited the section since Pullwise wrote it: leave it, say so elsewhere. */
  | { kind: 'edited' };

/** The description with `walkthrough` in its section: added at the end the first time, replaced after. */
export function spliceWalkthrough(body: string, walkthrough: string): SplicedBody {
  const section = `<!-- pullwise:walkthrough:start digest=${digest(walkthrough)} -->\n${walkthrough.trim()}\n${END}`;
  const start = START.exec(body);
  const end = start ? body.indexOf(END, start.index) : -1;
  if (!start || end === -1) {
    const author = body.trimEnd();
    return { kind: 'write', body: author ? `${author}\n\n${section}` : section };
  }
  const current = body.slice(start.index + start[0].length, end);
  if (digest(current) !== start[1]) return { kind: 'edited' };
  if (digest(current) === digest(walkthrough)) return { kind: 'unchanged' };
  return { kind: 'write', body: body.slice(0, start.index) + section + body.slice(end + END.length) };
}

/** The description without Pullwise's section: what the author wrote (the model reads only that). */
export function authorText(body: string): string {
  const start = START.exec(body);
  const end = start ? body.indexOf(END, start.index) : -1;
  if (!start || end === -1) return body;
  return (body.slice(0, start.index) + body.slice(end + END.length)).trim();
}
