import type { SecretRule } from '../secret-rule.js';
import { BUSINESS_RULES } from './business-saas.js';
import { CLOUD_RULES } from './cloud-infra.js';
import { DEVELOPER_RULES } from './developer-ai.js';
import { GENERIC_RULES } from './generic.js';
import { PARTNER_RULES } from './scanning-partners.js';

/** Every built-in rule: provider formats first, the generic ones last (they yield on overlaps anyway). */
export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...BUSINESS_RULES,
  ...DEVELOPER_RULES,
  ...PARTNER_RULES,
  ...GENERIC_RULES,
];
