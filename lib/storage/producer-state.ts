// Idempotent-producer state of one partition log (Kafka 2.8's ProducerStateManager, without
// transactions): per producer id its epoch and the metadata of its last five batches. The leader
// checks a produced batch set against it before appending (fencing, sequence gaps, retried
// batches); followers and log loading only replay batch headers into it, so whichever replica
// becomes leader knows every producer's sequences. It is owned by PartitionLog and is rebuilt
// from the batch headers of the newest two segments on load and after truncation (Samsa writes no
// .snapshot files; Kafka starts from the last two segments too when it has none).
// It reads batch headers only, never records: appends hand it the summary of their one scan.
import fs from 'fs';
import { ErrorCode } from '../protocol/error-codes';
import { KafkaError } from '../protocol/kafka-error';
import { type BatchHeader, readBatchHeader } from '../protocol/batch-header';
import type { BatchSetSummary } from '../protocol/batch-set';
import { BatchFileScanner } from './batch-scan';
import type { AppendInfo } from './log-types';
import type { Segment } from './segment';

export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
/** Kafka keeps this many batches per producer for duplicate detection (max.in.flight is at most 5). */
export const NUM_BATCHES_TO_RETAIN = 5;
const INT32_MAX = 0x7fffffff;
const SCAN_WINDOW_BYTES = 64 * 1024;
/** How many of the newest segments producer state is rebuilt from. */
const REBUILD_SEGMENTS = 2;

export interface ProducerBatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp. */
  timestamp: number;
}

export interface ProducerEntry {
  producerEpoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batches: ProducerBatchMetadata[];
}

/** The header fields producer state needs of one batch. */
export type ProducerBatchHeader = Pick<
  BatchHeader,
  'producerId' | 'producerEpoch' | 'baseSequence' | 'baseOffset' | 'lastOffsetDelta' | 'maxTimestamp' | 'isControl'
>;

