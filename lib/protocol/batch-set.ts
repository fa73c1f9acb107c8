// One scan of a batch set (the records of one partition in a Produce request, or a follower's
// fetched bytes) that everything after it consumes, as Kafka's LogAppendInfo is: produce
// validation, offset assignment, the LogAppendTime stamp, producer state (idempotence), the
// segment's index and time index, and the leader-epoch cache all read the summary instead of
// walking the bytes again. The scan reads each batch's 61-byte header and checks its CRC; it
// never decodes a record. It does not decide: a frame that breaks off is reported in `stop`, a
// bad CRC in `crcValid`, and callers turn them into their own errors.
import {
  type BatchHeader,
  CRC_OFFSET,
  frameBatchAt,
  type FrameStop,
  isBatchCrcValid,
  isFrameStop,
  NO_TIMESTAMP,
  stampLogAppendTime,
  stampOffsetAndEpoch,
  TimestampType,
  TIMESTAMP_TYPE_BIT,
} from './batch-header';

export interface BatchInfo {
  /** Byte position of the batch in the set. */
  position: number;
  size: number;
  /** The header as read, kept in step with the bytes by assignOffsets. */
  header: BatchHeader;
  crcValid: boolean;
}

export interface BatchSetSummary {
  /** Every whole batch from the start of the set, in order. */
  batches: BatchInfo[];
  /** Why the scan ended before the last byte; null when every byte belongs to a whole batch. */
  stop: FrameStop | null;
  recordCount: number;
  /** Sum of lastOffsetDelta + 1: how many offsets an append of the set consumes. */
  offsetCount: number;
  // The offsets below are the headers' (-1 for an empty set): a follower's set carries the
  // leader's; a produced set has them after assignOffsets.
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  /** Last offset of the first batch holding maxTimestamp. */
  offsetOfMaxTimestamp: number;
  /** Some batch carries a producer id: only then has producer state (idempotence) work to do. */
  hasProducerIds: boolean;
}

/**
 * Reads every batch header of `buf` once, with its position, size and CRC validity, adding it to
 * the totals as it goes. `check` judges each batch in order during the same pass (produce
 * validation); what it throws ends the scan.
 */
export function scanBatchSet(buf: Buffer, check?: (batch: BatchInfo) => void): BatchSetSummary {
  const set = emptySummary();
  for (let pos = 0; pos < buf.length;) {
    const framed = frameBatchAt(buf, pos);
    if (isFrameStop(framed)) {
      set.stop = framed;
      break;
    }
    const batch = {
      position: pos,
      size: framed.size,
      header: framed.header,
      crcValid: isBatchCrcValid(buf, pos, framed.size),
    };
    check?.(batch);
    set.batches.push(batch);
    addToTotals(set, framed.header, set.batches.length === 1);
    pos += framed.size;
  }
  return set;
}

/**
 * Leader append: stamps consecutive offsets from `firstOffset` and the leader epoch into every
 * batch in place, and with `logAppendTimeMs` >= 0 the LogAppendTime (re-computing the CRC),
 * bringing the summary's headers and totals in line with the bytes in the same pass.
 */
export function assignOffsets(
  buf: Buffer,
  set: BatchSetSummary,
  firstOffset: number,
  leaderEpoch: number,
  logAppendTimeMs: number,
): void {
  resetTotals(set);
  let nextOffset = firstOffset;
  for (const [i, { position, size, header }] of set.batches.entries()) {
    stampOffsetAndEpoch(buf, position, nextOffset, leaderEpoch);
    header.baseOffset = nextOffset;
    header.partitionLeaderEpoch = leaderEpoch;
    if (logAppendTimeMs >= 0) {
      stampLogAppendTime(buf, position, size, logAppendTimeMs);
      header.attributes |= TIMESTAMP_TYPE_BIT;
      header.timestampType = TimestampType.LOG_APPEND_TIME;
      header.maxTimestamp = logAppendTimeMs;
      header.crc = buf.readUInt32BE(position + CRC_OFFSET);
    }
    addToTotals(set, header, i === 0);
    nextOffset += header.lastOffsetDelta + 1;
  }
  // Under LogAppendTime every batch has the same time; Kafka reports the set's last offset.
  if (logAppendTimeMs >= 0) set.offsetOfMaxTimestamp = set.lastOffset;
}

function emptySummary(): BatchSetSummary {
  const set = { batches: [], stop: null } as unknown as BatchSetSummary;
  resetTotals(set);
  return set;
}

function resetTotals(set: BatchSetSummary): void {
  set.recordCount = 0;
  set.offsetCount = 0;
  set.firstOffset = -1;
  set.lastOffset = -1;
  set.maxTimestamp = NO_TIMESTAMP;
  set.offsetOfMaxTimestamp = -1;
  set.hasProducerIds = false;
}

/** Adds the batch that follows the ones already counted. */
function addToTotals(set: BatchSetSummary, header: BatchHeader, first: boolean): void {
  const lastOffset = header.baseOffset + header.lastOffsetDelta;
  if (first) set.firstOffset = header.baseOffset;
  set.lastOffset = lastOffset;
  set.recordCount += header.recordCount;
  set.offsetCount += header.lastOffsetDelta + 1;
  if (header.maxTimestamp > set.maxTimestamp || set.offsetOfMaxTimestamp < 0) {
    set.maxTimestamp = Math.max(header.maxTimestamp, set.maxTimestamp);
    set.offsetOfMaxTimestamp = lastOffset;
  }
  if (header.producerId >= 0) set.hasProducerIds = true;
}
