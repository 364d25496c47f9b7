import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// Claude's Messages API on a real HTTP server on loopback, for code in a child process (nock cannot reach
// it there): point ANTHROPIC_BASE_URL at `url`. Replies are given in order, one per POST /v1/messages; a
// handler may also wait forever (a call that never answers). What was sent is kept in `requests`.

export interface ClaudeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ClaudeStandIn {
  url: string;
  requests: Array<Record<string, any>>;
  /** Requests that found no reply left (answered 500, so the client fails loudly). */
  unexpected: number;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, any>;
}

export async function startClaudeStandIn(
  replies: Array<ClaudeReply | ((call: number) => Promise<ClaudeReply>)>,
): Promise<ClaudeStandIn> {
  const queue = [...replies];
  const standIn: ClaudeStandIn = { url: '', requests: [], unexpected: 0, close: async () => {} };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error"}');
        return;
      }
      standIn.requests.push(body);
      const next = queue.shift();
      if (!next) {
        standIn.unexpected++;
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'no reply scripted' } }));
        return;
      }
      const reply = typeof next === 'function' ? await next(standIn.requests.length) : next;
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(JSON.stringify(reply.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}
