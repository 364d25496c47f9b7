/** @type {import('../expand.js').CorpusEntry[]} */
export const BUSINESS_CORPUS = [];
