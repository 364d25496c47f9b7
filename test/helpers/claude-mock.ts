import nock from 'nock';

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
