// The loopback server under the benches' model stand-ins: Anthropic's Messages API on 127.0.0.1 and a free
// port. count_tokens answers 404 (as a gateway without it does, so the pipeline falls back to its own
// estimate); every POST /v1/messages is answered with one tool call that `answer` chooses.

import http from 'node:http';

/**
 * @param {{ tag: string, answer: (body: any, text: string) => { name: string, input: unknown,
 *   inputTokens: number, outputTokens: number }, onCountTokens?: () => void }} options
 * @returns {Promise<{ baseURL: string, close: () => Promise<void> }>}
 */
export async function startMessagesServer({ tag, answer, onCountTokens }) {
  let calls = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        onCountTokens?.();
        return reply(
          res,
          tag,
          404,
          apiError('not_found_error', 'count_tokens is not offered by this stand-in'),
        );
      }
      if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
        return reply(res, tag, 404, apiError('not_found_error', 'not found'));
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return reply(res, tag, 400, apiError('invalid_request_error', 'body is not JSON'));
      }
      const n = ++calls;
      const { name, input, inputTokens, outputTokens } = answer(body, text);
      return reply(res, tag, 200, {
        id: `msg_${tag}_${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'tool_use', id: `toolu_${tag}_${n}`, name, input }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          output_tokens: outputTokens,
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function apiError(type, message) {
  return { type: 'error', error: { type, message } };
}

function reply(res, tag, status, payload) {
  const data = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    'request-id': `req_${tag}`,
  });
  res.end(data);
}
