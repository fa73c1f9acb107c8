// LZ4 frame format, Kafka's compression codec 3 (with KIP-57's correct header checksum).
// Owns only the byte transform: compression.ts maps its errors to Kafka error codes.
//
// The writer produces what Kafka's Java client produces: 64 KiB independent blocks, no block or
// content checksum, no content size; a block that does not shrink is stored uncompressed. The
// reader accepts every frame other producers write (librdkafka, the lz4 tool): 64 KiB to 4 MiB
// blocks, linked or independent, optional checksums and content size, concatenated and
// skippable frames. It decodes into one growing output, so linked blocks simply reach back into
// it. Every read and write is checked against its bound: a damaged frame throws Lz4FormatError.
import { xxhash32 } from './xxhash32';

export class Lz4FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Lz4FormatError';
  }
}

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAGIC_BYTES = 4;

const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_01 = 0x40;
const FLG_BLOCK_INDEPENDENCE = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_RESERVED = 0x02;
const FLG_DICT_ID = 0x01;
const BD_RESERVED = 0x8f;
/** BD bits 6-4: 4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB. */
const BD_BLOCK_MAX_64KB = 4 << 4;

const BLOCK_UNCOMPRESSED_BIT = 0x80000000;
const CHECKSUM_BYTES = 4;

const BLOCK_BYTES = 64 * 1024;
const MIN_MATCH = 4;
/** The format's end-of-block rules: the last 5 bytes are literals, a match starts ≥ 12 bytes before the end. */
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;
/** After 2^6 misses in a row the matcher starts skipping ahead, so incompressible data stays fast. */
const SKIP_TRIGGER = 6;
const HASH_LOG_MAX = 14;
const HASH_LOG_MIN = 8;
const HASH_MULTIPLIER = 0x9e3779b1 | 0;
/** Each input byte of a compressed block expands to at most 255 output bytes (a length byte of 255). */
const EXPANSION_MAX = 255;

/** Output of one decompression, whatever the frame claims: record batches are far smaller. */
export const LZ4_OUTPUT_BYTES_MAX = 1024 * 1024 * 1024;

function read32(src: Uint8Array, p: number): number {
  return src[p] | (src[p + 1] << 8) | (src[p + 2] << 16) | (src[p + 3] << 24);
}

// ---------------------------------------------------------------------------------- compression

/** Compresses `data` into one LZ4 frame the way Kafka's Java client does. */
export function lz4FrameCompress(data: Buffer): Buffer {
  const blockCount = Math.ceil(data.length / BLOCK_BYTES);
  // A block never takes more than its raw size plus its 4-byte length: it is stored raw otherwise.
  const out = Buffer.allocUnsafe(7 + data.length + blockCount * 4 + 4);
  out.writeUInt32LE(FRAME_MAGIC, 0);
  out[4] = FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE;
  out[5] = BD_BLOCK_MAX_64KB;
  out[6] = headerChecksum(out.subarray(4, 6));
  let pos = 7;
  const table = new Int32Array(1 << hashLogFor(data.length)).fill(-1);
  const blockBytesMax = Math.min(BLOCK_BYTES, data.length);
  const scratch = Buffer.allocUnsafe(blockBytesMax + Math.ceil(blockBytesMax / 255) + 16);
  for (let start = 0; start < data.length; start += BLOCK_BYTES) {
    const end = Math.min(start + BLOCK_BYTES, data.length);
    const compressedBytes = compressBlock(data, start, end, scratch, table);
    if (compressedBytes < end - start) {
      out.writeUInt32LE(compressedBytes, pos);
      pos += 4 + scratch.copy(out, pos + 4, 0, compressedBytes);
    } else {
      out.writeUInt32LE(((end - start) | BLOCK_UNCOMPRESSED_BIT) >>> 0, pos);
      pos += 4 + data.copy(out, pos + 4, start, end);
    }
  }
  out.writeUInt32LE(0, pos);
  pos += 4;
  // Do not pin a mostly empty worst-case buffer behind a small result.
  return pos * 4 < out.length * 3 ? Buffer.from(out.subarray(0, pos)) : out.subarray(0, pos);
}

/** Small inputs get a small hash table: allocating and filling 64 KiB per small batch is waste. */
function hashLogFor(length: number): number {
  const bits = Math.ceil(Math.log2(Math.max(length, 1)));
  return Math.min(HASH_LOG_MAX, Math.max(HASH_LOG_MIN, bits - 2));
}

/**
 * Greedy LZ4 block compressor for src[start, end) into dst from 0; returns the bytes written.
 * The table holds absolute positions, so entries from earlier blocks fail `ref >= start` and
 * blocks stay independent without clearing it.
 */
