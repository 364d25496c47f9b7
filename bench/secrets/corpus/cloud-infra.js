/** @type {import('../expand.js').CorpusEntry[]} */
export const CLOUD_CORPUS = [];
