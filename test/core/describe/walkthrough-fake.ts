import nock from 'nock';
import { estimateRequestTokens } from '../../../src/core/model/token-estimate.js';
import { ANTHROPIC } from '../../helpers/claude-fake.js';

// A Claude that answers whatever tool the request forces, from what the request shows: a note on every file
// header of its <diff>, a line on every folder of its <groups>. Its usage reports the request's estimated
// size, so the ledger's token counts say how big each call was. Tests override any answer.

export interface SeenCall {
  /** The tool the request forces (tool_choice). */
  tool: string;
  body: Record<string, any>;
  /** The user turn's text, all blocks joined. */
  user: string;
  /** The files whose headers the request's diff shows, in order. */
  paths: string[];
  /** The folders listed in the request's <groups>. */
  groups: string[];
  /** This request's estimated input tokens (what the fake reports as usage). */
  inputTokens: number;
}

/** An answer: the tool input to send back, or a whole Messages reply (e.g. text without the tool). */
export type Answer = { input: unknown } | { reply: unknown };
export type Script = (call: SeenCall, index: number) => Answer | undefined;

export function userText(body: Record<string, any>): string {
  return (body.messages as Array<{ content: unknown }>)
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : (m.content as Array<Record<string, unknown>>)
            .map((b) =>
              typeof b.text === 'string' ? b.text : typeof b.content === 'string' ? b.content : '',
            )
            .join('\n'),
    )
    .join('\n');
}

function seen(body: Record<string, any>): SeenCall {
  const user = userText(body);
  const diff = /<diff>\n([\s\S]*?)\n<\/diff>/.exec(user)?.[1] ?? '';
  const paths = [...new Set([...diff.matchAll(/^=== (.+?) \([^)]*\) ===/gm)].map((m) => m[1]!))];
  const groupBlock = /<groups>\n([\s\S]*?)\n<\/groups>/.exec(user)?.[1] ?? '';
  const groups = [...groupBlock.matchAll(/^- (.+)$/gm)].map((m) => m[1]!);
  return {
    tool: body.tool_choice?.name ?? '',
    body,
    user,
    paths,
    groups,
    inputTokens: estimateRequestTokens(body as never),
  };
}

export function noteOn(path: string): string {
  return `changes ${path.split('/').at(-1)}`;
}

/** What the fake answers unless the script says otherwise. */
export function defaultInput(call: SeenCall): unknown {
  const files = call.paths.map((path) => ({ path, note: noteOn(path) }));
  if (call.tool === 'submit_notes') return { files };
  if (call.tool === 'submit_review') return { summary: 'Fine.', comments: [], walkthrough: files };
  return {
    summary: 'Adds a retry to the client so that flaky calls recover.',
    ...(call.paths.length > 0 ? { files } : {}),
    ...(call.groups.length > 0
      ? { groups: call.groups.map((folder) => ({ folder, note: `generated code in ${folder}` })) }
      : {}),
    risks: ['Retries may hide a real outage.'],
  };
}

export function toolReply(call: SeenCall, input: unknown, id: string) {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'tool_use', id, name: call.tool, input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: call.inputTokens,
      output_tokens: 100,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

export function textOnlyReply(call: SeenCall) {
  return {
    ...toolReply(call, {}, 'text'),
    content: [{ type: 'text', text: 'Here is the walkthrough.' }],
    stop_reason: 'end_turn',
  };
}

/** Answers every Messages call until the test ends; `calls` holds what each one carried. */
export function fakeClaude(script: Script = () => undefined) {
  const calls: SeenCall[] = [];
  nock(ANTHROPIC)
    .persist()
    .post('/v1/messages')
    .reply((_uri, body) => {
      const call = seen(body as Record<string, any>);
      const index = calls.length;
      calls.push(call);
      const answer = script(call, index) ?? { input: defaultInput(call) };
      const reply = 'reply' in answer ? answer.reply : toolReply(call, answer.input, `toolu_${index}`);
      return [200, JSON.stringify(reply), { 'content-type': 'application/json' }];
    });
  return { calls };
}
