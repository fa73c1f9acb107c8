// One log segment: <base>.log (batches exactly as on the wire) with its sparse .index and
// .timeindex, named by the 20-digit base offset. Knows nothing of other segments, the partition
// or replication. I/O is positional and synchronous except the bulk of a cold read (readAsync),
// which goes to the thread pool through the segment's SharedFd; batches are never decoded.
import fs from 'fs';
import type { Clock } from '../util/clock';
import {
  baseOffsetAt,
  CURRENT_MAGIC,
  isBatchCrcValid,
  lastOffsetAt,
  magicAt,
  maxTimestampAt,
  NO_TIMESTAMP,
  wholeBatchesLength,
} from '../protocol/batch-header';
import { ProtocolError } from '../protocol/protocol-error';
import { BatchFileScanner, findRecordByTimestamp } from './batch-scan';
import { fileSize, openReadWrite, readFully, writeFully } from './file-io';
import {
  DELETED_FILE_SUFFIX,
  INDEX_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  segmentFilePath,
  TIME_INDEX_FILE_SUFFIX,
} from './log-files';
import { OffsetIndex } from './offset-index';
import { SegmentClosedError, SharedFd } from './shared-fd';
import { assertStorage, CorruptStorageError } from './storage-error';
import { TimeIndex } from './time-index';

const HEADER_SCAN_WINDOW_BYTES = 8 * 1024;
const RECOVERY_WINDOW_BYTES = 1024 * 1024;
const MAX_RELATIVE_OFFSET = 0x7fffffff;

export interface SegmentOptions {
  dir: string;
  baseOffset: number;
  indexIntervalBytes: number;
  maxIndexBytes: number;
  rollJitterMs: number;
  clock: Clock;
}

export interface RollParams {
  maxSegmentBytes: number;
  maxSegmentMs: number;
  messagesBytes: number;
  maxTimestampInMessages: number;
  maxOffsetInMessages: number;
  nowMs: number;
}

/** Where a batch sits in the .log file. */
export interface BatchPosition {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
}

export interface SegmentReadResult {
  records: Buffer;
  firstBatchOffset: number | undefined;
}

/** Where a read's bytes lie: [position, position + bytes) of the .log, from the batch at firstBatchOffset. */
export interface ReadPlan {
  position: number;
  bytes: number;
  firstBatchOffset: number;
}

const EMPTY = Buffer.alloc(0);

export class Segment {
  readonly baseOffset: number;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  private logPath: string;
  private file: SharedFd | null = null;
  /** Bumped by every truncation: an asynchronous read that spans one is retried, never trusted. */
  private truncations = 0;
  private sizeBytes: number;
  private bytesSinceLastIndexEntry = 0;
  private maxTimestampKnown = false;
  private maxTimestampSoFar = NO_TIMESTAMP;
  private offsetOfMaxTimestampSoFar: number;
  private rollingBasedTimestamp: number | null = null;
  private createdMs: number;

