// The fixed 61-byte header of a magic-2 record batch, the one place that knows its layout: field
// readers, the CRC, the in-place writes the broker makes (offsets, leader epoch, LogAppendTime),
// and a walk over the batches of a buffer that stops cleanly where valid bytes end. Storage, the
// client and the specs all read and write headers through this module; records stay opaque.
import { crc32c } from '../util/crc32c';
import { ProtocolError } from './protocol-error';
import { readInt64 } from './reader';
import { writeInt64 } from './writer';

// Byte offsets inside a batch (see PROTOCOL.md "Record batches").
export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** baseOffset + batchLength: the bytes of a batch not counted by batchLength. */
export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_BYTES = 61;
/** The smallest valid batchLength: a header with no records. */
export const MIN_BATCH_LENGTH = BATCH_HEADER_BYTES - LOG_OVERHEAD;
export const CURRENT_MAGIC = 2;

const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
const TRANSACTIONAL_BIT = 0x10;
const CONTROL_BIT = 0x20;

export const TimestampType = { CREATE_TIME: 0, LOG_APPEND_TIME: 1 } as const;
/** maxTimestamp of a batch (and of a segment) whose records carry no timestamp. */
export const NO_TIMESTAMP = -1;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  /** Attribute bits 0-2: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  compression: number;
  /** 0 CreateTime, 1 LogAppendTime. */
  timestampType: number;
  isTransactional: boolean;
  isControl: boolean;
}

export interface BatchPosition {
  position: number;
  nextPosition: number;
  header: BatchHeader;
}

export interface IterationEnd {
  /** Where the last whole, valid batch ends. */
  validBytesEnd: number;
  /** 'end': all bytes were batches; 'partial': a batch is cut short; 'corrupt': invalid bytes. */
  stop: 'end' | 'partial' | 'corrupt';
}

/** Reads the 61-byte header at `pos`; the caller knows the header is inside `buf`. */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  if (pos < 0 || pos + BATCH_HEADER_BYTES > buf.length) {
    throw new ProtocolError('truncated', `record batch header at ${pos} passes the end of ${buf.length} bytes`);
  }
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  return {
    baseOffset: readInt64(buf, pos + BASE_OFFSET_OFFSET),
    batchLength: buf.readInt32BE(pos + BATCH_LENGTH_OFFSET),
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes,
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
    compression: attributes & COMPRESSION_MASK,
    timestampType: attributes & TIMESTAMP_TYPE_BIT ? 1 : 0,
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isControl: (attributes & CONTROL_BIT) !== 0,
  };
}

export function lastOffsetOf(header: BatchHeader): number {
  return header.baseOffset + header.lastOffsetDelta;
}

/** What a batch's writer chooses; batchLength, magic, CRC and the attribute bits follow from it. */
export type BatchHeaderFields = Omit<BatchHeader, 'batchLength' | 'magic' | 'crc' | 'attributes'>;

/** The attribute bits of a header: the inverse of readBatchHeader's split. */
export function attributesOf(
  fields: Pick<BatchHeader, 'compression' | 'timestampType' | 'isTransactional' | 'isControl'>,
): number {
  let attributes = fields.compression & COMPRESSION_MASK;
  if (fields.timestampType === TimestampType.LOG_APPEND_TIME) attributes |= TIMESTAMP_TYPE_BIT;
  if (fields.isTransactional) attributes |= TRANSACTIONAL_BIT;
  if (fields.isControl) attributes |= CONTROL_BIT;
  return attributes;
}

/** Writes the header of the batch that is all of `batch` (records already after the header), CRC last. */
export function writeBatchHeader(batch: Buffer, fields: BatchHeaderFields): void {
  writeInt64(batch, BASE_OFFSET_OFFSET, fields.baseOffset);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  batch.writeInt32BE(fields.partitionLeaderEpoch, PARTITION_LEADER_EPOCH_OFFSET);
  batch.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  batch.writeInt16BE(attributesOf(fields), ATTRIBUTES_OFFSET);
  batch.writeInt32BE(fields.lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(batch, BASE_TIMESTAMP_OFFSET, fields.baseTimestamp);
  writeInt64(batch, MAX_TIMESTAMP_OFFSET, fields.maxTimestamp);
  writeInt64(batch, PRODUCER_ID_OFFSET, fields.producerId);
  batch.writeInt16BE(fields.producerEpoch, PRODUCER_EPOCH_OFFSET);
  batch.writeInt32BE(fields.baseSequence, BASE_SEQUENCE_OFFSET);
  batch.writeInt32BE(fields.recordCount, RECORD_COUNT_OFFSET);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
}

// Single-field readers for walks that need one or two fields of many batches (file scans, the
// fetch path); readBatchHeader when a caller needs the whole header.
export function batchSizeAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
}
export function baseOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + BASE_OFFSET_OFFSET);
}
export function lastOffsetAt(buf: Buffer, pos: number): number {
  return baseOffsetAt(buf, pos) + buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
}
export function maxTimestampAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + MAX_TIMESTAMP_OFFSET);
}
export function partitionLeaderEpochAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET);
}
export function magicAt(buf: Buffer, pos: number): number {
  return buf.readInt8(pos + MAGIC_OFFSET);
}

