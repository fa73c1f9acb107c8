// Legacy message sets (magic 0 and 1), the record format of Produce v0-2 and Fetch v0-3. Only the
// legacy paths come here: the broker up-converts what old producers send into one magic-2 batch
// and down-converts stored batches for old consumers, message by message. The v3+ produce and
// v4+ fetch paths never do (records.ts keeps batches opaque there).
//
// One entry (big-endian):
//   offset int64 | messageSize int32 | crc uint32 | magic int8 | attributes int8 |
//   [magic 1: timestamp int64] | key (int32 length, -1 = null) | value (int32 length, -1 = null)
// messageSize counts the bytes after itself; crc is CRC-32 (IEEE) from magic to the end. Attribute
// bits 0-2 are the codec, bit 3 (magic 1) the timestamp type. A compressed entry is a wrapper: a
// null key and, as value, the compressed bytes of an inner message set. Inner offsets are
// absolute in magic 0 and relative (0..n-1) in magic 1, where the wrapper carries the absolute
// offset of the last inner message. Magic 0 lz4 frames carry the header checksum of Kafka's old
// writer (computed over the frame magic too, KIP-57): readers ignore it, writers reproduce it.
import zlib from 'node:zlib';
import snappy from 'snappy';
import { isXerialFramed } from './compression';
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import { lz4FrameCompress, lz4FrameDecompress } from './lz4';
import { readInt64 } from './reader';
import { writeInt64 } from './writer';
import { xxhash32 } from './xxhash32';

export type LegacyMagic = 0 | 1;

const OFFSET_OFFSET = 0;
const SIZE_OFFSET = 8;
const CRC_OFFSET = 12;
/** Same place as a magic-2 batch's magic byte, so one peek tells the formats apart. */
export const LEGACY_MAGIC_OFFSET = 16;
const ATTRIBUTES_OFFSET = 17;
const TIMESTAMP_OFFSET = 18;
const LOG_OVERHEAD = 12;
/** crc + magic + attributes + key length + value length (+ timestamp in magic 1). */
const MESSAGE_OVERHEAD_V0 = 14;
const MESSAGE_OVERHEAD_V1 = 22;

const CODEC_MASK = 0x07;
const TIMESTAMP_TYPE_BIT = 0x08;
const NO_TIMESTAMP = -1;
const CODEC = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;

/** Decompressed bytes of one wrapper, at most (the broker's default socket.request.max.bytes). */
export const LEGACY_DECOMPRESSED_BYTES_MAX = 104857600;

