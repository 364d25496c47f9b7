import type { ContentBlock, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { DiffFile } from '../diff/types.js';
import type { MessageRequest, ModelClient } from '../model/client.js';
import { resolvePath } from './anchor-findings.js';
import { parseSubmitReview, SUBMIT_REVIEW, type SubmitReviewInput } from './submit-review-tool.js';
import { estimateTokens } from './token-estimate.js';
import type { Finding, UnanchoredFinding } from './types.js';

export interface ChunkReview {
  summary: string;
  findings: Finding[];
  /** Findings on files that are not in this part of the change (kept, never dropped). */
  misplaced: UnanchoredFinding[];
  /** Set when the model broke the contract even after one retry. */
  failure?: string;
}

/** Everything the request holds, for the budget check before the call: the texts as the model reads them. */
export function estimateRequestTokens(request: MessageRequest): number {
  const texts: string[] = [JSON.stringify(request.tools ?? [])];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const block = value as Record<string, unknown>;
      // Text and tool-result bodies are read as text; a tool_use input as the JSON the model wrote.
      if (block.type === 'tool_use') texts.push(JSON.stringify(block.input));
      else for (const key of ['text', 'content']) collect(block[key]);
    }
  };
  collect(request.system);
  collect(request.messages);
  return estimateTokens(texts.join('\n'));
}

/**
 * One model call for one part of the change. A reply that breaks the submit_review contract (no tool call,
 * input that fails the schema, paths that are not in this part) is sent back once with the error; a second
 * failure is reported in the result, never thrown.
 */
export async function reviewChunk(
  client: ModelClient,
  request: MessageRequest,
  files: DiffFile[],
  signal?: AbortSignal,
): Promise<ChunkReview> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  let messages: MessageParam[] = [...request.messages];
  let lastError = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const call = { ...request, messages };
    const reply = await client.createMessage(call, {
      signal,
      estimatedInputTokens: estimateRequestTokens(call),
    });
    const toolUse = reply.content.find((b) => b.type === 'tool_use' && b.name === SUBMIT_REVIEW);
    if (!toolUse || toolUse.type !== 'tool_use') {
      lastError = `the model answered without calling ${SUBMIT_REVIEW} (stop reason: ${reply.stop_reason ?? 'unknown'})`;
      messages = [
        ...messages,
        ...assistantTurn(reply.content),
        { role: 'user', content: `You must report by calling the ${SUBMIT_REVIEW} tool. Call it now.` },
      ];
      continue;
    }
    const parsed = parseSubmitReview(toolUse.input);
    const unknownPaths = parsed.ok
      ? [...new Set(parsed.value.comments.map((c) => c.path).filter((p) => !resolvePath(p, byPath)))]
      : [];
    if (parsed.ok && (unknownPaths.length === 0 || attempt === 2)) {
      return toChunkReview(parsed.value, byPath);
    }
    lastError = parsed.ok
      ? `comments on files not shown in this part: ${unknownPaths.join(', ')}. Comment only on: ${[...byPath.keys()].join(', ')}`
      : parsed.error;
    messages = [
      ...messages,
      ...assistantTurn(reply.content),
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: toolUse.id,
            is_error: true,
            content: `${lastError}. Call ${SUBMIT_REVIEW} again with the whole review corrected.`,
          },
        ],
      },
    ];
  }
  return { summary: '', findings: [], misplaced: [], failure: lastError };
}

function assistantTurn(content: ContentBlock[]): MessageParam[] {
  return content.length > 0 ? [{ role: 'assistant', content }] : [];
}

function toChunkReview(input: SubmitReviewInput, byPath: Map<string, DiffFile>): ChunkReview {
  const findings: Finding[] = [];
  const misplaced: UnanchoredFinding[] = [];
  for (const c of input.comments) {
    const file = resolvePath(c.path, byPath);
    if (!file) {
      misplaced.push({
        path: c.path,
        line: c.line,
        severity: c.severity,
        body: c.body,
        source: 'model',
        reason: 'the file is not part of this change',
      });
      continue;
    }
    const finding: Finding = {
      path: file.path,
      line: c.line,
      severity: c.severity,
      body: c.body.trim(),
      source: 'model',
    };
    if (c.side) finding.side = c.side;
    if (c.start_line != null) finding.startLine = c.start_line;
    if (c.suggestion != null) finding.suggestion = c.suggestion;
    findings.push(finding);
  }
  return { summary: input.summary.trim(), findings, misplaced };
}
