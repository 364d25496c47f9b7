/** @type {import('../expand.js').CorpusEntry[]} */
export const DEVELOPER_CORPUS = [];