/** A message as decoded: deep (inner messages of wrappers are flattened), absolute offsets. */
export interface LegacyRecord {
  offset: number;
  magic: LegacyMagic;
  /** NO_TIMESTAMP (-1) for magic 0. */
  timestamp: number;
  /** 0 CreateTime, 1 LogAppendTime (magic 1 only). */
  timestampType: number;
  /** The codec of the wrapper it came in, 0 for a message that was not wrapped. */
  compression: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface LegacyMessageInput {
  offset: number;
  /** Magic 1 only; defaults to -1. */
  timestamp?: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface LegacyEncodeOptions {
  magic: LegacyMagic;
  /** 0 none (one entry per message) or a codec (one wrapper holding them all). */
  compression?: number;
  timestampType?: number;
}

export interface LegacyDecodeOptions {
  /** A fetch may end in a cut-short message (ignored); a produce may not (CORRUPT_MESSAGE). */
  allowPartialTail?: boolean;
  decompressedBytesMax?: number;
}

interface Entry extends LegacyRecord {
  attributes: number;
}

// ---------------------------------------------------------------------------------- decoding

/**
 * Decodes every message of a legacy message set, unwrapping compressed ones. Checks every CRC
 * and the rules Kafka's LogValidator applies to wrappers (no nested compression, one magic).
 * Throws KafkaError: CORRUPT_MESSAGE for damaged bytes, INVALID_RECORD for broken rules,
 * UNSUPPORTED_COMPRESSION_TYPE for zstd (which legacy formats cannot carry).
 */
export function decodeMessageSet(buf: Buffer, options: LegacyDecodeOptions = {}): LegacyRecord[] {
  const records: LegacyRecord[] = [];
  const bytesMax = options.decompressedBytesMax ?? LEGACY_DECOMPRESSED_BYTES_MAX;
  for (const entry of readEntries(buf, options.allowPartialTail ?? false)) {
    if (entry.compression === CODEC.NONE) {
      records.push(withoutAttributes(entry));
      continue;
    }
    const inner = decompressLegacy(entry.compression, entry.magic, entry.value, bytesMax);
    records.push(...unwrap(entry, readEntries(inner, false)));
  }
  return records;
}

/** The shallow entries of `buf`; stops quietly at a cut-short tail only when allowed. */
function readEntries(buf: Buffer, allowPartialTail: boolean): Entry[] {
  const entries: Entry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    const size = remaining >= LOG_OVERHEAD ? LOG_OVERHEAD + buf.readInt32BE(pos + SIZE_OFFSET) : Infinity;
    if (size > remaining) {
      if (allowPartialTail) break;
      corrupt(`message at ${pos} is cut short (${remaining} bytes left)`);
    }
    if (size < LOG_OVERHEAD + MESSAGE_OVERHEAD_V0)
      corrupt(`message at ${pos} claims only ${size - LOG_OVERHEAD} bytes`);
    entries.push(readEntry(buf, pos, size));
    pos += size;
  }
  return entries;
}

function readEntry(buf: Buffer, pos: number, size: number): Entry {
  const magic = buf.readInt8(pos + LEGACY_MAGIC_OFFSET);
  if (magic !== 0 && magic !== 1) invalid(`message at ${pos} has magic ${magic}, not 0 or 1`);
  const overhead = magic === 0 ? MESSAGE_OVERHEAD_V0 : MESSAGE_OVERHEAD_V1;
  if (size - LOG_OVERHEAD < overhead) corrupt(`message at ${pos} is ${size - LOG_OVERHEAD} bytes, below ${overhead}`);
  const end = pos + size;
  const stored = buf.readUInt32BE(pos + CRC_OFFSET);
  const computed = zlib.crc32(buf.subarray(pos + LEGACY_MAGIC_OFFSET, end));
  if (stored !== computed) corrupt(`message at ${pos} is corrupt (stored crc ${stored}, computed ${computed})`);
  const attributes = buf.readInt8(pos + ATTRIBUTES_OFFSET);
  let at = pos + TIMESTAMP_OFFSET;
  let timestamp = NO_TIMESTAMP;
  if (magic === 1) {
    timestamp = readInt64(buf, at);
    at += 8;
  }
  const key = readBytes(buf, at, end);
  at += 4 + (key?.length ?? 0);
  const value = readBytes(buf, at, end);
  at += 4 + (value?.length ?? 0);
  if (at !== end) corrupt(`message at ${pos} has ${end - at} bytes after its value`);
  const compression = attributes & CODEC_MASK;
  if (compression === CODEC.ZSTD) {
    throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs record format v2 (magic 2)');
  }
  if (compression > CODEC.ZSTD) corrupt(`message at ${pos} names unknown codec ${compression}`);
  const timestampType = magic === 1 && (attributes & TIMESTAMP_TYPE_BIT) !== 0 ? 1 : 0;
  return {
    offset: readInt64(buf, pos + OFFSET_OFFSET),
    magic,
    attributes,
    compression,
    timestamp,
    timestampType,
    key,
    value,
  };
}

function readBytes(buf: Buffer, at: number, end: number): Buffer | null {
  if (at + 4 > end) corrupt(`length field at ${at} passes the end of its message`);
  const length = buf.readInt32BE(at);
  if (length === -1) return null;
  if (length < 0 || at + 4 + length > end) corrupt(`field of ${length} bytes at ${at} passes the end of its message`);
  return buf.subarray(at + 4, at + 4 + length);
}

/** Inner messages with absolute offsets and their wrapper's codec (and log-append time). */
function unwrap(wrapper: Entry, inner: Entry[]): LegacyRecord[] {
  if (wrapper.value === null || inner.length === 0)
    invalid(`compressed message at offset ${wrapper.offset} holds no message`);
  const lastInnerOffset = inner[inner.length - 1].offset;
  return inner.map((message) => {
    if (message.magic !== wrapper.magic)
      invalid(`inner message of magic ${message.magic} in a magic ${wrapper.magic} wrapper`);
    if (message.compression !== CODEC.NONE) invalid('a compressed message holds another compressed message');
    // Magic 1 inner offsets count from the wrapper's first offset; magic 0 ones are absolute.
    const offset = wrapper.magic === 1 ? wrapper.offset - lastInnerOffset + message.offset : message.offset;
    const logAppendTime = wrapper.timestampType === 1;
    return {
      ...withoutAttributes(message),
      offset,
      compression: wrapper.compression,
      timestamp: logAppendTime ? wrapper.timestamp : message.timestamp,
      timestampType: wrapper.timestampType,
    };
  });
}

function withoutAttributes(entry: Entry): LegacyRecord {
  const { attributes: _attributes, ...record } = entry;
  return record;
}

// ---------------------------------------------------------------------------------- encoding

/**
 * Encodes messages as a legacy message set: uncompressed, one entry each at its own offset;
 * compressed, one wrapper at the last message's offset holding them all (Kafka's layout).
 */
export function encodeMessageSet(messages: LegacyMessageInput[], options: LegacyEncodeOptions): Buffer {
  const compression = options.compression ?? CODEC.NONE;
  const timestampBit = options.magic === 1 && options.timestampType === 1 ? TIMESTAMP_TYPE_BIT : 0;
  if (compression === CODEC.NONE || messages.length === 0) {
    return Buffer.concat(messages.map((m) => encodeEntry(m, options.magic, timestampBit, m.timestamp ?? NO_TIMESTAMP)));
  }
  const firstOffset = messages[0].offset;
  const inner = Buffer.concat(
    messages.map((m) => {
      const offset = options.magic === 1 ? m.offset - firstOffset : m.offset;
      return encodeEntry({ ...m, offset }, options.magic, timestampBit, m.timestamp ?? NO_TIMESTAMP);
    }),
  );
  const last = messages[messages.length - 1];
  let maxTimestamp = NO_TIMESTAMP;
  for (const m of messages) maxTimestamp = Math.max(maxTimestamp, m.timestamp ?? NO_TIMESTAMP);
  const value = compressLegacy(compression, options.magic, inner);
  return encodeEntry(
    { offset: last.offset, key: null, value },
    options.magic,
    timestampBit | compression,
    maxTimestamp,
  );
}

function encodeEntry(message: LegacyMessageInput, magic: LegacyMagic, attributes: number, timestamp: number): Buffer {
  const keyBytes = message.key?.length ?? 0;
  const valueBytes = message.value?.length ?? 0;
  const overhead = magic === 0 ? MESSAGE_OVERHEAD_V0 : MESSAGE_OVERHEAD_V1;
  const out = Buffer.allocUnsafe(LOG_OVERHEAD + overhead + keyBytes + valueBytes);
  writeInt64(out, OFFSET_OFFSET, message.offset);
  out.writeInt32BE(out.length - LOG_OVERHEAD, SIZE_OFFSET);
  out.writeInt8(magic, LEGACY_MAGIC_OFFSET);
  out.writeInt8(attributes, ATTRIBUTES_OFFSET);
  let at = TIMESTAMP_OFFSET;
  if (magic === 1) {
    writeInt64(out, at, timestamp);
    at += 8;
  }
  at = writeBytes(out, at, message.key);
  writeBytes(out, at, message.value);
  out.writeUInt32BE(zlib.crc32(out.subarray(LEGACY_MAGIC_OFFSET)), CRC_OFFSET);
  return out;
}

function writeBytes(out: Buffer, at: number, value: Buffer | null): number {
  if (value === null) {
    out.writeInt32BE(-1, at);
    return at + 4;
  }
  out.writeInt32BE(value.length, at);
  return at + 4 + value.copy(out, at + 4);
}

/**
 * The magic shared by every entry of a produced record set (0, 1 or 2), walking only the
 * length fields (at the same place in every format); 'mixed' when they differ.
 */
export function recordSetMagic(buf: Buffer): number | 'mixed' {
  let magic = -1;
  let pos = 0;
  while (buf.length - pos > LEGACY_MAGIC_OFFSET) {
    const entryMagic = buf.readInt8(pos + LEGACY_MAGIC_OFFSET);
    if (magic !== -1 && entryMagic !== magic) return 'mixed';
    magic = entryMagic;
    const size = buf.readInt32BE(pos + SIZE_OFFSET);
    if (size <= 0) break;
    pos += LOG_OVERHEAD + size;
  }
  return magic;
}

// ------------------------------------------------------------------------------- compression

/** Synchronous, so the produce path appends in arrival order without awaiting anything. */
export function compressLegacy(codec: number, magic: LegacyMagic, data: Buffer): Buffer {
  switch (codec) {
    case CODEC.GZIP:
      return zlib.gzipSync(data);
    case CODEC.SNAPPY:
      return xerialCompress(data);
    case CODEC.LZ4: {
      const frame = lz4FrameCompress(data);
      if (magic === 0) frame[6] = brokenHeaderChecksum(frame);
      return frame;
    }
    default:
      throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `codec ${codec} cannot wrap a legacy message set`);
  }
}

