/**
 * Keeps the first and the last part of a command's output within a byte budget, whatever the command prints:
 * memory stays at most `maxBytes` however much goes through (a command printing a gigabyte must not grow the
 * heap). The middle is replaced by a marker saying how much was dropped.
 */
export class OutputCap {
  private readonly head: Buffer;
  private headLength = 0;
  private readonly tail: Buffer;
  /** Bytes ever written to the tail ring; the ring holds the last `tail.length` of them. */
  private tailWritten = 0;
  private total = 0;

  constructor(readonly maxBytes: number) {
    const headBytes = Math.floor(maxBytes / 2);
    this.head = Buffer.alloc(headBytes);
    this.tail = Buffer.alloc(maxBytes - headBytes);
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.maxBytes;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headLength < this.head.length) {
      const taken = rest.copy(this.head, this.headLength);
      this.headLength += taken;
      rest = rest.subarray(taken);
    }
    if (rest.length === 0 || this.tail.length === 0) return;
    // Only the last tail.length bytes of a chunk can survive, so older bytes are never copied.
    if (rest.length > this.tail.length) {
      this.tailWritten += rest.length - this.tail.length;
      rest = rest.subarray(rest.length - this.tail.length);
    }
    const at = this.tailWritten % this.tail.length;
    const firstPart = rest.copy(this.tail, at);
    if (firstPart < rest.length) rest.copy(this.tail, 0, firstPart);
    this.tailWritten += rest.length;
  }

  text(): string {
    const head = this.head.subarray(0, this.headLength);
    const tail = this.tailBytes();
    if (!this.truncated) return Buffer.concat([head, tail]).toString('utf8');
    // Cut on character boundaries so the kept parts decode cleanly; the cut bytes count as omitted.
    const shownHead = head.subarray(0, completeUtf8Prefix(head));
    const shownTail = tail.subarray(utf8StartOffset(tail));
    const omitted = this.total - shownHead.length - shownTail.length;
    return `${shownHead.toString('utf8')}\n… ${omitted} bytes omitted …\n${shownTail.toString('utf8')}`;
  }

  private tailBytes(): Buffer {
    const kept = Math.min(this.tailWritten, this.tail.length);
    if (this.tailWritten <= this.tail.length) return this.tail.subarray(0, kept);
    const at = this.tailWritten % this.tail.length;
    return Buffer.concat([this.tail.subarray(at), this.tail.subarray(0, at)]);
  }
}

/** Length of `bytes` without a multi-byte character cut off at its end. */
function completeUtf8Prefix(bytes: Buffer): number {
  // A UTF-8 character is at most 4 bytes: look back at most 3 bytes for its lead byte.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Offset of the first byte of `bytes` that starts a character (skips continuation bytes of a cut one). */
function utf8StartOffset(bytes: Buffer): number {
  let offset = 0;
  while (offset < Math.min(3, bytes.length) && (bytes[offset]! & 0xc0) === 0x80) offset++;
  return offset;
}
