import { SECRET_RULES } from './rules/index.js';

/** The ids `checks.secrets.rules` may switch, for the config's validation. */
export const SECRET_RULE_IDS: readonly string[] = SECRET_RULES.map((rule) => rule.id);
