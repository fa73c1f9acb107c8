// Storage's view of magic-2 record batches: the fixed 61-byte header only. lib/protocol/records
// validates produced batches; storage peeks at just what offset assignment, indexing and recovery
// need, and never decodes records on the append or fetch path.
import { crc32c } from '../util/crc32c';
import { readFully } from './file-io';
import { CorruptStorageError, StorageError } from './storage-error';

// The header layout is the protocol's (one definition); storage names the offsets `*_AT`.
export { LOG_OVERHEAD, BATCH_HEADER_BYTES } from '../protocol/batch-header';
export {
  BASE_OFFSET_OFFSET as BASE_OFFSET_AT, BATCH_LENGTH_OFFSET as BATCH_LENGTH_AT,
  PARTITION_LEADER_EPOCH_OFFSET as PARTITION_LEADER_EPOCH_AT, MAGIC_OFFSET as MAGIC_AT, CRC_OFFSET as CRC_AT,
  ATTRIBUTES_OFFSET as ATTRIBUTES_AT, LAST_OFFSET_DELTA_OFFSET as LAST_OFFSET_DELTA_AT,
  BASE_TIMESTAMP_OFFSET as BASE_TIMESTAMP_AT, MAX_TIMESTAMP_OFFSET as MAX_TIMESTAMP_AT, RECORD_COUNT_OFFSET as RECORD_COUNT_AT,
} from '../protocol/batch-header';
import {
  LOG_OVERHEAD, BATCH_HEADER_BYTES, BASE_OFFSET_OFFSET as BASE_OFFSET_AT, BATCH_LENGTH_OFFSET as BATCH_LENGTH_AT,
  PARTITION_LEADER_EPOCH_OFFSET as PARTITION_LEADER_EPOCH_AT, MAGIC_OFFSET as MAGIC_AT, CRC_OFFSET as CRC_AT,
  ATTRIBUTES_OFFSET as ATTRIBUTES_AT, LAST_OFFSET_DELTA_OFFSET as LAST_OFFSET_DELTA_AT,
  BASE_TIMESTAMP_OFFSET as BASE_TIMESTAMP_AT, MAX_TIMESTAMP_OFFSET as MAX_TIMESTAMP_AT, RECORD_COUNT_OFFSET as RECORD_COUNT_AT,
} from '../protocol/batch-header';
export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_LOG_APPEND_BIT = 0x08;
export const NO_TIMESTAMP = -1;

const TWO_POW_32 = 4294967296;

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_POW_32 + buf.readUInt32BE(at + 4);
}

export function writeInt64(buf: Buffer, at: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(value - high * TWO_POW_32, at + 4);
}

export function batchSizeAt(buf: Buffer, at: number): number {
  return buf.readInt32BE(at + BATCH_LENGTH_AT) + LOG_OVERHEAD;
}
export function baseOffsetAt(buf: Buffer, at: number): number {
  return readInt64(buf, at + BASE_OFFSET_AT);
}
export function lastOffsetAt(buf: Buffer, at: number): number {
  return baseOffsetAt(buf, at) + buf.readInt32BE(at + LAST_OFFSET_DELTA_AT);
}
export function maxTimestampAt(buf: Buffer, at: number): number {
  return readInt64(buf, at + MAX_TIMESTAMP_AT);
}
export function partitionLeaderEpochAt(buf: Buffer, at: number): number {
  return buf.readInt32BE(at + PARTITION_LEADER_EPOCH_AT);
}
export function magicAt(buf: Buffer, at: number): number {
  return buf.readInt8(at + MAGIC_AT);
}

/** CRC-32C covers attributes through the end of the batch, not offset, length, epoch or magic. */
export function isBatchCrcValid(buf: Buffer, at: number, size: number): boolean {
  return crc32c(buf, at + ATTRIBUTES_AT, at + size) === buf.readUInt32BE(at + CRC_AT);
}

/** Overwrites the fields the broker owns. Neither is covered by the CRC, so no rehash. */
export function assignBatchOffsets(buf: Buffer, at: number, baseOffset: number, leaderEpoch: number): void {
  writeInt64(buf, at + BASE_OFFSET_AT, baseOffset);
  buf.writeInt32BE(leaderEpoch, at + PARTITION_LEADER_EPOCH_AT);
}

