import type { SecretRule } from '../secret-rule.js';

export const DEVELOPER_RULES: SecretRule[] = [];