  /** A brand-new segment; stale files left at this base offset are removed first. */
  static create(options: SegmentOptions): Segment {
    for (const suffix of [LOG_FILE_SUFFIX, INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      fs.rmSync(segmentFilePath(options.dir, options.baseOffset, suffix), { force: true });
    }
    fs.closeSync(openReadWrite(segmentFilePath(options.dir, options.baseOffset, LOG_FILE_SUFFIX)));
    return new Segment(options);
  }

  /** A segment whose .log already exists (indexes may be missing; see isIndexSane). */
  static open(options: SegmentOptions): Segment {
    return new Segment(options);
  }

  private constructor(private readonly options: SegmentOptions) {
    this.baseOffset = options.baseOffset;
    this.logPath = segmentFilePath(options.dir, options.baseOffset, LOG_FILE_SUFFIX);
    this.sizeBytes = Math.max(0, fileSize(this.logPath));
    this.offsetIndex = new OffsetIndex(
      segmentFilePath(options.dir, options.baseOffset, INDEX_FILE_SUFFIX),
      options.baseOffset,
      options.maxIndexBytes,
    );
    this.timeIndex = new TimeIndex(
      segmentFilePath(options.dir, options.baseOffset, TIME_INDEX_FILE_SUFFIX),
      options.baseOffset,
      options.maxIndexBytes,
    );
    this.offsetOfMaxTimestampSoFar = options.baseOffset;
    this.createdMs = options.clock.nowMs();
  }

  get size(): number {
    return this.sizeBytes;
  }

  /** False when an index is missing or torn: the segment must then be recovered. */
  isIndexSane(): boolean {
    return this.offsetIndex.isSane() && this.timeIndex.isSane();
  }

  /** Makes this the active segment: indexes preallocated to their maximum size. */
  openForAppend(maxIndexBytes: number): void {
    this.offsetIndex.openForAppend(maxIndexBytes);
    this.timeIndex.openForAppend(maxIndexBytes);
  }

  canConvertToRelativeOffset(offset: number): boolean {
    const relative = offset - this.baseOffset;
    return relative >= 0 && relative <= MAX_RELATIVE_OFFSET;
  }

  /**
   * Appends a validated batch set whose offsets are already assigned. An index entry keyed by the
   * set's last offset is added at the set's start once more than index.interval.bytes were written
   * since the previous entry.
   */
  append(largestOffset: number, largestTimestamp: number, offsetOfLargestTimestamp: number, records: Buffer): void {
    if (records.length === 0) return;
    assertStorage(
      this.canConvertToRelativeOffset(largestOffset),
      `offset ${largestOffset} outside segment ${this.baseOffset}`,
    );
    const position = this.sizeBytes;
    try {
      this.appendAt(position, largestOffset, largestTimestamp, offsetOfLargestTimestamp, records);
    } catch (err) {
      this.rollBackTo(position);
      throw err;
    }
  }

  private appendAt(
    position: number,
    largestOffset: number,
    largestTimestamp: number,
    offsetOfLargestTimestamp: number,
    records: Buffer,
  ): void {
    if (position === 0) this.rollingBasedTimestamp = largestTimestamp;
    writeFully(this.logFd(), records, position);
    this.sizeBytes += records.length;
    this.ensureMaxTimestamp();
    if (largestTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = largestTimestamp;
      this.offsetOfMaxTimestampSoFar = offsetOfLargestTimestamp;
    }
    if (this.bytesSinceLastIndexEntry > this.options.indexIntervalBytes) {
      this.offsetIndex.append(largestOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += records.length;
  }

  /** The first batch at or after startingPosition whose last offset is >= offset, or null. */
  translateOffset(offset: number, startingPosition = 0): BatchPosition | null {
    const start = Math.max(this.offsetIndex.lookup(offset).position, startingPosition);
    const scanner = new BatchFileScanner(this.logFd(), start, this.sizeBytes, HEADER_SCAN_WINDOW_BYTES);
    for (let batch = scanner.next(false); batch !== null; batch = scanner.next(false)) {
      const lastOffset = lastOffsetAt(batch.bytes, batch.at);
      if (lastOffset >= offset) {
        return {
          position: batch.position,
          size: batch.size,
          baseOffset: baseOffsetAt(batch.bytes, batch.at),
          lastOffset,
        };
      }
    }
    return null;
  }

  /**
   * Whole batches from the one containing startOffset, straight from the file, at most maxBytes
   * (or the whole first batch when minOneMessage) and never past maxPosition. Null when the
   * segment holds nothing at or after startOffset.
   */
  read(
    startOffset: number,
    maxBytes: number,
    maxPosition = this.sizeBytes,
    minOneMessage = false,
  ): SegmentReadResult | null {
    const plan = this.planRead(startOffset, maxBytes, maxPosition, minOneMessage);
    return plan === null ? null : this.readPlanned(plan);
  }

  /** read()'s first half: the batch positions only (the offset index and a few headers). */
  planRead(startOffset: number, maxBytes: number, maxPosition: number, minOneMessage: boolean): ReadPlan | null {
    const first = this.translateOffset(startOffset);
    if (first === null) return null;
    const wantedBytes = minOneMessage ? Math.max(maxBytes, first.size) : maxBytes;
    const bytes = Math.max(0, Math.min(Math.min(maxPosition, this.sizeBytes) - first.position, wantedBytes));
    return { position: first.position, bytes, firstBatchOffset: first.baseOffset };
  }

  /** read()'s second half on the event loop: for bytes the page cache surely holds. */
  readPlanned(plan: ReadPlan): SegmentReadResult {
    if (plan.bytes === 0) return { records: EMPTY, firstBatchOffset: undefined };
    const buf = Buffer.allocUnsafe(plan.bytes);
    return wholeBatches(buf, readFully(this.logFd(), buf, 0, plan.bytes, plan.position), plan);
  }

  /**
   * read()'s second half off the event loop. Rejects with SegmentClosedError when the segment is
   * closed (deleted) before the read starts or truncated while it runs; the caller plans again.
   */
  async readPlannedAsync(plan: ReadPlan): Promise<SegmentReadResult> {
    if (plan.bytes === 0) return { records: EMPTY, firstBatchOffset: undefined };
    const file = this.sharedFile();
    const truncationsAtStart = this.truncations;
    const buf = Buffer.allocUnsafe(plan.bytes);
    const readBytes = await file.readFully(buf, plan.bytes, plan.position);
    if (this.truncations !== truncationsAtStart) {
      throw new SegmentClosedError(`segment ${this.baseOffset} was truncated during a read`);
    }
    return wholeBatches(buf, readBytes, plan);
  }

  /** Offset after the last batch: the segment's log end offset. */
  readNextOffset(): number {
    const entries = this.offsetIndex.entries;
    const start = entries === 0 ? 0 : this.offsetIndex.entry(entries - 1).position;
    const scanner = new BatchFileScanner(this.logFd(), start, this.sizeBytes, HEADER_SCAN_WINDOW_BYTES);
    let nextOffset = this.baseOffset;
    for (let batch = scanner.next(false); batch !== null; batch = scanner.next(false)) {
      nextOffset = lastOffsetAt(batch.bytes, batch.at) + 1;
    }
    return nextOffset;
  }

  /**
   * Rebuilds the indexes from the .log, checking every batch's CRC; the file is cut at the first
   * invalid or partial batch. Returns the number of bytes truncated. onBatch sees each valid batch
   * (the partition rebuilds its leader-epoch cache from it).
   */
  recover(onBatch?: (bytes: Buffer, at: number) => void): number {
    this.resetIndexesAndTimestamps();
    let validBytes = this.rebuildIndexes(onBatch);
    // Offsets going backwards mean the segment cannot be trusted at all: it becomes empty.
    if (validBytes < 0) {
      this.resetIndexesAndTimestamps();
      validBytes = 0;
    }
    const truncatedBytes = this.sizeBytes - validBytes;
    if (truncatedBytes > 0) this.truncateFile(validBytes);
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.trimToValidSize();
    this.timeIndex.trimToValidSize();
    this.rollingBasedTimestamp = null;
    return truncatedBytes;
  }

  /** Removes every batch from the one containing offset onwards; returns bytes removed. */
  truncateTo(offset: number): number {
    const mapping = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.bytesSinceLastIndexEntry = 0;
    this.maxTimestampKnown = false;
    if (mapping === null) return 0;
    const truncatedBytes = this.sizeBytes - mapping.position;
    this.truncateFile(mapping.position);
    if (this.sizeBytes === 0) {
      this.createdMs = this.options.clock.nowMs();
      this.rollingBasedTimestamp = null;
    }
    return truncatedBytes;
  }

  shouldRoll(params: RollParams): boolean {
    const reachedRollMs =
      this.timeWaitedForRoll(params.nowMs, params.maxTimestampInMessages) >
      params.maxSegmentMs - this.options.rollJitterMs;
    return (
      this.sizeBytes > params.maxSegmentBytes - params.messagesBytes ||
      (this.sizeBytes > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull() ||
      !this.canConvertToRelativeOffset(params.maxOffsetInMessages)
    );
  }

  /** The segment stops being active: final time-index entry, indexes trimmed to their entries. */
  onBecomeInactive(): void {
    this.ensureMaxTimestamp();
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.trimToValidSize();
    this.timeIndex.trimToValidSize();
  }

  /** Largest record timestamp in the segment, or NO_TIMESTAMP if none carries one. */
  maxTimestamp(): number {
    this.ensureMaxTimestamp();
    return this.maxTimestampSoFar;
  }

  /** What retention compares against: the largest timestamp, else the file's modification time. */
  largestTimestamp(): number {
    const maxTimestamp = this.maxTimestamp();
    return maxTimestamp >= 0 ? maxTimestamp : fs.statSync(this.logPath).mtimeMs;
  }

  /** First record (offset >= startingOffset) whose timestamp is >= targetMs, or null. */
  findOffsetByTimestamp(targetMs: number, startingOffset: number): { offset: number; timestamp: number } | null {
    const entry = this.timeIndex.lookup(targetMs);
    const start = this.offsetIndex.lookup(Math.max(entry.offset, startingOffset)).position;
    const scanner = new BatchFileScanner(this.logFd(), start, this.sizeBytes, HEADER_SCAN_WINDOW_BYTES);
    for (let batch = scanner.next(true); batch !== null; batch = scanner.next(true)) {
      const { bytes, at } = batch;
      if (maxTimestampAt(bytes, at) < targetMs || lastOffsetAt(bytes, at) < startingOffset) continue;
      const found = findRecordByTimestamp(bytes, at, targetMs, startingOffset);
      if (found !== null) return found;
    }
    return null;
  }

  flush(): void {
    if (this.file !== null) fs.fsyncSync(this.file.fd);
    this.offsetIndex.flush();
    this.timeIndex.flush();
  }

  filePaths(): string[] {
    return [this.logPath, this.offsetIndex.path, this.timeIndex.path];
  }

  close(): void {
    if (this.maxTimestampKnown) {
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    }
    this.offsetIndex.close();
    this.timeIndex.close();
    this.closeLog();
  }

  /** Releases the descriptors without writing (the log dir is offline). */
  closeHandles(): void {
    this.offsetIndex.closeHandle();
    this.timeIndex.closeHandle();
    this.closeLog();
  }

  /** Closes the files and renames them with .deleted; returns the new paths for later removal. */
  renameForDeletion(): string[] {
    this.offsetIndex.close();
    this.timeIndex.close();
    this.closeLog();
    const renamed: string[] = [];
    for (const index of [this.offsetIndex, this.timeIndex]) {
      if (fileSize(index.path) < 0) continue;
      index.renameTo(index.path + DELETED_FILE_SUFFIX);
      renamed.push(index.path);
    }
    fs.renameSync(this.logPath, this.logPath + DELETED_FILE_SUFFIX);
    this.logPath += DELETED_FILE_SUFFIX;
    renamed.push(this.logPath);
    return renamed;
  }

  deleteFiles(): void {
    this.closeLog();
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    fs.rmSync(this.logPath, { force: true });
  }

  /** Bytes of valid batches from the start, or -1 when offsets go backwards. */
  private rebuildIndexes(onBatch?: (bytes: Buffer, at: number) => void): number {
    const scanner = new BatchFileScanner(this.logFd(), 0, this.sizeBytes, RECOVERY_WINDOW_BYTES);
    let validBytes = 0;
    let lastIndexEntryBytes = 0;
    let previousLastOffset = this.baseOffset - 1;
    try {
      for (let batch = scanner.next(true); batch !== null; batch = scanner.next(true)) {
        const { bytes, at, size } = batch;
        if (magicAt(bytes, at) !== CURRENT_MAGIC || !isBatchCrcValid(bytes, at, size)) break;
        const firstOffset = baseOffsetAt(bytes, at);
        const lastOffset = lastOffsetAt(bytes, at);
        if (firstOffset <= previousLastOffset || lastOffset < firstOffset) return -1;
        if (!this.canConvertToRelativeOffset(lastOffset)) break;
        previousLastOffset = lastOffset;
        const batchMaxTimestamp = maxTimestampAt(bytes, at);
        if (batchMaxTimestamp > this.maxTimestampSoFar) {
          this.maxTimestampSoFar = batchMaxTimestamp;
          this.offsetOfMaxTimestampSoFar = lastOffset;
        }
        if (validBytes - lastIndexEntryBytes > this.options.indexIntervalBytes && !this.offsetIndex.isFull()) {
          this.offsetIndex.append(lastOffset, validBytes);
          if (!this.timeIndex.isFull())
            this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
          lastIndexEntryBytes = validBytes;
        }
        validBytes += size;
        onBatch?.(bytes, at);
      }
    } catch (err) {
      // A base offset outside the safe integer range (bytes the CRC does not cover) ends the valid part too.
      if (!(err instanceof CorruptStorageError || err instanceof ProtocolError)) throw err;
    }
    this.bytesSinceLastIndexEntry = validBytes - lastIndexEntryBytes;
    return validBytes;
  }

  private resetIndexesAndTimestamps(): void {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestampSoFar = NO_TIMESTAMP;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    this.maxTimestampKnown = true;
    this.bytesSinceLastIndexEntry = 0;
  }

  private timeWaitedForRoll(nowMs: number, messageTimestamp: number): number {
    const first = this.firstBatchTimestamp();
    return first !== null && first >= 0 ? messageTimestamp - first : nowMs - this.createdMs;
  }

  private firstBatchTimestamp(): number | null {
    if (this.rollingBasedTimestamp === null && this.sizeBytes > 0) {
      const batch = new BatchFileScanner(this.logFd(), 0, this.sizeBytes, HEADER_SCAN_WINDOW_BYTES).next(false);
      if (batch !== null) this.rollingBasedTimestamp = maxTimestampAt(batch.bytes, batch.at);
    }
    return this.rollingBasedTimestamp;
  }

  /** The largest timestamp is recovered lazily: last time-index entry, then the batches after it. */
  private ensureMaxTimestamp(): void {
    if (this.maxTimestampKnown) return;
    const last = this.timeIndex.lastEntry();
    let maxTimestamp = last.timestamp;
    let offsetOfMax = last.offset;
    const start = this.offsetIndex.lookup(last.offset).position;
    const scanner = new BatchFileScanner(this.logFd(), start, this.sizeBytes, HEADER_SCAN_WINDOW_BYTES);
    for (let batch = scanner.next(false); batch !== null; batch = scanner.next(false)) {
      const batchMax = maxTimestampAt(batch.bytes, batch.at);
      if (batchMax > maxTimestamp) {
        maxTimestamp = batchMax;
        offsetOfMax = lastOffsetAt(batch.bytes, batch.at);
      }
    }
    this.maxTimestampSoFar = maxTimestamp;
    this.offsetOfMaxTimestampSoFar = offsetOfMax;
    this.maxTimestampKnown = true;
  }

  /**
   * A failed append (disk full: a short write, then ENOSPC) must not leave part of a batch that
   * a later read or recovery would take for a torn or corrupt one: the file goes back to its
   * size before the append. If even that fails, the caller takes the log dir offline and
   * recovery cuts the partial tail at the next start.
   */
  private rollBackTo(position: number): void {
    this.sizeBytes = position;
    try {
      fs.ftruncateSync(this.logFd(), position);
    } catch {
      // Reported by the append's own error; nothing here may mask it.
    }
  }

  private truncateFile(size: number): void {
    this.truncations++;
    fs.ftruncateSync(this.logFd(), size);
    this.sizeBytes = size;
  }

  private logFd(): number {
    return this.sharedFile().fd;
  }

  private sharedFile(): SharedFd {
    if (this.file === null) this.file = new SharedFd(openReadWrite(this.logPath), this.logPath);
    return this.file;
  }

  private closeLog(): void {
    this.file?.close();
    this.file = null;
  }
}

function wholeBatches(buf: Buffer, readBytes: number, plan: ReadPlan): SegmentReadResult {
  const wholeBytes = wholeBatchesLength(buf, readBytes);
  return { records: buf.subarray(0, wholeBytes), firstBatchOffset: wholeBytes > 0 ? plan.firstBatchOffset : undefined };
}