function compressBlock(src: Buffer, start: number, end: number, dst: Buffer, table: Int32Array): number {
  const hashShift = 32 - Math.log2(table.length);
  let op = 0;
  let anchor = start;
  const matchStartLimit = end - MF_LIMIT;
  const matchEndLimit = end - LAST_LITERALS;
  let ip = start;
  while (ip <= matchStartLimit) {
    let ref = -1;
    let misses = 1 << SKIP_TRIGGER;
    for (;;) {
      const sequence = read32(src, ip);
      const h = Math.imul(sequence, HASH_MULTIPLIER) >>> hashShift;
      ref = table[h];
      table[h] = ip;
      if (ref >= start && ip - ref <= MAX_OFFSET && read32(src, ref) === sequence) break;
      ip += misses++ >>> SKIP_TRIGGER;
      if (ip > matchStartLimit) return writeLastLiterals(src, anchor, end, dst, op);
    }
    while (ip > anchor && ref > start && src[ip - 1] === src[ref - 1]) {
      ip--;
      ref--;
    }
    let matchEnd = ip + MIN_MATCH;
    let r = ref + MIN_MATCH;
    while (matchEnd < matchEndLimit && src[matchEnd] === src[r]) {
      matchEnd++;
      r++;
    }
    op = writeSequence(src, anchor, ip, ip - ref, matchEnd - ip, dst, op);
    ip = matchEnd;
    anchor = ip;
  }
  return writeLastLiterals(src, anchor, end, dst, op);
}

function writeSequence(
  src: Buffer,
  anchor: number,
  ip: number,
  offset: number,
  matchLength: number,
  dst: Buffer,
  op: number,
): number {
  const literalLength = ip - anchor;
  const matchCode = matchLength - MIN_MATCH;
  dst[op++] = (Math.min(literalLength, 15) << 4) | Math.min(matchCode, 15);
  if (literalLength >= 15) op = writeLengthRest(dst, op, literalLength - 15);
  op = copyBytes(src, anchor, ip, dst, op);
  dst[op++] = offset & 0xff;
  dst[op++] = offset >>> 8;
  if (matchCode >= 15) op = writeLengthRest(dst, op, matchCode - 15);
  return op;
}

function writeLastLiterals(src: Buffer, anchor: number, end: number, dst: Buffer, op: number): number {
  const literalLength = end - anchor;
  dst[op++] = Math.min(literalLength, 15) << 4;
  if (literalLength >= 15) op = writeLengthRest(dst, op, literalLength - 15);
  return copyBytes(src, anchor, end, dst, op);
}

function writeLengthRest(dst: Buffer, op: number, rest: number): number {
  while (rest >= 255) {
    dst[op++] = 255;
    rest -= 255;
  }
  dst[op++] = rest;
  return op;
}

/** Buffer.copy costs a native call; short runs are cheaper byte by byte. */
function copyBytes(src: Buffer, from: number, to: number, dst: Buffer, op: number): number {
  if (to - from > 16) return op + src.copy(dst, op, from, to);
  while (from < to) dst[op++] = src[from++];
  return op;
}

function headerChecksum(descriptor: Buffer): number {
  return (xxhash32(descriptor, 0) >>> 8) & 0xff;
}

// -------------------------------------------------------------------------------- decompression

interface FrameHeader {
  independentBlocks: boolean;
  blockChecksum: boolean;
  contentChecksum: boolean;
  /** -1 when the frame does not declare it. */
  contentSize: number;
  blockMaxBytes: number;
  dataStart: number;
}

/** The decompressed bytes so far, in a buffer grown by doubling up to a limit. */
class Output {
  buf: Buffer;
  length = 0;

  constructor(
    capacity: number,
    readonly bytesMax: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(capacity, bytesMax));
  }

  ensure(extraBytes: number): void {
    const needed = this.length + extraBytes;
    if (needed <= this.buf.length) return;
    if (needed > this.bytesMax) throw new Lz4FormatError(`decompressed size exceeds ${this.bytesMax} bytes`);
    const grown = Buffer.allocUnsafe(Math.min(this.bytesMax, Math.max(needed, this.buf.length * 2)));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  result(): Buffer {
    const used = this.buf.subarray(0, this.length);
    return this.length * 4 < this.buf.length * 3 ? Buffer.from(used) : used;
  }
}