/** LogAppendTime: the broker's clock becomes the batch timestamp; these bytes are CRC-covered. */
export function stampLogAppendTime(buf: Buffer, at: number, size: number, timestampMs: number): void {
  const attributes = buf.readInt16BE(at + ATTRIBUTES_AT) | TIMESTAMP_TYPE_LOG_APPEND_BIT;
  buf.writeInt16BE(attributes, at + ATTRIBUTES_AT);
  writeInt64(buf, at + MAX_TIMESTAMP_AT, timestampMs);
  buf.writeUInt32BE(crc32c(buf, at + ATTRIBUTES_AT, at + size), at + CRC_AT);
}

/** Leader append: consecutive offsets from firstOffset, the epoch, and LogAppendTime when >= 0. */
export function assignOffsetsInPlace(buf: Buffer, firstOffset: number, leaderEpoch: number, logAppendTimeMs: number): void {
  let nextOffset = firstOffset;
  forEachBatch(buf, (at, size) => {
    assignBatchOffsets(buf, at, nextOffset, leaderEpoch);
    if (logAppendTimeMs >= 0) stampLogAppendTime(buf, at, size, logAppendTimeMs);
    nextOffset += buf.readInt32BE(at + LAST_OFFSET_DELTA_AT) + 1;
  });
}

/**
 * Visits each batch of an in-memory batch set. Framing is asserted (storage is handed validated
 * batches; a broken frame here is a caller bug and must not reach the file).
 */
export function forEachBatch(buf: Buffer, visit: (at: number, size: number) => void): void {
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < BATCH_HEADER_BYTES) {
      throw new StorageError('CORRUPT_MESSAGE', `batch set has ${buf.length - at} trailing bytes, less than a header`);
    }
    const size = batchSizeAt(buf, at);
    if (size < BATCH_HEADER_BYTES || at + size > buf.length) {
      throw new StorageError('CORRUPT_MESSAGE', `batch at byte ${at} declares ${size} bytes, set has ${buf.length}`);
    }
    if (magicAt(buf, at) !== 2) {
      throw new StorageError('CORRUPT_MESSAGE', `batch at byte ${at} has magic ${magicAt(buf, at)}, expected 2`);
    }
    visit(at, size);
    at += size;
  }
}

export interface BatchSetSummary {
  /** -1 for an empty set. */
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  offsetOfMaxTimestamp: number;
  recordCount: number;
  /** (epoch, base offset) wherever partitionLeaderEpoch changes within the set. */
  epochStarts: Array<{ epoch: number; startOffset: number }>;
}

/** Header-level facts about a batch set; offsets must increase across batches. */
export function summarizeBatchSet(buf: Buffer, verifyCrc: boolean): BatchSetSummary {
  const summary: BatchSetSummary = {
    firstOffset: -1, lastOffset: -1, maxTimestamp: NO_TIMESTAMP, offsetOfMaxTimestamp: -1, recordCount: 0, epochStarts: [],
  };
  let previousEpoch: number | undefined;
  forEachBatch(buf, (at, size) => {
    const baseOffset = baseOffsetAt(buf, at);
    const lastOffset = lastOffsetAt(buf, at);
    if (verifyCrc && !isBatchCrcValid(buf, at, size)) {
      throw new StorageError('CORRUPT_MESSAGE', `batch at offset ${baseOffset} fails its CRC check`);
    }
    if (lastOffset < baseOffset || (summary.firstOffset >= 0 && baseOffset <= summary.lastOffset)) {
      throw new StorageError('UNKNOWN_SERVER_ERROR', `batch offsets ${baseOffset}..${lastOffset} out of order`);
    }
    if (summary.firstOffset < 0) summary.firstOffset = baseOffset;
    summary.lastOffset = lastOffset;
    summary.recordCount += buf.readInt32BE(at + RECORD_COUNT_AT);
    const batchMaxTimestamp = maxTimestampAt(buf, at);
    if (batchMaxTimestamp > summary.maxTimestamp || summary.offsetOfMaxTimestamp < 0) {
      summary.maxTimestamp = Math.max(batchMaxTimestamp, summary.maxTimestamp);
      summary.offsetOfMaxTimestamp = lastOffset;
    }
    const epoch = partitionLeaderEpochAt(buf, at);
    if (epoch !== previousEpoch) summary.epochStarts.push({ epoch, startOffset: baseOffset });
    previousEpoch = epoch;
  });
  return summary;
}

