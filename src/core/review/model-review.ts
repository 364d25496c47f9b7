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
      lastError = noSubmissionError(reply.stop_reason);
      messages = [
        ...messages,
        ...assistantTurn(reply.content),
        { role: 'user', content: CALL_SUBMIT_REVIEW_NOW },
      ];
      continue;
    }
    const checked = checkSubmission(toolUse.input, byPath, attempt === 2);
    if (checked.ok) return checked.review;
    lastError = checked.error;
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
            content: correctionRequest(lastError),
          },
        ],
      },
    ];
  }
  return { summary: '', findings: [], misplaced: [], failure: lastError };
}

/** What the model is told when it answered without the submit_review call. */
export const CALL_SUBMIT_REVIEW_NOW = `You must report by calling the ${SUBMIT_REVIEW} tool. Call it now.`;

export function noSubmissionError(stopReason: string | null): string {
  return `the model answered without calling ${SUBMIT_REVIEW} (stop reason: ${stopReason ?? 'unknown'})`;
}

/** The tool_result text that sends a submit_review input that broke the contract back to the model. */
export function correctionRequest(error: string): string {
  return `${error}. Call ${SUBMIT_REVIEW} again with the whole review corrected.`;
}

/**
 * The contract check of one submit_review input: the schema, then the paths. Comments on files outside this
 * part fail the check, except on the `lastAttempt`, where they are kept as misplaced findings instead.
 */
export function checkSubmission(
  input: unknown,
  byPath: Map<string, DiffFile>,
  lastAttempt: boolean,
): { ok: true; review: ChunkReview } | { ok: false; error: string } {
  const parsed = parseSubmitReview(input);
  if (!parsed.ok) return parsed;
  const unknownPaths = [
    ...new Set(parsed.value.comments.map((c) => c.path).filter((p) => !resolvePath(p, byPath))),
  ];
  if (unknownPaths.length === 0 || lastAttempt)
    return { ok: true, review: toChunkReview(parsed.value, byPath) };
  return {
    ok: false,
    error: `comments on files not shown in this part: ${unknownPaths.join(', ')}. Comment only on: ${[...byPath.keys()].join(', ')}`,
  };
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
