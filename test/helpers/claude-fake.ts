import type { Platform } from '../../src/core/model/platform.js';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';

// The one Claude fake: reply builders for the Messages API and two transports for the same script of
// replies — nock in the test process (mockClaude), a loopback HTTP server for code in a child process, which
// nock cannot reach (startClaudeStandIn; point ANTHROPIC_BASE_URL at its url). Both keep what was sent.

export const ANTHROPIC = 'https://api.anthropic.com';

export interface ToolComment {
  path: string;
  line: number;
  start_line?: number;
  side?: 'LEFT' | 'RIGHT';
  severity: 'critical' | 'major' | 'minor' | 'nit';
  body: string;
  suggestion?: string;
}

const usage = {
  input_tokens: 1200,
  output_tokens: 150,
  cache_creation_input_tokens: 900,
  cache_read_input_tokens: 0,
};

/** A Messages API reply in which Claude calls submit_review with this input. */
export function submitReviewReply(input: unknown, id = 'toolu_01') {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'tool_use', id, name: 'submit_review', input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage,
  };
}

/** A reply in which Claude calls one tool (an agent's turn: the editor, bash, a reading tool). */
export function toolUseReply(id: string, name: string, input: unknown) {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'tool_use', id, name, input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: 2000,
      output_tokens: 80,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

/** A reply with text only: Claude did not call the tool. */
export function textReply(text: string) {
  return {
    id: 'msg_text',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
}

export function apiError(type: string, message: string) {
  return { type: 'error', error: { type, message } };
}

/**
 * Claude's HTTP API under nock. Each `expectMessage` is one POST /v1/messages; the request bodies are kept
 * in `requests` in order, so tests can assert what was sent.
 */
export function mockClaude(base = ANTHROPIC) {
  const requests: Array<Record<string, any>> = [];
  const scope = nock(base);
  const api = {
    requests,
    scope,
    expectMessage(status: number, body: unknown, headers: Record<string, string> = {}) {
      scope
        .post('/v1/messages', (sent: Record<string, any>) => {
          requests.push(sent);
          return true;
        })
        .reply(status, body as nock.Body, { 'content-type': 'application/json', ...headers });
      return api;
    },
    expectReview(input: unknown) {
      return api.expectMessage(200, submitReviewReply(input));
    },
  };
  return api;
}

export interface ClaudeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ClaudeStandIn {
  url: string;
  /** The Messages calls' bodies, in order. */
  requests: Array<Record<string, any>>;
  /** The Messages calls as sent: path and headers too (Bedrock's SigV4, Vertex's bearer token). */
  calls: Array<{
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: Record<string, any>;
  }>;
  /** Adds a reply at the end of the script, as mockClaude's expectMessage does. */
  expectMessage(status: number, body: unknown, headers?: Record<string, string>): ClaudeStandIn;
  expectReview(input: unknown): ClaudeStandIn;
  /** Requests that found no reply left (answered 500, so the client fails loudly). */
  unexpected: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface StandInOptions {
  /** Which POST paths are Messages calls (default `/v1/messages`; Bedrock's `/model/<id>/invoke`, Vertex's `…:rawPredict`). */
  messages?: RegExp;
  /** Other POST paths and their fixed answers (a token endpoint). */
  routes?: Record<string, ClaudeReply>;
}

/** Claude's Messages API on loopback: replies in order, one per Messages call; a handler may wait forever. */
export async function startClaudeStandIn(
  replies: Array<ClaudeReply | ((call: number) => Promise<ClaudeReply>)> = [],
  options: StandInOptions = {},
): Promise<ClaudeStandIn> {
  const queue = [...replies];
  const messages = options.messages ?? /^\/v1\/messages$/;
  const standIn: ClaudeStandIn = {
    url: '',
    requests: [],
    calls: [],
    unexpected: 0,
    expectMessage(status, body, headers = {}) {
      queue.push({ status, body, headers });
      return standIn;
    },
    expectReview: (input) => standIn.expectMessage(200, submitReviewReply(input)),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = req.url?.split('?')[0] ?? '';
      const route = req.method === 'POST' ? options.routes?.[path] : undefined;
      if (route) {
        res
          .writeHead(route.status, { 'content-type': 'application/json', ...route.headers })
          .end(typeof route.body === 'string' ? route.body : JSON.stringify(route.body));
        return;
      }
      if (req.method !== 'POST' || !messages.test(path)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error"}');
        return;
      }
      const body = JSON.parse(raw || '{}') as Record<string, any>;
      standIn.requests.push(body);
      standIn.calls.push({ path, headers: req.headers, body });
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

/** Anthropic's API as a model client's platform, at `baseURL` (default the real one, which nock stands in for). */
export function anthropicPlatform(apiKey = 'sk-ant-test', baseURL = ANTHROPIC): Platform {
  return { provider: 'anthropic', apiKey, baseURL };
}
