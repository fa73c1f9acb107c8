// Record batches (magic 2) as opaque bytes: the broker's produce validation (Kafka's
// LogValidator rules) over the one scan of batch-set.ts, without decoding a single record. The
// header layout and its in-place writes live in batch-header.ts, the scan and offset assignment
// in batch-set.ts, record-level encoding for clients and specs in record-codec.ts (all
// re-exported here).
import { ErrorCode } from './error-codes';
import { KafkaError } from './kafka-error';
import type { FrameStop } from './batch-header';
import { type BatchInfo, type BatchSetSummary, scanBatchSet } from './batch-set';

export * from './batch-header';
export * from './batch-set';
export { decodeRecordBatches, encodeRecordBatch } from './record-codec';
export type { DecodedBatch, DecodedRecord, RecordBatchInput, RecordHeader, RecordInput } from './record-codec';

const MAX_COMPRESSION_CODEC = 4;
const ZSTD_CODEC = 4;
const LEGACY_MAGICS: readonly number[] = [0, 1];

export interface ValidateOptions {
  /** zstd needs Produce v7+; pass false for older request versions. Default true. */
  allowZstd?: boolean;
}

/**
 * Checks the record set of one partition of a Produce request (v3+) the way Kafka does, without
 * decoding records, and returns the scan's summary for the append to consume. Kafka's codes:
 * INVALID_RECORD for magic 0/1 (ProduceRequest.validateRecords), a non-zero baseOffset, bad
 * counts, control batches or a producer id without sequence (LogValidator); MESSAGE_TOO_LARGE
 * above `maxBatchBytes`; CORRUPT_MESSAGE for bad CRC and for bytes that are not a whole batch
 * (Kafka would silently drop a cut-short tail; clients never send one, so Samsa refuses it).
 * Batches are judged in order, so the first bad one names the error; any refuses the whole set.
 */
export function validateProducedBatches(
  buf: Buffer,
  maxBatchBytes: number,
  options: ValidateOptions = {},
): BatchSetSummary {
  if (buf.length === 0) invalid('the record set holds no batch');
  const allowZstd = options.allowZstd ?? true;
  const set = scanBatchSet(buf, (batch) => {
    checkBatchFrame(batch, maxBatchBytes);
    checkBatchContent(batch, allowZstd);
  });
  if (set.stop) refuseFrame(set.stop);
  return set;
}

/** The broker's fields, the size and the CRC of a whole batch. */
function checkBatchFrame({ position, size, header, crcValid }: BatchInfo, maxBatchBytes: number): void {
  if (header.baseOffset !== 0) invalid(`the baseOffset of a produced batch must be 0`);
  if (size > maxBatchBytes) {
    throw new KafkaError(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${size} bytes exceeds the maximum of ${maxBatchBytes}`);
  }
  if (!crcValid) corrupt(`batch at ${position} is corrupt (stored crc ${header.crc} does not match its bytes)`);
}

/** Header fields a producer must get right (the CRC already vouched for the bytes). */
function checkBatchContent({ header }: BatchInfo, allowZstd: boolean): void {
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
}

function refuseFrame(stop: FrameStop): never {
  if (stop.magic !== undefined && LEGACY_MAGICS.includes(stop.magic)) {
    invalid(`produce requests v3+ may only carry magic 2 batches, got magic ${stop.magic}`);
  }
  corrupt(stop.message);
}

function corrupt(message: string): never {
  throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}

function invalid(message: string): never {
  throw new KafkaError(ErrorCode.INVALID_RECORD, message);
}
