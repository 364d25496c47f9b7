// The model of the lifecycle bench: a loopback stand-in for Anthropic's Messages API that plays a reviewer
// whose findings are fixed by the code. For every line the review call shows as a diff line ('+' or ' ', read
// with the fidelity bench's parser) that carries a bug marker (`// BUG <id> <severity>: <what>`, see
// sources.js) it reports a finding on that line at the bug's severity. Like a real model it words the same
// finding differently from one review to the next (one of three phrasings, by the call's number), so exact
// fingerprints alone do not catch a repeat. For each finding of the call's <open_findings> block it answers
// `addressed` when the finding's bug marker is no longer on the lines shown for it. Input tokens: the request
// body's characters / 4, as the other stand-ins count them.

import { diffTextOf, parseShownDiff } from '../fidelity/stand-in.js';
import { startMessagesServer } from '../messages-server.js';

const CHARS_PER_TOKEN = 4;
const MARKER = /\/\/ BUG (\w+) (critical|major|minor|nit): (.+)$/;

/** Three ways of saying the same finding: the call's number picks one. */
const PHRASINGS = [
  (what) => `${what[0].toUpperCase()}${what.slice(1)}. Please fix this before it ships.`,
  (what) => `It looks like ${what}; this will bite users of this code.`,
  (what) => `Problem here: ${what}. Worth a fix in this pull request.`,
];

/** The items of a request's <open_findings> block (src/core/lifecycle/open-finding.ts renderOpenFindings). */
export function parseOpenFindings(content) {
  const open = content.indexOf('<open_findings>\n');
  if (open === -1) return [];
  const close = content.indexOf('\n</open_findings>', open);
  const block = content.slice(open, close === -1 ? undefined : close);
  const findings = [];
  let current;
  for (const line of block.split('\n')) {
    const header = /^\[(F\d+)\] (.+?) \((critical|major|minor|nit)\): (.*)$/.exec(line);
    if (header) {
      current = { id: header[1], path: header[2], severity: header[3], body: header[4], lines: [] };
      findings.push(current);
      continue;
    }
    if (!current || line.startsWith('Its lines now (')) continue;
    const code = /^(\d+): (.*)$/.exec(line);
    if (code) current.lines.push({ n: Number(code[1]), text: code[2] });
    else if (line.trim() && current.lines.length === 0) current.body += `\n${line}`;
  }
  return findings;
}

function firstUserText(body) {
  const first = (body.messages ?? []).find((m) => m.role === 'user');
  if (!first) return '';
  if (typeof first.content === 'string') return first.content;
  return first.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('\n\n');
}

/** What the stand-in answers one review call, and what it saw doing so. */
export function answer(body, callNumber) {
  const phrase = PHRASINGS[(callNumber - 1) % PHRASINGS.length];
  const comments = [];
  const shownBugs = [];
  for (const file of parseShownDiff(diffTextOf(body))) {
    for (const line of file.lines) {
      if (line.marker !== '+' && line.marker !== ' ') continue;
      const marker = MARKER.exec(line.text);
      if (!marker) continue;
      shownBugs.push(marker[1]);
      comments.push({
        path: file.path,
        line: line.n,
        side: 'RIGHT',
        severity: marker[2],
        body: phrase(marker[3]),
      });
    }
  }
  const open = parseOpenFindings(firstUserText(body));
  const addressed = [];
  for (const finding of open) {
    const body = finding.body.toLowerCase();
    const still = finding.lines.some((l) => {
      const marker = MARKER.exec(l.text);
      return marker && body.includes(marker[3].toLowerCase());
    });
    if (still) continue;
    const now = finding.lines.map((l) => l.text.trim()).find(Boolean) ?? '';
    addressed.push({
      id: finding.id,
      how: `the code now reads \`${now.slice(0, 80).replaceAll('`', "'")}\`.`,
    });
  }
  return {
    input: {
      summary: `Reviewed the change: ${comments.length} finding(s), ${addressed.length} earlier finding(s) fixed.`,
      comments,
      ...(open.length > 0 ? { addressed } : {}),
    },
    seen: { shownBugs, open: open.map((f) => f.id), addressed: addressed.map((a) => a.id) },
  };
}

/** Starts the stand-in on 127.0.0.1; `calls` records each review call: its input tokens and what it saw. */
export async function startLifecycleModel() {
  const calls = [];
  const server = await startMessagesServer({
    tag: 'lifecycle',
    answer: (body, text) => {
      const { input, seen } = answer(body, calls.length + 1);
      const inputTokens = Math.ceil(text.length / CHARS_PER_TOKEN);
      calls.push({ inputTokens, ...seen });
      const outputTokens = Math.ceil(JSON.stringify(input).length / CHARS_PER_TOKEN);
      return { name: 'submit_review', input, inputTokens, outputTokens };
    },
  });
  return { baseURL: server.baseURL, calls, close: server.close };
}
