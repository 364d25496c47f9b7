// A local stand-in for the Claude Messages API, on 127.0.0.1 and a random port. The real @anthropic-ai/sdk in
// ModelClient talks to it through `baseURL`. Every call gets a valid reply that calls the tool the request
// forces (see answerFor): `submit_review` with no findings, and the walkthrough's `submit_notes` and
// `submit_walkthrough`. Its usage reports the local token estimate of the request body. count_tokens answers
// 404, as on a gateway without it, so the pipeline falls back to its own estimate.

import { startMessagesServer } from './messages-server.js';

/**
 * @param {{ charsPerToken: number }} options
 * @returns {Promise<{ baseURL: string, requests: Array<{ chars: number, inputTokens: number, body: any }>,
 *   countTokensRequests: () => number, reset: () => void, close: () => Promise<void> }>}
 */
export async function startClaudeStandIn({ charsPerToken }) {
  let requests = [];
  let countTokensCalls = 0;
  const server = await startMessagesServer({
    tag: 'bench',
    onCountTokens: () => countTokensCalls++,
    answer: (body, text) => {
      const inputTokens = Math.ceil(text.length / charsPerToken);
      requests.push({ chars: text.length, inputTokens, body });
      const { name, input } = answerFor(body);
      const outputTokens = Math.max(20, Math.ceil(JSON.stringify(input).length / charsPerToken));
      return { name, input, inputTokens, outputTokens };
    },
  });
  return {
    baseURL: server.baseURL,
    get requests() {
      return requests;
    },
    countTokensRequests: () => countTokensCalls,
    reset() {
      requests = [];
      countTokensCalls = 0;
    },
    close: server.close,
  };
}

/**
 * What the recorded review calls show about chunking: tokens per call, files split into parts, minified lines
 * cut to fit one call.
 */
export function describeRequests(requests) {
  const splitFiles = new Set();
  let cutLines = 0;
  for (const r of requests) {
    const first = r.body.messages?.[0]?.content;
    const text = typeof first === 'string' ? first : JSON.stringify(first ?? '');
    for (const m of text.matchAll(/^=== (.+) \([^)]*\) === — part \d+ of \d+$/gm)) splitFiles.add(m[1]);
    cutLines += text.split('…(line cut: ').length - 1;
  }
  return {
    calls: requests.length,
    perCallTokens: requests.map((r) => r.inputTokens),
    splitFiles: splitFiles.size,
    cutLines,
  };
}

/** A note as long as a real one (the describe prompt asks for at most about 20 words). */
export const STAND_IN_NOTE =
  'Updates this file as the diff shows; a fixed stand-in line about as long as a real note.';

/**
 * The reply to one request: a call of the tool it forces (`tool_choice.name`; submit_review when none),
 * valid by that tool's contract.
 * - submit_review: no findings; when its schema has `walkthrough` (ReviewOptions.walkthroughNotes), a line on
 *   every file shown, unless the request says to leave it out (a part with more files than a reply holds).
 * - submit_notes: a note on every file shown.
 * - submit_walkthrough: a summary and no risks; `files` when a <diff> is shown, `groups` when <groups> lists
 *   folders.
 */
export function answerFor(body) {
  const name = body.tool_choice?.name ?? 'submit_review';
  const text = userText(body);
  const notes = () => shownPaths(text).map((path) => ({ path, note: STAND_IN_NOTE }));
  if (name === 'submit_notes') return { name, input: { files: notes() } };
  if (name === 'submit_walkthrough') {
    const input = { summary: 'The change, as the stand-in describes every change.', risks: [] };
    if (/^<diff>$/m.test(text)) input.files = notes();
    const groups = listedGroups(text);
    if (groups.length > 0) input.groups = groups.map((folder) => ({ folder, note: STAND_IN_NOTE }));
    return { name, input };
  }
  const input = { summary: 'ok', comments: [] };
  const tool = body.tools?.find((t) => t.name === name);
  if (tool?.input_schema?.properties?.walkthrough && !/Leave "walkthrough" out/.test(text)) {
    input.walkthrough = notes();
  }
  return { name, input };
}

/** The text of the first user turn: the part's prompt (a correction repeats it, or adds to it). */
export function userText(body) {
  const content = body.messages?.find((m) => m.role === 'user')?.content;
  if (typeof content === 'string') return content;
  return (content ?? [])
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('\n\n');
}

/** The paths of the file headers `=== path (status) ===` in a prompt, once each (split files have several). */
export function shownPaths(text) {
  const paths = [...text.matchAll(/^=== (.+) \([^()]*\) ===(?: — part \d+ of \d+)?$/gm)].map((m) => m[1]);
  return [...new Set(paths)];
}

/** The folders of a <groups> list, as listed. */
function listedGroups(text) {
  const block = /^<groups>\n[^\n]*\n((?:- .*\n)*)<\/groups>$/m.exec(text);
  return block ? [...block[1].matchAll(/^- (.+)$/gm)].map((m) => m[1]) : [];
}
