/**
 * User-written text (PR bodies, commit messages, comments) is data, not instructions. Before it reaches the
 * model: HTML comments go (they are invisible on GitHub yet readable by the model — a classic hiding place
 * for prompt injection), and so do invisible and bidirectional control characters.
 */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Zero-width characters, bidi embeddings/overrides/isolates, word joiner, BOM, soft hyphen, tag characters.
const INVISIBLE =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

export function sanitizeUserText(text: string): string {
  return text.replace(HTML_COMMENT, '').replace(INVISIBLE, '');
}