/** Decompresses one or more concatenated LZ4 frames; throws Lz4FormatError on damaged input. */
export function lz4FrameDecompress(frame: Buffer, outputBytesMax = LZ4_OUTPUT_BYTES_MAX): Buffer {
  if (frame.length === 0) throw new Lz4FormatError('empty input holds no LZ4 frame');
  const out = new Output(Math.max(1024, frame.length * 4), outputBytesMax);
  let pos = 0;
  // Each pass consumes at least one header, so the loop is bounded by the input length.
  while (pos < frame.length) {
    if (frame.length - pos < MAGIC_BYTES)
      throw new Lz4FormatError(`${frame.length - pos} stray bytes after the last frame`);
    const magic = frame.readUInt32LE(pos);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      pos = skipFrame(frame, pos);
    } else {
      pos = decodeFrame(frame, pos, out);
    }
  }
  return out.result();
}

function skipFrame(frame: Buffer, pos: number): number {
  if (frame.length - pos < 8) throw new Lz4FormatError('skippable frame header is truncated');
  const size = frame.readUInt32LE(pos + 4);
  if (size > frame.length - pos - 8) throw new Lz4FormatError(`skippable frame of ${size} bytes is truncated`);
  return pos + 8 + size;
}

/** Reads the header of the frame at `pos`; the caller has checked that 4 bytes remain. */
function readFrameHeader(frame: Buffer, pos: number, outputBytesMax: number): FrameHeader {
  const magic = frame.readUInt32LE(pos);
  if (magic !== FRAME_MAGIC) throw new Lz4FormatError(`bad frame magic 0x${magic.toString(16)}`);
  if (frame.length - pos < 7) throw new Lz4FormatError('frame header is truncated');
  const flg = frame[pos + 4];
  const bd = frame[pos + 5];
  if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_01)
    throw new Lz4FormatError(`unknown frame version in FLG 0x${flg.toString(16)}`);
  if ((flg & FLG_RESERVED) !== 0 || (bd & BD_RESERVED) !== 0)
    throw new Lz4FormatError('reserved frame descriptor bits are set');
  if ((flg & FLG_DICT_ID) !== 0) throw new Lz4FormatError('frames needing a dictionary are not supported');
  const blockMaxCode = (bd >>> 4) & 0x07;
  if (blockMaxCode < 4) throw new Lz4FormatError(`bad block maximum size code ${blockMaxCode}`);
  const descriptorEnd = pos + 6 + ((flg & FLG_CONTENT_SIZE) !== 0 ? 8 : 0);
  if (frame.length < descriptorEnd + 1) throw new Lz4FormatError('frame descriptor is truncated');
  const expected = headerChecksum(frame.subarray(pos + 4, descriptorEnd));
  if (frame[descriptorEnd] !== expected) {
    throw new Lz4FormatError(
      `header checksum 0x${frame[descriptorEnd].toString(16)} should be 0x${expected.toString(16)}`,
    );
  }
  let contentSize = -1;
  if ((flg & FLG_CONTENT_SIZE) !== 0) {
    const declared = frame.readBigUInt64LE(pos + 6);
    if (declared > BigInt(outputBytesMax))
      throw new Lz4FormatError(`declared content size ${declared} exceeds ${outputBytesMax} bytes`);
    contentSize = Number(declared);
  }
  return {
    independentBlocks: (flg & FLG_BLOCK_INDEPENDENCE) !== 0,
    blockChecksum: (flg & FLG_BLOCK_CHECKSUM) !== 0,
    contentChecksum: (flg & FLG_CONTENT_CHECKSUM) !== 0,
    contentSize,
    blockMaxBytes: 1 << (8 + 2 * blockMaxCode),
    dataStart: descriptorEnd + 1,
  };
}

