// Encodes Kafka primitives into a list of chunks ready for socket.writev/cork. Small values go
// into a growing scratch buffer; large byte payloads (record sets above all) are appended as
// their own chunks without copying, so a Fetch response never duplicates log bytes.
import { ProtocolError } from './protocol-error';

const TWO_POW_32 = 4294967296;
const TWO_POW_48 = 281474976710656;
const SCRATCH_MAX_BYTES = 64 * 1024;

/** Payloads at least this large are passed through as separate chunks instead of copied. */
export const ZERO_COPY_MIN_BYTES = 1024;

const UUID_PATTERN = /^[0-9a-fA-F]{32}$/;

export class Writer {
  private readonly chunks: Buffer[] = [];
  private scratch: Buffer;
  private start = 0;
  private pos = 0;
  private flushedBytes = 0;

  constructor(initialBytes = 256) {
    this.scratch = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written so far, across all chunks. */
  get byteLength(): number {
    return this.flushedBytes + (this.pos - this.start);
  }

  /** The encoded message; the writer must not be used afterwards. */
  finish(): Buffer[] {
    this.flushScratch();
    return this.chunks;
  }

  /** One contiguous buffer: for headers and tests, never for record-carrying messages. */
  toBuffer(): Buffer {
    const chunks = this.finish();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.flushedBytes);
  }

  int8(value: number): void {
    const at = this.reserve(1);
    this.scratch.writeInt8(value, at);
  }

  int16(value: number): void {
    const at = this.reserve(2);
    this.scratch.writeInt16BE(value, at);
  }

  uint16(value: number): void {
    const at = this.reserve(2);
    this.scratch.writeUInt16BE(value, at);
  }

  int32(value: number): void {
    const at = this.reserve(4);
    this.scratch.writeInt32BE(value, at);
  }

  uint32(value: number): void {
    const at = this.reserve(4);
    this.scratch.writeUInt32BE(value, at);
  }

  int64(value: number): void {
    const at = this.reserve(8);
    writeInt64(this.scratch, at, value);
  }

  float64(value: number): void {
    const at = this.reserve(8);
    this.scratch.writeDoubleBE(value, at);
  }

  bool(value: boolean): void {
    const at = this.reserve(1);
    this.scratch[at] = value ? 1 : 0;
  }

  uvarint(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new ProtocolError('malformed', `unsigned varint ${value} is not a 32-bit unsigned integer`);
    }
    let size = 1;
    while (size < 5 && value >= 2 ** (7 * size)) size++;
    let at = this.reserve(size);
    let v = value;
    while (v >= 0x80) {
      this.scratch[at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.scratch[at] = v;
  }

  varint(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new ProtocolError('malformed', `varint ${value} is not a 32-bit integer`);
    }
    this.uvarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  varlong(value: number): void {
    if (!Number.isSafeInteger(value)) throw new ProtocolError('malformed', `varlong ${value} is not a safe integer`);
    if (Math.abs(value) >= TWO_POW_48) {
      this.longVarlong(BigInt(value));
      return;
    }
    let z = value >= 0 ? value * 2 : -value * 2 - 1;
    while (z >= 0x80) {
      const at = this.reserve(1);
      this.scratch[at] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    const at = this.reserve(1);
    this.scratch[at] = z;
  }

  uuid(value: string): void {
    if (!UUID_PATTERN.test(value)) throw new ProtocolError('malformed', `uuid '${value}' is not 32 hex digits`);
    const at = this.reserve(16);
    this.scratch.write(value, at, 16, 'hex');
  }

  string(value: string | null): void {
    if (value === null) {
      this.int16(-1);
      return;
    }
    const length = Buffer.byteLength(value, 'utf8');
    if (length > 0x7fff) throw new ProtocolError('bad-length', `string of ${length} bytes exceeds int16 length`);
    this.int16(length);
    const at = this.reserve(length);
    this.scratch.write(value, at, length, 'utf8');
  }

  compactString(value: string | null): void {
    if (value === null) {
      this.uvarint(0);
      return;
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.uvarint(length + 1);
    const at = this.reserve(length);
    this.scratch.write(value, at, length, 'utf8');
  }

  bytes(value: Buffer | null): void {
    if (value === null) {
      this.int32(-1);
      return;
    }
    this.int32(value.length);
    this.raw(value);
  }

  compactBytes(value: Buffer | null): void {
    if (value === null) {
      this.uvarint(0);
      return;
    }
    this.uvarint(value.length + 1);
    this.raw(value);
  }

  /** A record set given as pieces is written as their concatenation, each piece uncopied. */
  records(value: Buffer | readonly Buffer[] | null, compact: boolean): void {
    if (value === null || Buffer.isBuffer(value)) {
      if (compact) this.compactBytes(value);
      else this.bytes(value);
      return;
    }
    let total = 0;
    for (const piece of value) total += piece.length;
    if (compact) this.uvarint(total + 1);
    else this.int32(total);
    for (const piece of value) this.raw(piece);
  }

  /** Array length prefix; null writes the null marker (-1 classic, 0 compact). */
  arrayLength(count: number | null, compact: boolean): void {
    if (compact) this.uvarint(count === null ? 0 : count + 1);
    else this.int32(count === null ? -1 : count);
  }

  emptyTaggedFields(): void {
    const at = this.reserve(1);
    this.scratch[at] = 0;
  }

  /** Appends bytes: copied when small, passed through as their own chunk when large. */
  raw(value: Buffer): void {
    if (value.length >= ZERO_COPY_MIN_BYTES) {
      this.flushScratch();
      this.chunks.push(value);
      this.flushedBytes += value.length;
      return;
    }
    const at = this.reserve(value.length);
    value.copy(this.scratch, at);
  }

  /** Appends another writer's output (tagged-field values are encoded separately to learn their size). */
  append(chunks: readonly Buffer[]): void {
    for (const chunk of chunks) this.raw(chunk);
  }

  private longVarlong(value: bigint): void {
    let z = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    while (z >= 0x80n) {
      const at = this.reserve(1);
      this.scratch[at] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    const at = this.reserve(1);
    this.scratch[at] = Number(z);
  }

  /** Returns the position of n fresh scratch bytes. */
  private reserve(n: number): number {
    if (this.pos + n > this.scratch.length) this.grow(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private grow(n: number): void {
    this.flushScratch();
    const size = Math.max(n, Math.min(this.scratch.length * 2, SCRATCH_MAX_BYTES));
    this.scratch = Buffer.allocUnsafe(size);
    this.start = 0;
    this.pos = 0;
  }

  /** Hands the used part of the scratch to the chunk list; later writes go after it. */
  private flushScratch(): void {
    if (this.pos === this.start) return;
    this.chunks.push(this.scratch.subarray(this.start, this.pos));
    this.flushedBytes += this.pos - this.start;
    this.start = this.pos;
  }
}

/** Writes a safe JS integer as a big-endian int64 at `at` (caller checked bounds). */
export function writeInt64(buf: Buffer, at: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new ProtocolError('malformed', `int64 ${value} is not a safe integer`);
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(value - high * TWO_POW_32, at + 4);
}
