import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import * as z from 'zod';
import { ToolError } from './tool-error.js';

/** The input checked against its schema; a mismatch is a ToolError the model can act on. */
export function parseToolInput<T extends z.ZodType>(tool: string, schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
    return `${where.join('').replace(/^\./, '') || '(input)'}: ${issue.message}`;
  });
  throw new ToolError(`Invalid input for ${tool}: ${problems.join('; ')}`);
}

/** The JSON Schema of a custom tool's input, as the Messages API takes it. */
export function inputSchema(schema: z.ZodType): Tool['input_schema'] {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return json as Tool['input_schema'];
}