/** Decodes the frame at `pos` onto the end of `out`; returns the position after it. */
function decodeFrame(frame: Buffer, pos: number, out: Output): number {
  const header = readFrameHeader(frame, pos, out.bytesMax);
  const frameStart = out.length;
  const contentEnd = header.contentSize >= 0 ? frameStart + header.contentSize : Number.MAX_SAFE_INTEGER;
  if (header.contentSize >= 0) out.ensure(header.contentSize);
  pos = header.dataStart;
  // Each block consumes at least its 4-byte length, so the loop is bounded by the input length.
  for (;;) {
    if (frame.length - pos < 4) throw new Lz4FormatError('block length is truncated (no end mark)');
    const word = frame.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break;
    const size = (word & ~BLOCK_UNCOMPRESSED_BIT) >>> 0;
    if (size > header.blockMaxBytes)
      throw new Lz4FormatError(`block of ${size} bytes exceeds the ${header.blockMaxBytes}-byte maximum`);
    const trailer = header.blockChecksum ? CHECKSUM_BYTES : 0;
    if (size + trailer > frame.length - pos) throw new Lz4FormatError(`block of ${size} bytes is truncated`);
    if (header.blockChecksum) verifyChecksum(frame.subarray(pos, pos + size), frame.readUInt32LE(pos + size), 'block');
    const room = Math.min(header.blockMaxBytes, contentEnd - out.length);
    if ((word & BLOCK_UNCOMPRESSED_BIT) !== 0) {
      if (size > room) throw new Lz4FormatError('frame holds more content than it declares');
      out.ensure(size);
      out.length += frame.copy(out.buf, out.length, pos, pos + size);
    } else {
      const windowStart = header.independentBlocks ? out.length : frameStart;
      out.length = decodeBlockGrowing(frame, pos, pos + size, out, Math.min(room, size * EXPANSION_MAX), windowStart);
    }
    pos += size + trailer;
  }
  if (header.contentSize >= 0 && out.length !== contentEnd) {
    throw new Lz4FormatError(`frame holds ${out.length - frameStart} bytes but declares ${header.contentSize}`);
  }
  if (header.contentChecksum) {
    if (frame.length - pos < CHECKSUM_BYTES) throw new Lz4FormatError('content checksum is truncated');
    verifyChecksum(out.buf.subarray(frameStart, out.length), frame.readUInt32LE(pos), 'content');
    pos += CHECKSUM_BYTES;
  }
  return pos;
}

/**
 * Decodes one block into the room `out` already has, and only if that is too small grows it to
 * the block's bound and decodes again: growing to the worst case up front would allocate up to
 * 4 MiB for every small batch.
 */
function decodeBlockGrowing(
  frame: Buffer,
  sp: number,
  send: number,
  out: Output,
  blockBound: number,
  windowStart: number,
): number {
  const bound = Math.min(blockBound, out.bytesMax - out.length);
  const free = out.buf.length - out.length;
  let end = decodeBlock(frame, sp, send, out.buf, out.length, out.length + Math.min(free, bound), windowStart);
  if (end < 0 && free < bound) {
    out.ensure(bound);
    end = decodeBlock(frame, sp, send, out.buf, out.length, out.length + bound, windowStart);
  }
  if (end < 0)
    throw new Lz4FormatError('block overflows its output bound (block maximum, declared size or output limit)');
  return end;
}

function verifyChecksum(data: Buffer, stored: number, what: string): void {
  const actual = xxhash32(data, 0);
  if (actual !== stored)
    throw new Lz4FormatError(`${what} checksum 0x${stored.toString(16)} should be 0x${actual.toString(16)}`);
}

/**
 * Decodes the LZ4 block src[sp, send) into dst from `op`, never writing at or past `oend` and
 * never reaching back before `windowStart`; returns the new output position, or -1 when the
 * output would pass `oend`.
 */
function decodeBlock(
  src: Buffer,
  sp: number,
  send: number,
  dst: Buffer,
  op: number,
  oend: number,
  windowStart: number,
): number {
  for (;;) {
    const token = src[sp++];
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let b: number;
      do {
        if (sp >= send) throw new Lz4FormatError('literal length runs past the block');
        b = src[sp++];
        literalLength += b;
      } while (b === 255);
    }
    if (literalLength > send - sp) throw new Lz4FormatError('literals run past the block');
    if (literalLength > oend - op) return -1;
    op = copyBytes(src, sp, sp + literalLength, dst, op);
    sp += literalLength;
    if (sp === send) return op;
    if (send - sp < 2) throw new Lz4FormatError('match offset is truncated');
    const offset = src[sp] | (src[sp + 1] << 8);
    sp += 2;
    if (offset === 0 || offset > op - windowStart)
      throw new Lz4FormatError(`match offset ${offset} reaches outside the window`);
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        if (sp >= send) throw new Lz4FormatError('match length runs past the block');
        b = src[sp++];
        matchLength += b;
      } while (b === 255);
    }
    matchLength += MIN_MATCH;
    if (matchLength > oend - op) return -1;
    op = copyMatch(dst, op, offset, matchLength);
    if (sp >= send) throw new Lz4FormatError('block ends with a match instead of literals');
  }
}

/** Copies a match; an offset shorter than the length repeats the bytes just written. */
function copyMatch(dst: Buffer, op: number, offset: number, matchLength: number): number {
  let ref = op - offset;
  if (offset >= matchLength && matchLength > 16) {
    dst.copyWithin(op, ref, ref + matchLength);
    return op + matchLength;
  }
  const end = op + matchLength;
  while (op < end) dst[op++] = dst[ref++];
  return end;
}
