// A local stand-in for the Claude Messages API, on 127.0.0.1 and a random port. The real @anthropic-ai/sdk in
// ModelClient talks to it through `baseURL`. Every review call gets a valid reply that calls `submit_review`
// with no findings; its usage reports the local token estimate of the request body. count_tokens answers 404,
// as on a gateway without it, so the pipeline falls back to its own estimate.

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
      return reply(res, 200, {
        id: `msg_bench_${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [
          {
            type: 'tool_use',
            id: `toolu_bench_${n}`,
            name: 'submit_review',
            input: { summary: 'ok', comments: [] },
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          output_tokens: 20,
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

function reply(res, status, payload) {
  const data = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    'request-id': 'req_bench',
  });
  res.end(data);
}
