import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { configJsonSchema, configJsonSchemaText } from '../../../src/core/config/json-schema.js';

const SCHEMA_FILE = new URL('../../../schema/pullwise.schema.json', import.meta.url);

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[]; [key: string]: unknown };

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as JsonSchema;

  test('names itself and its draft', () => {
    expect(schema.title).toBe('Pullwise repository configuration (.github/pullwise.yml)');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema).not.toHaveProperty('$id');
  });

  test('describes every key, for editor completion', () => {
    const undescribed: string[] = [];
    const visit = (node: JsonSchema, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string' || child.description === '')
          undescribed.push(`${path}${key}`);
        visit(child, `${path}${key}.`);
      }
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        visit(node.additionalProperties as JsonSchema, `${path}*.`);
      }
    };
    visit(schema, '');
    expect(undescribed).toEqual([]);
    expect(schema.properties?.review?.properties?.max_comments?.description).toMatch(/inline comments/);
  });

  test('keeps keys with defaults optional and shows their defaults and ranges', () => {
    const maxComments = schema.properties?.review?.properties?.max_comments;
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties?.review?.required ?? []).toEqual([]);
    expect(maxComments).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 25 });
  });

  test('rejects unknown keys, so editors flag typos as the loader does', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties?.budget?.additionalProperties).toBe(false);
  });
});

// The committed schema/pullwise.schema.json must match the code. To refresh it, run this suite with
// UPDATE_SCHEMA=1 (or `npm run build && npm run schema`).
test('schema/pullwise.schema.json is up to date', () => {
  const expected = configJsonSchemaText();
  if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected);
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(expected);
});
