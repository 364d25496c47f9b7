// The naive approach, for comparison: the whole head-side content of every changed file, concatenated into
// ONE call and cut at the per-call budget. A file reaches the model only if all of it fits before the cut.
// Only binary and deleted files are left out; no prompt or tool schema is counted (which favours the naive side).

/**
 * @param {import('../lib/core/review/change-set.js').ChangeSet} change
 * @param {{ maxInputTokens: number, estimateTokens: (text: string) => number }} options
 */
export async function naiveReview(change, { maxInputTokens, estimateTokens }) {
  const skipped = { binary: 0, deleted: 0 };
  const candidates = [];
  for (const file of change.files) {
    if (file.status === 'deleted') skipped.deleted++;
    else if (file.binary || file.submodule) skipped.binary++;
    else candidates.push(file.path);
  }
  const texts = await change.readHeadFiles(candidates);

  const reviewable = [];
  for (const path of candidates) {
    const text = texts.get(path);
    // readHeadFiles gives null for content with a NUL byte: binary after all.
    if (text === null || text === undefined) skipped.binary++;
    else reviewable.push({ path, text });
  }

  let usedTokens = 0;
  let uncutTokens = 0;
  let cut = false;
  const reached = [];
  const truncated = [];
  for (const { path, text } of reviewable) {
    const tokens = estimateTokens(`=== ${path} ===\n${text}\n`);
    uncutTokens += tokens;
    if (!cut && usedTokens + tokens <= maxInputTokens) {
      usedTokens += tokens;
      reached.push(path);
    } else {
      // The concatenation is cut here: the rest of the budget holds the start of this file, nothing after it.
      if (!cut) usedTokens = maxInputTokens;
      cut = true;
      truncated.push(path);
    }
  }

  return {
    reviewable: reviewable.map((f) => f.path),
    reached,
    truncated,
    skipped,
    calls: reviewable.length > 0 ? 1 : 0,
    inputTokens: usedTokens,
    uncutTokens,
  };
}
