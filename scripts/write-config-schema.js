// Writes schema/pullwise.schema.json from the config schema. Run after `npm run build`:
//   npm run build && npm run schema
// test/core/config/json-schema.test.ts fails when the committed file is stale (UPDATE_SCHEMA=1 rewrites it).
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../lib/core/config/json-schema.js';

const target = new URL('../schema/pullwise.schema.json', import.meta.url);
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target.pathname}`);
