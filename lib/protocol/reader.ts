// Bounds-checked reads of Kafka primitives from buf[offset, end). Every read that would pass
// `end`, and every length that cannot be right, throws a ProtocolError instead of letting a
// RangeError or a giant allocation escape: frames come from untrusted peers.
import { ProtocolError } from './protocol-error';

const TWO_POW_32 = 4294967296;
const MAX_UVARINT_BYTES = 5;
const MAX_VARLONG_BYTES = 10;

export class Reader {
  constructor(
    readonly buf: Buffer,
    public offset = 0,
    readonly end = buf.length,
  ) {
    if (offset < 0 || end > buf.length || offset > end) {
      throw new ProtocolError('bad-length', `reader range [${offset}, ${end}) outside ${buf.length} bytes`);
    }
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Moves past n bytes and returns where they started. */
  private take(n: number): number {
    const at = this.offset;
    if (n < 0) throw new ProtocolError('bad-length', `negative length ${n} at offset ${at}`);
    if (at + n > this.end) {
      throw new ProtocolError('truncated', `need ${n} bytes at offset ${at}, frame ends at ${this.end}`);
    }
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }

  /** int64 as a JS number; values beyond ±(2^53 − 1) are rejected rather than rounded. */
  int64(): number {
    const at = this.take(8);
    return readInt64(this.buf, at);
  }

  float64(): number {
    return this.buf.readDoubleBE(this.take(8));
  }

  bool(): boolean {
    return this.buf[this.take(1)] !== 0;
  }

  uvarint(): number {
    let value = 0;
    for (let i = 0; i < MAX_UVARINT_BYTES; i++) {
      const b = this.buf[this.take(1)];
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new ProtocolError('malformed', `unsigned varint longer than 32 bits at offset ${this.offset}`);
  }

  /** Zigzag-encoded signed 32-bit varint. */
  varint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** Zigzag-encoded signed 64-bit varint, as a safe JS number. */
  varlong(): number {
    const start = this.offset;
    let z = 0;
    // Up to 7 bytes (49 bits) the value is exact in a double; longer ones take the BigInt path.
    for (let i = 0; i < 7; i++) {
      const b = this.buf[this.take(1)];
      z += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    }
    this.offset = start;
    return this.longVarlong();
  }

  private longVarlong(): number {
    let z = 0n;
    for (let i = 0; i < MAX_VARLONG_BYTES; i++) {
      const b = this.buf[this.take(1)];
      z |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return toSafeNumber((z >> 1n) ^ -(z & 1n), this.offset);
    }
    throw new ProtocolError('malformed', `varlong longer than 64 bits at offset ${this.offset}`);
  }

  uuid(): string {
    const at = this.take(16);
    return this.buf.toString('hex', at, at + 16);
  }

  /** Classic int16-length string; null only when `nullable`. */
  string(nullable: boolean): string | null {
    const length = this.int16();
    return this.utf8(this.checkLength(length, nullable, 'string'));
  }

  /** Compact string (unsigned varint length + 1, 0 = null). */
  compactString(nullable: boolean): string | null {
    const length = this.uvarint() - 1;
    return this.utf8(this.checkLength(length, nullable, 'compact string'));
  }

  /** Classic int32-length bytes, returned as a slice of the input (no copy). */
  bytes(nullable: boolean): Buffer | null {
    const length = this.int32();
    return this.slice(this.checkLength(length, nullable, 'bytes'));
  }

  compactBytes(nullable: boolean): Buffer | null {
    const length = this.uvarint() - 1;
    return this.slice(this.checkLength(length, nullable, 'compact bytes'));
  }

  /** Classic int32 array length; -1 means null and is only allowed when `nullable`. */
  arrayLength(nullable: boolean): number {
    return this.checkCount(this.int32(), nullable);
  }

  compactArrayLength(nullable: boolean): number {
    return this.checkCount(this.uvarint() - 1, nullable);
  }

  /** Skips a whole tagged-field section; unknown tags are never an error. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.skip(this.uvarint());
    }
  }

  /** The next n bytes as a slice of the input (no copy). */
  raw(n: number): Buffer {
    const at = this.take(n);
    return this.buf.subarray(at, at + n);
  }

  skip(n: number): void {
    this.take(n);
  }

  private checkLength(length: number, nullable: boolean, what: string): number {
    if (length === -1 && nullable) return -1;
    if (length < 0) {
      throw new ProtocolError('bad-length', `${what} length ${length} at offset ${this.offset} is not allowed`);
    }
    if (length > this.remaining) {
      throw new ProtocolError('truncated', `${what} of ${length} bytes passes the frame end at offset ${this.offset}`);
    }
    return length;
  }

  /** Every element takes at least one byte, so a count above the bytes left is a lie. */
  private checkCount(count: number, nullable: boolean): number {
    if (count === -1 && nullable) return -1;
    if (count < 0) {
      throw new ProtocolError('bad-length', `array length ${count} at offset ${this.offset} is not allowed`);
    }
    if (count > this.remaining) {
      throw new ProtocolError('bad-length', `array of ${count} elements cannot fit the ${this.remaining} bytes left`);
    }
    return count;
  }

  private utf8(length: number): string | null {
    if (length === -1) return null;
    const at = this.take(length);
    return this.buf.toString('utf8', at, at + length);
  }

  private slice(length: number): Buffer | null {
    if (length === -1) return null;
    const at = this.take(length);
    return this.buf.subarray(at, at + length);
  }
}

/** Reads a big-endian int64 at `at` (caller checked bounds) as a safe JS number. */
export function readInt64(buf: Buffer, at: number): number {
  const value = buf.readInt32BE(at) * TWO_POW_32 + buf.readUInt32BE(at + 4);
  // Any true value outside the safe range rounds to a value that is also outside it.
  if (!Number.isSafeInteger(value)) {
    throw new ProtocolError('malformed', `int64 at offset ${at} is outside the safe integer range`);
  }
  return value;
}

function toSafeNumber(value: bigint, at: number): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtocolError('malformed', `varlong ending at offset ${at} is outside the safe integer range`);
  }
  return Number(value);
}
