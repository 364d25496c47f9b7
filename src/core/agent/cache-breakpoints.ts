import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';

type Cacheable = ContentBlockParam & { cache_control?: { type: 'ephemeral' } | null };

/**
 * The conversation with one cache breakpoint, on the last block of the newest message: each turn then reads
 * the whole earlier conversation from Anthropic's prompt cache and writes only the new turn. Earlier
 * breakpoints are removed, since a request may carry at most 4 (system and tools keep theirs) and the cache
 * lookup already finds the longest cached prefix behind the newest one. Returns new message objects; the
 * caller's history is left as it is.
 */
export function withMovingBreakpoint(messages: MessageParam[]): MessageParam[] {
  return messages.map((message, index) => {
    const blocks: Cacheable[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : (message.content as Cacheable[]);
    const last = index === messages.length - 1;
    const content = blocks.map((block, i) => {
      const { cache_control: _dropped, ...rest } = block;
      return last && i === blocks.length - 1
        ? { ...rest, cache_control: { type: 'ephemeral' as const } }
        : rest;
    });
    return { role: message.role, content } as MessageParam;
  });
}