export function decompressLegacy(codec: number, magic: LegacyMagic, data: Buffer | null, bytesMax: number): Buffer {
  if (data === null) return Buffer.alloc(0);
  try {
    switch (codec) {
      case CODEC.GZIP:
        return zlib.gunzipSync(data, { maxOutputLength: bytesMax });
      case CODEC.SNAPPY:
        return isXerialFramed(data) ? xerialDecompress(data, bytesMax) : snappyBlock(data, bytesMax);
      case CODEC.LZ4:
        return lz4FrameDecompress(magic === 0 ? withCorrectHeaderChecksum(data) : data, bytesMax);
      default:
        throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `codec ${codec} in a legacy message`);
    }
  } catch (error) {
    // zlib, snappy and Lz4FormatError all mean the same to the producer: damaged bytes.
    if (error instanceof KafkaError || !(error instanceof Error)) throw error;
    return corrupt(`codec ${codec}: ${error.message}`);
  }
}

/** The xerial stream the Java client and Kafka itself write for legacy snappy: 32 KiB blocks. */
const XERIAL_HEADER = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
const XERIAL_BLOCK_BYTES = 32 * 1024;

function xerialCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (let start = 0; start < data.length; start += XERIAL_BLOCK_BYTES) {
    const block = snappy.compressSync(data.subarray(start, Math.min(data.length, start + XERIAL_BLOCK_BYTES)));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function xerialDecompress(data: Buffer, bytesMax: number): Buffer {
  const blocks: Buffer[] = [];
  let total = 0;
  for (let pos = XERIAL_HEADER.length; pos < data.length;) {
    if (pos + 4 > data.length) corrupt('xerial snappy block length is cut short');
    const length = data.readInt32BE(pos);
    if (length < 0 || pos + 4 + length > data.length) corrupt(`xerial snappy block of ${length} bytes is cut short`);
    const block = snappyBlock(data.subarray(pos + 4, pos + 4 + length), bytesMax - total);
    total += block.length;
    blocks.push(block);
    pos += 4 + length;
  }
  return Buffer.concat(blocks, total);
}

/** A raw snappy block, its declared length (a leading uvarint) checked before allocating. */
function snappyBlock(block: Buffer, bytesMax: number): Buffer {
  let declared = 0;
  for (let i = 0, shift = 1; i < Math.min(5, block.length); i++, shift *= 128) {
    declared += (block[i] & 0x7f) * shift;
    if ((block[i] & 0x80) === 0) break;
  }
  if (declared > bytesMax) corrupt(`snappy block declares ${declared} bytes, above ${bytesMax}`);
  const out = snappy.uncompressSync(block, { asBuffer: true });
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}

/** Kafka's pre-KIP-57 checksum: xxHash32 over the frame magic and descriptor, not the descriptor only. */
function brokenHeaderChecksum(frame: Buffer): number {
  return (xxhash32(frame.subarray(0, descriptorEnd(frame))) >>> 8) & 0xff;
}

function withCorrectHeaderChecksum(frame: Buffer): Buffer {
  if (frame.length < 7) return frame;
  const end = descriptorEnd(frame);
  if (frame.length <= end) return frame;
  const fixed = Buffer.from(frame);
  fixed[end] = (xxhash32(frame.subarray(4, end)) >>> 8) & 0xff;
  return fixed;
}

/** Where the frame descriptor ends (and its checksum byte sits): FLG, BD, optional content size. */
function descriptorEnd(frame: Buffer): number {
  const contentSizeFlag = 0x08;
  return 6 + ((frame[4] & contentSizeFlag) !== 0 ? 8 : 0);
}

function corrupt(message: string): never {
  throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}

function invalid(message: string): never {
  throw new KafkaError(ErrorCode.INVALID_RECORD, message);
}