/** Sequence of the batch's last record: sequences wrap from INT32_MAX to 0 (DefaultRecordBatch). */
export function lastSequenceOf(baseSequence: number, lastOffsetDelta: number): number {
  if (baseSequence > INT32_MAX - lastOffsetDelta) return lastOffsetDelta - (INT32_MAX - baseSequence) - 1;
  return baseSequence + lastOffsetDelta;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

/** What a batch set under validation has done to one producer so far. */
interface StagedProducer {
  producerEpoch: number;
  lastSeq: number;
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerEntry>();

  get producerCount(): number {
    return this.producers.size;
  }

  /** A copy of what is known of a producer, or undefined. */
  entry(producerId: number): ProducerEntry | undefined {
    const entry = this.producers.get(producerId);
    return entry && { producerEpoch: entry.producerEpoch, batches: entry.batches.map((b) => ({ ...b })) };
  }

  /**
   * Leader check of a produced batch set (offsets not yet assigned), all batches or none: throws
   * a KafkaError (INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID) when
   * a batch may not be appended; returns the metadata of the already-appended batch when the set
   * is a retry (then nothing must be appended and the client gets the original offsets).
   */
  checkLeaderAppend(set: BatchSetSummary): ProducerBatchMetadata | null {
    const staged = new Map<number, StagedProducer>();
    for (const { header } of set.batches) {
      if (header.producerId < 0 || header.isControl) continue;
      const lastSeq = lastSequenceOf(header.baseSequence, header.lastOffsetDelta);
      const current = this.producers.get(header.producerId);
      // Like Kafka, a retry is recognised against what the log holds, not earlier batches of this set.
      const duplicate = findDuplicate(current, header.producerEpoch, header.baseSequence, lastSeq);
      if (duplicate) return duplicate;
      checkSequence(header, current, staged.get(header.producerId));
      staged.set(header.producerId, { producerEpoch: header.producerEpoch, lastSeq });
    }
    return null;
  }

  /** Records appended batches (offsets assigned); leader, follower and recovery alike, unchecked. */
  onAppended(set: BatchSetSummary): void {
    for (const { header } of set.batches) this.observe(header);
  }

  observe(header: ProducerBatchHeader): void {
    if (header.producerId < 0 || header.isControl) return;
    let entry = this.producers.get(header.producerId);
    if (!entry) {
      entry = { producerEpoch: NO_PRODUCER_EPOCH, batches: [] };
      this.producers.set(header.producerId, entry);
    }
    // Any other epoch replaces the history: replicas follow the leader even past a fenced epoch.
    if (header.producerEpoch !== entry.producerEpoch) {
      entry.producerEpoch = header.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({
      firstSeq: header.baseSequence,
      lastSeq: lastSequenceOf(header.baseSequence, header.lastOffsetDelta),
      firstOffset: header.baseOffset,
      lastOffset: header.baseOffset + header.lastOffsetDelta,
      timestamp: header.maxTimestamp,
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Forgets producers whose last batch lies wholly below the log start offset (retention, DeleteRecords). */
  truncateHead(logStartOffset: number): void {
    for (const [producerId, entry] of this.producers) {
      const last = entry.batches[entry.batches.length - 1];
      if (!last || last.lastOffset < logStartOffset) this.producers.delete(producerId);
    }
  }

  /**
   * Forgets producers whose newest batch is older than `expirationMs` (Kafka expires idle producer
   * ids after transactional.id.expiration.ms); returns how many were dropped.
   */
  removeExpired(nowMs: number, expirationMs: number): number {
    let removed = 0;
    for (const [producerId, entry] of this.producers) {
      const last = entry.batches[entry.batches.length - 1];
      if (!last || nowMs - last.timestamp >= expirationMs) {
        this.producers.delete(producerId);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.producers.clear();
  }

  /**
   * Replays from scratch the batch headers of the newest REBUILD_SEGMENTS segments, oldest first.
   * Without snapshot files this is what Kafka does too when it finds none (it starts producer
   * state at the last two segments): scanning a whole log would read every byte at start-up.
   */
  rebuild(segments: readonly Segment[], logStartOffset: number): void {
    this.clear();
    for (const segment of segments.slice(-REBUILD_SEGMENTS)) {
      if (segment.size > 0) this.replaySegment(segment.filePaths()[0], segment.size);
    }
    this.truncateHead(logStartOffset);
  }

  private replaySegment(logPath: string, sizeBytes: number): void {
    const fd = fs.openSync(logPath, 'r');
    try {
      const scanner = new BatchFileScanner(fd, 0, sizeBytes, SCAN_WINDOW_BYTES);
      for (let batch = scanner.next(false); batch !== null; batch = scanner.next(false)) {
        this.observe(readBatchHeader(batch.bytes, batch.at));
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The answer to a retried batch: its original offsets; under LogAppendTime its stored time. */
export function duplicateAppendInfo(
  batch: ProducerBatchMetadata,
  logStartOffset: number,
  logAppendTime: boolean,
): AppendInfo {
  return {
    firstOffset: batch.firstOffset,
    lastOffset: batch.lastOffset,
    logAppendTimeMs: logAppendTime ? batch.timestamp : -1,
    logStartOffset,
    maxTimestamp: batch.timestamp,
    recordCount: 0,
  };
}

function findDuplicate(
  entry: ProducerEntry | undefined,
  epoch: number,
  firstSeq: number,
  lastSeq: number,
): ProducerBatchMetadata | null {
  if (!entry || entry.producerEpoch !== epoch) return null;
  return entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq) ?? null;
}

/**
 * Kafka 2.8's ProducerAppendInfo rules for a client batch. `staged` is what earlier batches of
 * the same set did to this producer; `current` is what the log holds.
 */
function checkSequence(
  header: ProducerBatchHeader,
  current: ProducerEntry | undefined,
  staged: StagedProducer | undefined,
): void {
  const { producerId, producerEpoch: epoch, baseSequence: firstSeq } = header;
  const currentEpoch = current?.producerEpoch ?? NO_PRODUCER_EPOCH;
  const knownEpoch = staged?.producerEpoch ?? currentEpoch;
  if (epoch < knownEpoch) {
    throw new KafkaError(
      ErrorCode.INVALID_PRODUCER_EPOCH,
      `epoch ${epoch} of producer ${producerId} is older than the last seen epoch ${knownEpoch}`,
    );
  }
  if (epoch !== knownEpoch) {
    if (firstSeq === 0) return;
    if (knownEpoch === NO_PRODUCER_EPOCH) {
      throw new KafkaError(
        ErrorCode.UNKNOWN_PRODUCER_ID,
        `no record of producer ${producerId} (first sequence ${firstSeq}); its data may have been removed by retention`,
      );
    }
    throw new KafkaError(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      `new epoch ${epoch} of producer ${producerId} must start at sequence 0, not ${firstSeq}`,
    );
  }
  const lastSeq = staged ? staged.lastSeq : lastSequenceOfEntry(current);
  // With no epoch on record (all its data gone) any sequence is accepted, as in Kafka.
  if (currentEpoch !== NO_PRODUCER_EPOCH && !inSequence(lastSeq, firstSeq)) {
    throw new KafkaError(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      `out of order sequence for producer ${producerId}: ${firstSeq} after ${lastSeq}`,
    );
  }
}

function lastSequenceOfEntry(entry: ProducerEntry | undefined): number {
  const last = entry?.batches[entry.batches.length - 1];
  return last ? last.lastSeq : NO_SEQUENCE;
}
