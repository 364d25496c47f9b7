/**
 * Where many keywords occur in a text, in one pass over it. Keywords (printable ASCII) are bucketed by their
 * first three characters (two for two-character keywords): at each position of the text a typed-array lookup
 * decides whether a bucket starts there and a second one whether its keywords can have the next character as
 * their fourth, and only then are the bucket's keywords compared. With hundreds of keywords (provider names
 * that are also common syllables: "con", "pro", "tok") this is far cheaper than a substring search per keyword.
 */
export class KeywordIndex {
  /** Bucket id + 1 by the first three characters (`(a << 14) | (b << 7) | c`), 0 for none. */
  private readonly tripleBucket = new Uint16Array(1 << 21);
  /** Bucket id + 1 of the two-character keywords by their characters (`(a << 7) | b`). */
  private readonly pairBucket = new Uint16Array(1 << 14);
  /** For bucket id × 128 + a fourth character: 1 when a keyword of the bucket may go on with it. */
  private fourth = new Uint8Array(0);
  private readonly buckets: number[][] = [];
  private readonly hasPairs: boolean;

  constructor(readonly keywords: readonly string[]) {
    const fourths: Array<Set<number> | 'any'> = [];
    keywords.forEach((keyword, index) => {
      if (keyword.length < 2 || /[^\x20-\x7e]/.test(keyword)) {
        throw new Error(`a secret rule keyword must be 2 or more printable ASCII characters: "${keyword}"`);
      }
      const code = (i: number) => keyword.charCodeAt(i);
      const short = keyword.length === 2;
      const table = short ? this.pairBucket : this.tripleBucket;
      const key = short ? (code(0) << 7) | code(1) : (code(0) << 14) | (code(1) << 7) | code(2);
      if (table[key] === 0) {
        this.buckets.push([]);
        fourths.push(new Set());
        table[key] = this.buckets.length;
      }
      const id = table[key]! - 1;
      this.buckets[id]!.push(index);
      const next = fourths[id]!;
      if (short || keyword.length === 3) fourths[id] = 'any';
      else if (next !== 'any') next.add(code(3));
    });
    this.hasPairs = keywords.some((keyword) => keyword.length === 2);
    this.fourth = new Uint8Array(this.buckets.length * 128);
    fourths.forEach((allowed, id) => {
      for (let char = 0; char < 128; char++) {
        if (allowed === 'any' || allowed.has(char)) this.fourth[id * 128 + char] = 1;
      }
    });
  }

  /** For each keyword (by index), where `lower` (an already lower-cased text) contains it; absent: nowhere. */
  positions(lower: string): Array<number[] | undefined> {
    // Filled up front: an array written at scattered indexes would fall back to slow dictionary elements.
    const found = new Array<number[] | undefined>(this.keywords.length).fill(undefined);
    const { tripleBucket, pairBucket, fourth } = this;
    const usesPairs = this.hasPairs;
    // Past the end a character reads as 0, which no keyword holds (reading out of bounds is slow in V8).
    const length = lower.length;
    const padded = length >= 3 ? lower : lower.padEnd(3, '\0');
    let a = padded.charCodeAt(0);
    let b = padded.charCodeAt(1);
    let c = padded.charCodeAt(2);
    for (let i = 0; i < length - 1; i++) {
      const d = i + 3 < length ? lower.charCodeAt(i + 3) : 0;
      // Non-ASCII characters start no keyword: one test for all four.
      if (((a | b | c | d) & ~0x7f) === 0) {
        const id = tripleBucket[(a << 14) | (b << 7) | c]!;
        if (id !== 0 && fourth[(id - 1) * 128 + d] === 1) this.compare(lower, i, id - 1, 3, found);
        if (usesPairs) {
          const pairId = pairBucket[(a << 7) | b]!;
          if (pairId !== 0) this.compare(lower, i, pairId - 1, 2, found);
        }
      }
      a = b;
      b = c;
      c = d;
    }
    return found;
  }

  /** The bucket's keywords that start at `at`; their first `known` characters already match. */
  private compare(
    lower: string,
    at: number,
    bucket: number,
    known: number,
    found: Array<number[] | undefined>,
  ): void {
    for (const index of this.buckets[bucket]!) {
      const keyword = this.keywords[index]!;
      if (at + keyword.length > lower.length) continue;
      let j = keyword.length - 1;
      while (j >= known && lower.charCodeAt(at + j) === keyword.charCodeAt(j)) j--;
      if (j < known) (found[index] ??= []).push(at);
    }
  }
}
