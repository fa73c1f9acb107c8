// Record batches (magic 2) as opaque bytes: the broker validates produced batches, stamps
// offsets and leader epoch in place, and walks batches during recovery — all without decoding a
// single record. The header layout lives in batch-header.ts; record-level encoding for clients
// and specs in record-codec.ts (both re-exported here).
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import { ProtocolError } from './protocol-error';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_OFFSET,
  BatchHeader,
  computeBatchCrc,
  CRC_OFFSET,
  CURRENT_MAGIC,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  MIN_BATCH_LENGTH,
  PARTITION_LEADER_EPOCH_OFFSET,
  readBatchHeader,
  TIMESTAMP_TYPE_BIT,
} from './batch-header';
import { writeInt64 } from './writer';

export * from './batch-header';
export { decodeRecordBatches, encodeRecordBatch } from './record-codec';
export type { DecodedBatch, DecodedRecord, RecordBatchInput, RecordHeader, RecordInput } from './record-codec';

const MAX_COMPRESSION_CODEC = 4;
const ZSTD_CODEC = 4;

export interface ProducedBatchesSummary {
  batchCount: number;
  recordCount: number;
  maxTimestamp: number;
  /** Sum of lastOffsetDelta + 1: how many offsets the append consumes. */
  shallowOffsetCount: number;
}

export interface ValidateOptions {
  /** zstd needs Produce v7+; pass false for older request versions. Default true. */
  allowZstd?: boolean;
}

/**
 * Checks the record set of one partition of a Produce request (v3+) the way Kafka does, without
 * decoding records. Kafka's codes: INVALID_RECORD for magic 0/1 (ProduceRequest.validateRecords),
 * a non-zero baseOffset, bad counts, control batches or a producer id without sequence
 * (LogValidator); MESSAGE_TOO_LARGE above `maxBatchBytes`; CORRUPT_MESSAGE for bad CRC and for
 * bytes that are not a whole batch (Kafka would silently drop a cut-short tail; clients never
 * send one, so Samsa refuses it).
 */
export function validateProducedBatches(
  buf: Buffer,
  maxBatchBytes: number,
  options: ValidateOptions = {},
): ProducedBatchesSummary {
  if (buf.length === 0) throw new KafkaError(ErrorCode.INVALID_RECORD, 'the record set holds no batch');
  const summary: ProducedBatchesSummary = { batchCount: 0, recordCount: 0, maxTimestamp: -1, shallowOffsetCount: 0 };
  let pos = 0;
  while (pos < buf.length) {
    const size = checkBatchFrame(buf, pos, maxBatchBytes);
    const header = checkBatchContent(buf, pos, options.allowZstd ?? true);
    summary.batchCount++;
    summary.recordCount += header.recordCount;
    summary.shallowOffsetCount += header.lastOffsetDelta + 1;
    if (header.maxTimestamp > summary.maxTimestamp) summary.maxTimestamp = header.maxTimestamp;
    pos += size;
  }
  return summary;
}

/** Sizes, magic and CRC of the batch at `pos`; returns its size in bytes. */
function checkBatchFrame(buf: Buffer, pos: number, maxBatchBytes: number): number {
  const remaining = buf.length - pos;
  if (remaining < MAGIC_OFFSET + 1) corrupt(`${remaining} trailing bytes at ${pos} are not a record batch`);
  const batchLength = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  const magic = buf.readInt8(pos + MAGIC_OFFSET);
  if (magic < 0 || magic > CURRENT_MAGIC) corrupt(`invalid magic ${magic} at ${pos}`);
  if (magic !== CURRENT_MAGIC) invalid(`produce requests v3+ may only carry magic 2 batches, got magic ${magic}`);
  if (batchLength < MIN_BATCH_LENGTH) corrupt(`batch length ${batchLength} at ${pos} is below ${MIN_BATCH_LENGTH}`);
  const size = batchLength + LOG_OVERHEAD;
  if (size > remaining) corrupt(`batch of ${size} bytes at ${pos} is cut short at ${remaining} bytes`);
  if (buf.readInt32BE(pos) !== 0 || buf.readInt32BE(pos + 4) !== 0) {
    invalid(`the baseOffset of a produced batch must be 0`);
  }
  if (size > maxBatchBytes) {
    throw new KafkaError(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${size} bytes exceeds the maximum of ${maxBatchBytes}`);
  }
  const stored = buf.readUInt32BE(pos + CRC_OFFSET);
  const computed = computeBatchCrc(buf, pos, size);
  if (stored !== computed) corrupt(`batch at ${pos} is corrupt (stored crc ${stored}, computed ${computed})`);
  return size;
}

/** Header fields a producer must get right (the CRC already vouched for the bytes). */
function checkBatchContent(buf: Buffer, pos: number, allowZstd: boolean): BatchHeader {
  let header: BatchHeader;
  try {
    header = readBatchHeader(buf, pos);
  } catch (error) {
    if (error instanceof ProtocolError) corrupt(`batch at ${pos}: ${error.message}`);
    throw error;
  }
  if (header.compression > MAX_COMPRESSION_CODEC) corrupt(`unknown compression codec ${header.compression}`);
  if (header.compression === ZSTD_CODEC && !allowZstd) {
    throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs produce request version 7 or later');
  }
  if (header.recordCount < 1) invalid(`invalid record count ${header.recordCount}`);
  if (header.lastOffsetDelta + 1 !== header.recordCount) {
    invalid(`lastOffsetDelta ${header.lastOffsetDelta} disagrees with record count ${header.recordCount}`);
  }
  if (header.isControl) invalid('clients may not write control batches');
  if (header.producerId >= 0 && header.baseSequence < 0) {
    invalid(`producer id ${header.producerId} without a base sequence`);
  }
  return header;
}

/**
 * Stamps offsets and the leader epoch into validated batches in place, starting at
 * `firstOffset`; returns the offset after the last batch. Neither field is under the CRC.
 */
export function assignOffsets(buf: Buffer, firstOffset: number, leaderEpoch: number): number {
  let next = firstOffset;
  let pos = 0;
  while (pos + BATCH_HEADER_BYTES <= buf.length) {
    writeInt64(buf, pos + BASE_OFFSET_OFFSET, next);
    buf.writeInt32BE(leaderEpoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
    next += buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET) + 1;
    pos += buf.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
  }
  return next;
}

/**
 * For topics with message.timestamp.type=LogAppendTime: sets maxTimestamp and the timestamp
 * type bit of every batch, which are under the CRC, so the CRC is recomputed.
 */
export function setLogAppendTime(buf: Buffer, timestampMs: number): void {
  let pos = 0;
  while (pos + BATCH_HEADER_BYTES <= buf.length) {
    const size = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
    const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
    buf.writeInt16BE(attributes | TIMESTAMP_TYPE_BIT, pos + ATTRIBUTES_OFFSET);
    writeInt64(buf, pos + MAX_TIMESTAMP_OFFSET, timestampMs);
    buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + CRC_OFFSET);
    pos += size;
  }
}

function corrupt(message: string): never {
  throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}

function invalid(message: string): never {
  throw new KafkaError(ErrorCode.INVALID_RECORD, message);
}