/** Length of the longest prefix of buf[0, length) made only of whole batches. */
export function wholeBatchesLength(buf: Buffer, length: number): number {
  let at = 0;
  while (length - at >= LOG_OVERHEAD) {
    const size = batchSizeAt(buf, at);
    if (size < BATCH_HEADER_BYTES || at + size > length) break;
    at += size;
  }
  return at;
}

export interface ScannedBatch {
  /** Byte position of the batch in the file. */
  position: number;
  size: number;
  /** Holds the header (or, when scanning whole batches, the whole batch) starting at `at`. */
  bytes: Buffer;
  at: number;
}

/**
 * Walks the batches of a .log file through a read window, so a scan costs one read per window
 * instead of one per batch. A returned batch's bytes are valid until the next call.
 */
export class BatchFileScanner {
  private window: Buffer;
  private windowStart = 0;
  private windowLength = 0;
  private position: number;

  constructor(
    private readonly fd: number,
    start: number,
    private readonly end: number,
    windowBytes = 64 * 1024,
  ) {
    this.position = start;
    this.window = Buffer.allocUnsafe(windowBytes);
  }

  /** The next batch, or null at the end or at a partial trailing batch. Throws on a corrupt size. */
  next(wholeBatch: boolean): ScannedBatch | null {
    const position = this.position;
    if (position + LOG_OVERHEAD > this.end || !this.ensure(position, LOG_OVERHEAD)) return null;
    const size = batchSizeAt(this.window, position - this.windowStart);
    if (size < BATCH_HEADER_BYTES) {
      throw new CorruptStorageError(`batch at position ${position} declares ${size} bytes, below the header size`);
    }
    if (position + size > this.end) return null;
    if (!this.ensure(position, wholeBatch ? size : BATCH_HEADER_BYTES)) return null;
    this.position = position + size;
    return { position, size, bytes: this.window, at: position - this.windowStart };
  }

  private ensure(position: number, length: number): boolean {
    const offsetInWindow = position - this.windowStart;
    if (offsetInWindow >= 0 && offsetInWindow + length <= this.windowLength) return true;
    if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
    const wanted = Math.min(this.window.length, this.end - position);
    this.windowLength = readFully(this.fd, this.window, 0, wanted, position);
    this.windowStart = position;
    return this.windowLength >= length;
  }
}

/**
 * ListOffsets by timestamp only (never on produce/fetch): the first record of an uncompressed
 * CreateTime batch with timestamp >= target and offset >= minOffset. Other batches answer at
 * batch granularity (base offset, max timestamp) since their records are opaque or share one time.
 */
export function findRecordByTimestamp(
  batch: Buffer,
  at: number,
  targetMs: number,
  minOffset: number,
): { offset: number; timestamp: number } | null {
  const baseOffset = baseOffsetAt(batch, at);
  const attributes = batch.readInt16BE(at + ATTRIBUTES_AT);
  const batchAnswer = { offset: Math.max(baseOffset, minOffset), timestamp: maxTimestampAt(batch, at) };
  if ((attributes & (COMPRESSION_MASK | TIMESTAMP_TYPE_LOG_APPEND_BIT)) !== 0) return batchAnswer;
  const baseTimestamp = readInt64(batch, at + BASE_TIMESTAMP_AT);
  const end = at + batchSizeAt(batch, at);
  const cursor = { at: at + BATCH_HEADER_BYTES };
  while (cursor.at < end) {
    const length = readZigZagVarint(batch, cursor);
    const next = cursor.at + length;
    cursor.at += 1; // record attributes
    const timestamp = baseTimestamp + readZigZagVarint(batch, cursor);
    const offset = baseOffset + readZigZagVarint(batch, cursor);
    if (timestamp >= targetMs && offset >= minOffset) return { offset, timestamp };
    cursor.at = next;
  }
  return null;
}

function readZigZagVarint(buf: Buffer, cursor: { at: number }): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = buf[cursor.at++];
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    scale *= 128;
  }
  throw new CorruptStorageError('varint longer than 10 bytes in record');
}
