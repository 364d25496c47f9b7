import { SecretDetector } from './detect-secrets.js';
import { SECRET_RULES } from './rules/index.js';

/** Every built-in rule: what the check reports, and what masks everything Pullwise writes or sends. */
export const secretDetector = new SecretDetector(SECRET_RULES);
