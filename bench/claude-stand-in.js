// A local stand-in for the Claude Messages API, on 127.0.0.1 and a random port. The real @anthropic-ai/sdk in
// ModelClient talks to it through `baseURL`. Every call gets a valid reply that calls the tool the request
// forces (see answerFor): `submit_review` with no findings, and the walkthrough's `submit_notes` and
// `submit_walkthrough`. Its usage reports the local token estimate of the request body. count_tokens answers
// 404, as on a gateway without it, so the pipeline falls back to its own estimate.

import http from 'node:http';

/**
 * @param {{ charsPerToken: number }} options
 * @returns {Promise<{ baseURL: string, requests: Array<{ chars: number, inputTokens: number, body: any }>,
 *   countTokensRequests: () => number, reset: () => void, close: () => Promise<void> }>}
 */
export async function startClaudeStandIn({ charsPerToken }) {
  let requests = [];
  let countTokensCalls = 0;

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');

      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        countTokensCalls++;
        return reply(res, 404, {
          type: 'error',
          error: { type: 'not_found_error', message: 'count_tokens is not offered by this stand-in' },
        });
      }
      if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
        return reply(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } });
      }

      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return reply(res, 400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'body is not JSON' },
        });
      }
      const inputTokens = Math.ceil(text.length / charsPerToken);
      requests.push({ chars: text.length, inputTokens, body });
      const n = requests.length;
      const answer = answerFor(body);
      return reply(res, 200, {
        id: `msg_bench_${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [
          {
            type: 'tool_use',
            id: `toolu_bench_${n}`,
            name: answer.name,
            input: answer.input,
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          output_tokens: Math.max(20, Math.ceil(JSON.stringify(answer.input).length / charsPerToken)),
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      });
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    baseURL: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    countTokensRequests: () => countTokensCalls,
    reset() {
      requests = [];
      countTokensCalls = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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

function reply(res, status, payload) {
  const data = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    'request-id': 'req_bench',
  });
  res.end(data);
}
