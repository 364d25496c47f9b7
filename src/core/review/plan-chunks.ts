import { estimateTokens } from '../model/token-estimate.js';

/** A file as the model sees it: a header and its hunk blocks (or a one-line note when it has none). */
export interface FileUnit {
  path: string;
  header: string;
  blocks: string[];
}

/** A piece of the model input that belongs to one file. */
export interface Segment {
  path: string;
  text: string;
  tokens: number;
}

export interface Chunk {
  segments: Segment[];
  tokens: number;
}

export interface ChunkPlan {
  chunks: Chunk[];
  /** Files (wholly or in part) in chunks past the call cap: reported as skipped, never dropped quietly. */
  leftOut: string[];
}

/**
 * Packs files into chunks of at most `budgetTokens`, in order, so that every file reaches the model: a file
 * too big for one chunk is split between hunks (filling the room left in the current chunk first), and a hunk
 * too big for one chunk between lines.
 */
export function planChunks(
  units: FileUnit[],
  options: { budgetTokens: number; maxChunks: number },
): ChunkPlan {
  const budget = options.budgetTokens;
  const chunks: Chunk[] = [];
  let current: Chunk = { segments: [], tokens: 0 };
  const add = (segment: Segment) => {
    current.segments.push(segment);
    current.tokens += segment.tokens;
  };
  const close = () => {
    if (current.segments.length > 0) chunks.push(current);
    current = { segments: [], tokens: 0 };
  };

  for (const unit of units) {
    const whole = [unit.header, ...unit.blocks].join('\n');
    const tokens = estimateTokens(whole);
    if (tokens <= budget) {
      if (current.tokens + tokens > budget) close();
      add({ path: unit.path, text: whole, tokens });
      continue;
    }
    // Too big for one call: parts with the file header repeated (and numbered once all are known).
    const headerTokens = estimateTokens(unit.header) + PART_LABEL_TOKENS;
    const parts: Array<{ segment: Segment; pieces: string[] }> = [];
    let part: string[] = [];
    let partTokens = headerTokens;
    const flush = () => {
      if (part.length === 0) return;
      const segment = { path: unit.path, text: '', tokens: partTokens };
      parts.push({ segment, pieces: part });
      add(segment);
      part = [];
      partTokens = headerTokens;
    };
    for (const piece of unit.blocks.flatMap((block) => splitBlock(block, budget - headerTokens))) {
      const pieceTokens = estimateTokens(piece) + 1;
      if (current.tokens + partTokens + pieceTokens > budget) {
        flush();
        close();
      }
      part.push(piece);
      partTokens += pieceTokens;
    }
    flush();
    parts.forEach(({ segment, pieces }, i) => {
      segment.text = [`${unit.header} — part ${i + 1} of ${parts.length}`, ...pieces].join('\n');
    });
  }
  close();

  const kept = chunks.slice(0, options.maxChunks);
  const leftOut = new Set<string>();
  // A split file whose later parts fell past the cap was only partly reviewed: it is listed too.
  for (const chunk of chunks.slice(options.maxChunks)) for (const s of chunk.segments) leftOut.add(s.path);
  return { chunks: kept, leftOut: [...leftOut] };
}

/** Room for " — part 12 of 34" after a repeated file header. */
const PART_LABEL_TOKENS = 10;

/** Splits a chunk into two halves by segments (used when an exact token count finds it over budget). */
export function halveChunk(chunk: Chunk): [Chunk, Chunk] | undefined {
  if (chunk.segments.length < 2) return undefined;
  const middle = Math.ceil(chunk.segments.length / 2);
  const make = (segments: Segment[]) => ({
    segments,
    tokens: segments.reduce((sum, s) => sum + s.tokens, 0),
  });
  return [make(chunk.segments.slice(0, middle)), make(chunk.segments.slice(middle))];
}

export function chunkText(chunk: Chunk): string {
  return chunk.segments.map((s) => s.text).join('\n\n');
}

function splitBlock(block: string, budget: number): string[] {
  if (estimateTokens(block) <= budget) return [block];
  const slices: string[] = [];
  let slice: string[] = [];
  let sliceTokens = 0;
  for (const fullLine of block.split('\n')) {
    // One line longer than a whole call (minified code) is cut, and says so.
    const line =
      estimateTokens(fullLine) > budget
        ? `${fullLine.slice(0, budget * 2)} …(line cut: ${fullLine.length} characters)`
        : fullLine;
    const lineTokens = estimateTokens(line) + 1;
    if (slice.length > 0 && sliceTokens + lineTokens > budget) {
      slices.push(slice.join('\n'));
      slice = [];
      sliceTokens = 0;
    }
    slice.push(line);
    sliceTokens += lineTokens;
  }
  if (slice.length > 0) slices.push(slice.join('\n'));
  return slices;
}
