// Splits a byte stream into Kafka frames (int32 size + payload). The size is checked against
// the cap before a single payload byte is buffered, so a hostile length cannot make us allocate.

export class FrameTooLargeError extends Error {
  constructor(
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`frame of ${sizeBytes} bytes exceeds the limit of ${maxBytes} bytes`);
  }
}

export class InvalidFrameSizeError extends Error {
  constructor(readonly sizeBytes: number) {
    super(`invalid frame size ${sizeBytes}`);
  }
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private expectedBytes = -1;

  constructor(private readonly frameBytesMax: number) {}

  /** Feeds bytes; returns the complete frame payloads they finish (possibly none). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.expectedBytes < 0) {
        if (this.bufferedBytes < 4) break;
        this.expectedBytes = this.take(4).readInt32BE(0);
        if (this.expectedBytes < 0) throw new InvalidFrameSizeError(this.expectedBytes);
        if (this.expectedBytes > this.frameBytesMax) {
          throw new FrameTooLargeError(this.expectedBytes, this.frameBytesMax);
        }
      }
      if (this.bufferedBytes < this.expectedBytes) break;
      frames.push(this.take(this.expectedBytes));
      this.expectedBytes = -1;
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  private take(count: number): Buffer {
    if (count === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length >= count) {
      const out = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      this.bufferedBytes -= count;
      return out;
    }
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const head = this.chunks[0];
      const n = Math.min(head.length, count - filled);
      head.copy(out, filled, 0, n);
      filled += n;
      if (n === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
    }
    this.bufferedBytes -= count;
    return out;
  }
}

/** Prefixes a chunk list with its int32 total length, ready for socket.write. */
export function frameChunks(chunks: Buffer[]): Buffer[] {
  let total = 0;
  for (const c of chunks) total += c.length;
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(total, 0);
  return [size, ...chunks];
}
