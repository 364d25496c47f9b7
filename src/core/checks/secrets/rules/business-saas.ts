import type { SecretRule } from '../secret-rule.js';

export const BUSINESS_RULES: SecretRule[] = [];
