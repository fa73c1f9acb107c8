// Storage's rules over batches: what a follower's batch set must satisfy, where its leader
// epochs start, a walk over the batches of a .log file through a read window, and the one
// record-level lookup storage does (ListOffsets by timestamp). The header layout and every header
// read or write are lib/protocol/batch-header's, the scan of a batch set lib/protocol/batch-set's;
// storage never decodes records on the append or fetch path.
import {
  BATCH_HEADER_BYTES,
  type BatchHeader,
  batchSizeAt,
  LOG_OVERHEAD,
  readBatchHeader,
  TimestampType,
} from '../protocol/batch-header';
import { ProtocolError } from '../protocol/protocol-error';
import { Reader } from '../protocol/reader';
import type { BatchSetSummary } from '../protocol/batch-set';
import { readFully } from './file-io';
import { CorruptStorageError, StorageError } from './storage-error';

/** A follower keeps the leader's bytes: each batch must pass its CRC and offsets must increase. */
export function checkFollowerBatches(set: BatchSetSummary): void {
  let previousLastOffset = -1;
  for (const { header, crcValid } of set.batches) {
    if (!crcValid)
      throw new StorageError('CORRUPT_MESSAGE', `batch at offset ${header.baseOffset} fails its CRC check`);
    const lastOffset = header.baseOffset + header.lastOffsetDelta;
    if (lastOffset < header.baseOffset || header.baseOffset <= previousLastOffset) {
      throw new StorageError('UNKNOWN_SERVER_ERROR', `batch offsets ${header.baseOffset}..${lastOffset} out of order`);
    }
    previousLastOffset = lastOffset;
  }
}

/** (epoch, base offset) wherever partitionLeaderEpoch changes within the set: the leader-epoch cache's input. */
export function epochStarts(set: BatchSetSummary): Array<{ epoch: number; startOffset: number }> {
  const starts: Array<{ epoch: number; startOffset: number }> = [];
  for (const { header } of set.batches) {
    if (header.partitionLeaderEpoch !== starts[starts.length - 1]?.epoch) {
      starts.push({ epoch: header.partitionLeaderEpoch, startOffset: header.baseOffset });
    }
  }
  return starts;
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
  const header = readBatchHeader(batch, at);
  const batchAnswer = { offset: Math.max(header.baseOffset, minOffset), timestamp: header.maxTimestamp };
  if (header.compression !== 0 || header.timestampType === TimestampType.LOG_APPEND_TIME) return batchAnswer;
  try {
    return firstRecordAtOrAfter(
      new Reader(batch, at + BATCH_HEADER_BYTES, at + batchSizeAt(batch, at)),
      header,
      targetMs,
      minOffset,
    );
  } catch (error) {
    if (error instanceof ProtocolError)
      throw new CorruptStorageError(`record of batch at offset ${header.baseOffset}: ${error.message}`);
    throw error;
  }
}

/** Reads only each record's length, timestamp delta and offset delta (Kafka's record layout). */
function firstRecordAtOrAfter(
  records: Reader,
  header: BatchHeader,
  targetMs: number,
  minOffset: number,
): { offset: number; timestamp: number } | null {
  while (records.remaining > 0) {
    const length = records.varint();
    const next = records.offset + length;
    records.int8(); // record attributes
    const timestamp = header.baseTimestamp + records.varlong();
    const offset = header.baseOffset + records.varint();
    if (timestamp >= targetMs && offset >= minOffset) return { offset, timestamp };
    records.offset = next;
  }
  return null;
}
