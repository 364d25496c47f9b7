import type { SecretRule } from '../secret-rule.js';

export const CLOUD_RULES: SecretRule[] = [];
