import { test } from '@jest/globals';
import { SECRET_RULES } from '../../../../src/core/checks/secrets/rules/index.js';
import { BUSINESS_RULES } from '../../../../src/core/checks/secrets/rules/business-saas.js';
import { CLOUD_RULES } from '../../../../src/core/checks/secrets/rules/cloud-infra.js';
import { DEVELOPER_RULES } from '../../../../src/core/checks/secrets/rules/developer-ai.js';
test('ids', () => {
  const seen = new Map<string, number>();
  for (const r of SECRET_RULES) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  console.log([...seen].filter(([, n]) => n > 1));
  console.log('dev', DEVELOPER_RULES.length, 'business', BUSINESS_RULES.length, 'cloud', CLOUD_RULES.length);
  console.log('cloud ids', CLOUD_RULES.map((r) => r.id).join(' '));
  console.log('business ids', BUSINESS_RULES.map((r) => r.id).join(' '));
});
