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
}

/** Reads every batch header of `buf` once, with its position, size and CRC validity. */
export function scanBatchSet(buf: Buffer): BatchSetSummary {
  const batches: BatchInfo[] = [];
  let stop: FrameStop | null = null;
  for (let pos = 0; pos < buf.length;) {
    const framed = frameBatchAt(buf, pos);
    if (isFrameStop(framed)) {
      stop = framed;
      break;
    }
    batches.push({
      position: pos,
      size: framed.size,
      header: framed.header,
      crcValid: isBatchCrcValid(buf, pos, framed.size),
    });
    pos += framed.size;
  }
  return summarize(batches, stop);
}

/**
 * Leader append: stamps consecutive offsets from `firstOffset` and the leader epoch into every
 * batch in place, and with `logAppendTimeMs` >= 0 the LogAppendTime (re-computing the CRC), then
 * brings the summary's headers and totals in line with the bytes.
 */
export function assignOffsets(
  buf: Buffer,
  set: BatchSetSummary,
  firstOffset: number,
  leaderEpoch: number,
  logAppendTimeMs: number,
): void {
  let nextOffset = firstOffset;
  for (const { position, size, header } of set.batches) {
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
    nextOffset += header.lastOffsetDelta + 1;
  }
  Object.assign(set, summarize(set.batches, set.stop));
  // Under LogAppendTime every batch has the same time; Kafka reports the set's last offset.
  if (logAppendTimeMs >= 0) set.offsetOfMaxTimestamp = set.lastOffset;
}

function summarize(batches: BatchInfo[], stop: FrameStop | null): BatchSetSummary {
  const set: BatchSetSummary = {
    batches,
    stop,
    recordCount: 0,
    offsetCount: 0,
    firstOffset: -1,
    lastOffset: -1,
    maxTimestamp: NO_TIMESTAMP,
    offsetOfMaxTimestamp: -1,
  };
  if (batches.length > 0) set.firstOffset = batches[0].header.baseOffset;
  for (const { header } of batches) {
    const lastOffset = header.baseOffset + header.lastOffsetDelta;
    set.lastOffset = lastOffset;
    set.recordCount += header.recordCount;
    set.offsetCount += header.lastOffsetDelta + 1;
    if (header.maxTimestamp > set.maxTimestamp || set.offsetOfMaxTimestamp < 0) {
      set.maxTimestamp = Math.max(header.maxTimestamp, set.maxTimestamp);
      set.offsetOfMaxTimestamp = lastOffset;
    }
  }
  return set;
}
