import { estimateTokens } from './token-estimate.js';

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
 * too big for one chunk is split between hunks, and a hunk too big for one chunk between lines.
 */
export function planChunks(
  units: FileUnit[],
  options: { budgetTokens: number; maxChunks: number },
): ChunkPlan {
  const chunks: Chunk[] = [];
  let current: Chunk = { segments: [], tokens: 0 };
  const place = (segment: Segment) => {
    if (current.segments.length > 0 && current.tokens + segment.tokens > options.budgetTokens) {
      chunks.push(current);
      current = { segments: [], tokens: 0 };
    }
    current.segments.push(segment);
    current.tokens += segment.tokens;
  };
  for (const unit of units) {
    for (const segment of segmentsOf(unit, options.budgetTokens)) place(segment);
  }
  if (current.segments.length > 0) chunks.push(current);

  const kept = chunks.slice(0, options.maxChunks);
  const leftOut = new Set<string>();
  for (const chunk of chunks.slice(options.maxChunks)) for (const s of chunk.segments) leftOut.add(s.path);
  // A split file whose later parts fell past the cap was only partly reviewed: it is listed too.
  return { chunks: kept, leftOut: [...leftOut] };
}

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

function segmentsOf(unit: FileUnit, budget: number): Segment[] {
  const whole = [unit.header, ...unit.blocks].join('\n');
  const tokens = estimateTokens(whole);
  if (tokens <= budget) return [{ path: unit.path, text: whole, tokens }];

  // Too big for one call: group hunk blocks into parts, each with the file header repeated.
  const pieces = unit.blocks.flatMap((block) => splitBlock(block, budget - estimateTokens(unit.header) - 20));
  const parts: string[][] = [];
  let part: string[] = [];
  let partTokens = 0;
  for (const piece of pieces) {
    const pieceTokens = estimateTokens(piece) + 1;
    if (part.length > 0 && partTokens + pieceTokens > budget - estimateTokens(unit.header) - 20) {
      parts.push(part);
      part = [];
      partTokens = 0;
    }
    part.push(piece);
    partTokens += pieceTokens;
  }
  if (part.length > 0) parts.push(part);
  return parts.map((blocks, i) => {
    const text = [`${unit.header} — part ${i + 1} of ${parts.length}`, ...blocks].join('\n');
    return { path: unit.path, text, tokens: estimateTokens(text) };
  });
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
