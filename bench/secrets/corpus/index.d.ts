import type { CorpusEntry } from '../expand.js';
export const SECRETS_CORPUS: CorpusEntry[];
export const COMMON_PLACEHOLDERS: string[];
