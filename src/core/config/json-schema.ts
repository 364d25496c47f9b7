import * as z from 'zod';
import { configSchema } from './schema.js';

/**
 * The JSON Schema of `.github/pullwise.yml`, for editor completion and validation (schema/pullwise.schema.json).
 * The input side is described, so keys with defaults stay optional. Draft-07, because it is the draft YAML
 * editors (yaml-language-server, SchemaStore) support best.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-07' });
  return { $schema, title: 'Pullwise repository configuration (.github/pullwise.yml)', ...rest };
}

/** The committed file's exact text, shared by scripts/write-config-schema.js and the test that checks it. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
