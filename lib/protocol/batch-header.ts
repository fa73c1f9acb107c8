// The fixed 61-byte header of a magic-2 record batch: its layout, a reader for it, and a walk
// over the batches of a buffer that stops cleanly where valid bytes end.
import { crc32c } from '../util/crc32c';
import { ProtocolError } from './protocol-error';
import { readInt64 } from './reader';

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

/** The CRC a batch at `pos` of `size` bytes should carry: attributes to the end. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf, pos + ATTRIBUTES_OFFSET, pos + size);
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
    const remaining = end - pos;
    if (remaining < MAGIC_OFFSET + 1) return { validBytesEnd: pos, stop: 'partial' };
    const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
    if (batchLength < MIN_BATCH_LENGTH || buf.readInt8(pos + MAGIC_OFFSET) !== CURRENT_MAGIC) {
      return { validBytesEnd: pos, stop: 'corrupt' };
    }
    const size = batchLength + LOG_OVERHEAD;
    if (size > remaining) return { validBytesEnd: pos, stop: 'partial' };
    if (options.verifyCrc && buf.readUInt32BE(pos + CRC_OFFSET) !== computeBatchCrc(buf, pos, size)) {
      return { validBytesEnd: pos, stop: 'corrupt' };
    }
    let header: BatchHeader;
    try {
      header = readBatchHeader(buf, pos);
    } catch {
      return { validBytesEnd: pos, stop: 'corrupt' };
    }
    yield { position: pos, nextPosition: pos + size, header };
    pos += size;
  }
  return { validBytesEnd: pos, stop: 'end' };
}