/** The CRC-32C a batch at `pos` of `size` bytes should carry: attributes to the end, not offset, length, epoch or magic. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf, pos + ATTRIBUTES_OFFSET, pos + size);
}

export function isBatchCrcValid(buf: Buffer, pos: number, size: number): boolean {
  return computeBatchCrc(buf, pos, size) === buf.readUInt32BE(pos + CRC_OFFSET);
}

/** Overwrites the two fields the leader owns; neither is under the CRC, so no rehash. */
export function stampOffsetAndEpoch(buf: Buffer, pos: number, baseOffset: number, leaderEpoch: number): void {
  writeInt64(buf, pos + BASE_OFFSET_OFFSET, baseOffset);
  buf.writeInt32BE(leaderEpoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * message.timestamp.type=LogAppendTime: the broker's clock becomes the batch's max timestamp and
 * the timestamp-type bit is set. Both are under the CRC, so the CRC is recomputed.
 */
export function stampLogAppendTime(buf: Buffer, pos: number, size: number, timestampMs: number): void {
  buf.writeInt16BE(buf.readInt16BE(pos + ATTRIBUTES_OFFSET) | TIMESTAMP_TYPE_BIT, pos + ATTRIBUTES_OFFSET);
  writeInt64(buf, pos + MAX_TIMESTAMP_OFFSET, timestampMs);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + CRC_OFFSET);
}

/** Length of the longest prefix of buf[0, length) made only of whole batches (a fetch's read window). */
export function wholeBatchesLength(buf: Buffer, length: number): number {
  let pos = 0;
  while (length - pos >= LOG_OVERHEAD) {
    const size = batchSizeAt(buf, pos);
    if (size < BATCH_HEADER_BYTES || pos + size > length) break;
    pos += size;
  }
  return pos;
}

/** Why no whole magic-2 batch starts at `position`: the bytes end ('partial') or are not one ('corrupt'). */
export interface FrameStop {
  position: number;
  stop: 'partial' | 'corrupt';
  /** The magic byte found when it is not 2 (a record set of another format). */
  magic?: number;
  message: string;
}

export interface FramedBatch {
  size: number;
  header: BatchHeader;
}

/** The whole batch framed at `pos` of buf[pos, end) and its header, or why there is none. Never throws. */
export function frameBatchAt(buf: Buffer, pos: number, end = buf.length): FramedBatch | FrameStop {
  const remaining = end - pos;
  if (remaining < MAGIC_OFFSET + 1) {
    return { position: pos, stop: 'partial', message: `${remaining} trailing bytes at ${pos} are not a record batch` };
  }
  const magic = magicAt(buf, pos);
  if (magic !== CURRENT_MAGIC)
    return { position: pos, stop: 'corrupt', magic, message: `invalid magic ${magic} at ${pos}` };
  const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  if (batchLength < MIN_BATCH_LENGTH) {
    return {
      position: pos,
      stop: 'corrupt',
      message: `batch length ${batchLength} at ${pos} is below ${MIN_BATCH_LENGTH}`,
    };
  }
  const size = batchLength + LOG_OVERHEAD;
  if (size > remaining) {
    return {
      position: pos,
      stop: 'partial',
      message: `batch of ${size} bytes at ${pos} is cut short at ${remaining} bytes`,
    };
  }
  try {
    return { size, header: readBatchHeader(buf, pos) };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return { position: pos, stop: 'corrupt', message: `batch at ${pos}: ${error.message}` };
  }
}

export function isFrameStop(framed: FramedBatch | FrameStop): framed is FrameStop {
  return 'stop' in framed;
}

/**
 * Walks the batches of buf[start, end), yielding each whole valid one, and returns where the
 * valid bytes end and why it stopped. Never throws on bad bytes: recovery truncates there.
 */
export function* iterateBatches(
  buf: Buffer,
  start = 0,
  end = buf.length,
  options: { verifyCrc?: boolean } = {},
): Generator<BatchPosition, IterationEnd, void> {
  let pos = start;
  while (pos < end) {
    const framed = frameBatchAt(buf, pos, end);
    if (isFrameStop(framed)) return { validBytesEnd: pos, stop: framed.stop };
    if (options.verifyCrc && !isBatchCrcValid(buf, pos, framed.size)) return { validBytesEnd: pos, stop: 'corrupt' };
    yield { position: pos, nextPosition: pos + framed.size, header: framed.header };
    pos += framed.size;
  }
  return { validBytesEnd: pos, stop: 'end' };
}
