/**
 * The body of a raw/diff media-type response as text. Octokit's fetch-based client returns an ArrayBuffer for
 * content types it does not know (GitHub answers `application/vnd.github.raw`, `…diff`), a string for text/*.
 */
export function responseText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data as Uint8Array);
  throw new Error(`expected a raw file body from GitHub, got ${typeof data}`);
}
