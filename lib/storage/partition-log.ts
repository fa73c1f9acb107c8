// One partition's log: the ordered segments of <log.dir>/<topic>-<partition>, its offsets (log
// start, log end, high watermark, recovery point) and its leader-epoch history. Appends assign
// offsets by rewriting batch headers in place; reads return file bytes unchanged. It knows nothing
// of replication: the high watermark is set by its caller, and it never talks to other brokers.
import fs from 'fs';
import path from 'path';
import { systemClock, type Clock } from '../util/clock';
import { silentLogger, type Logger } from '../util/logger';
import { assignOffsets, type BatchSetSummary, scanBatchSet } from '../protocol/batch-set';
import { checkFollowerBatches, epochStarts } from './batch-scan';
import { BackgroundFlusher } from './background-flush';
import { FileDeleter } from './file-deleter';
import { fsyncDirectory, removePath } from './file-io';
import { isIoError, LogDirFailureChannel } from './log-dir-failure-channel';
import { LeaderEpochCache, type EpochEndOffset } from './leader-epoch-cache';
import type { LogConfig } from './log-config';
import { LEADER_EPOCH_CHECKPOINT_FILE, parsePartitionDirName } from './log-files';
import { loadLog } from './log-loader';
import type { AppendInfo, PartitionLogOptions, ReadOptions, ReadResult } from './log-types';
import { planRetention } from './log-retention';
import { duplicateAppendInfo, ProducerStateManager, type ProducerEntry } from './producer-state';
import type { SegmentList } from './log-segments';
import { bytesBetween, isHotTail, type LogPosition, type LogView, planLogRead, positionOfOffset } from './log-reads';
import { Segment, type SegmentReadResult } from './segment';
import { SegmentClosedError } from './shared-fd';
import { assertStorage, StorageError } from './storage-error';

const EMPTY = Buffer.alloc(0);

export class PartitionLog {
  readonly dir: string;
  readonly topic: string;
  readonly partition: number;
  private readonly name: string;
  private cfg: LogConfig;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly deleter: FileDeleter;
  private readonly random: () => number;
  private readonly epochCache: LeaderEpochCache;
  private readonly producerState = new ProducerStateManager();
  private segments!: SegmentList;
  private logStartOffsetValue = 0;
  private logEndOffsetValue = 0;
  private highWatermarkValue = 0;
  private recoveryPointValue = 0;
  private lastFlushMs: number;
  private truncations = 0;
  private dirFlushNeeded = false;
  private closed = false;
  /** Bumped whenever segments are added, removed or truncated: cached positions are then stale. */
  private layoutChanges = 0;
  private highWatermarkPositionCache: { offset: number; layout: number; position: LogPosition } | null = null;
  private readonly flusher: BackgroundFlusher;
  /** The log dir holding this partition dir; an I/O error takes all of it offline. */
  readonly logDir: string;
  private readonly failures: LogDirFailureChannel;

  static open(options: PartitionLogOptions): PartitionLog {
    return new PartitionLog(options);
  }

  private constructor(options: PartitionLogOptions) {
    this.dir = options.dir;
    const topicPartition = parsePartitionDirName(path.basename(options.dir));
    assertStorage(topicPartition !== null, `${options.dir} is not named <topic>-<partition>`);
    this.topic = topicPartition.topic;
    this.partition = topicPartition.partition;
    this.name = `${this.topic}-${this.partition}`;
    this.cfg = options.config;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.deleter = options.deleter ?? new FileDeleter(this.logger);
    this.random = options.random ?? Math.random;
    this.lastFlushMs = this.clock.nowMs();
    this.logDir = path.dirname(this.dir);
    this.failures = options.failureChannel ?? new LogDirFailureChannel(this.logger);
    this.flusher = new BackgroundFlusher(this.logger, this.name, (err) => {
      if (isIoError(err)) this.failures.markOffline(this.logDir, `background flush of ${this.name}`, err);
    });
    fs.mkdirSync(this.dir, { recursive: true });
    this.epochCache = LeaderEpochCache.load(path.join(this.dir, LEADER_EPOCH_CHECKPOINT_FILE));
    this.load(options);
  }

  get config(): LogConfig {
    return this.cfg;
  }
  get logStartOffset(): number {
    return this.logStartOffsetValue;
  }
  get logEndOffset(): number {
    return this.logEndOffsetValue;
  }
  get highWatermark(): number {
    return this.highWatermarkValue;
  }
  /** Offsets below this are fsynced; recovery after a crash starts here. */
  get recoveryPoint(): number {
    return this.recoveryPointValue;
  }
  get lastFlushTimeMs(): number {
    return this.lastFlushMs;
  }
  get numberOfSegments(): number {
    return this.segments.count;
  }
  get sizeInBytes(): number {
    return this.segments.all().reduce((sum, s) => sum + s.size, 0);
  }
  /** Base offsets of the segments, oldest first. */
  segmentBaseOffsets(): number[] {
    return this.segments.all().map((s) => s.baseOffset);
  }

  updateConfig(config: LogConfig): void {
    this.cfg = config;
  }

  /**
   * Appends validated batches as leader: offsets from the log end offset, the leader epoch, and
   * under LogAppendTime the broker's clock are written into the headers in place (`records` is
   * modified). Records are not decoded. `batches` is the one scan of `records` made by produce
   * validation (scanned here when the caller has none). Idempotent producers' batches are checked
   * first (a KafkaError refuses the whole set); a retried batch appends nothing and answers its
   * original offsets.
   */
  appendAsLeader(records: Buffer, leaderEpoch: number, batches: BatchSetSummary = scanBatchSet(records)): AppendInfo {
    return this.io('append', () => {
      this.checkAppendable(records, batches);
      const duplicate = batches.hasProducerIds ? this.producerState.checkLeaderAppend(batches) : null;
      if (duplicate)
        return duplicateAppendInfo(
          duplicate,
          this.logStartOffsetValue,
          this.cfg.messageTimestampType === 'LogAppendTime',
        );
      const logAppendTimeMs = this.cfg.messageTimestampType === 'LogAppendTime' ? this.clock.nowMs() : -1;
      assignOffsets(records, batches, this.logEndOffsetValue, leaderEpoch, logAppendTimeMs);
      return this.appendBatches(records, batches, logAppendTimeMs, leaderEpoch);
    });
  }

  /** Appends batches fetched from the leader, keeping their offsets (which must follow ours). */
  appendAsFollower(records: Buffer): AppendInfo {
    return this.io('follower append', () => {
      const batches = scanBatchSet(records);
      this.checkAppendable(records, batches);
      checkFollowerBatches(batches);
      if (batches.firstOffset >= 0 && batches.firstOffset < this.logEndOffsetValue) {
        throw new StorageError(
          'UNKNOWN_SERVER_ERROR',
          `follower append at offset ${batches.firstOffset} below log end offset ${this.logEndOffsetValue} of ${this.name}`,
        );
      }
      return this.appendBatches(records, batches, -1);
    });
  }

  /**
   * Whole batches from the one holding fetchOffset, at most maxBytes (or one whole batch with
   * minOneMessage), all below options.maxOffset. Bytes come from the file unchanged.
   */
  read(fetchOffset: number, maxBytes: number, options: ReadOptions): ReadResult {
    return this.io('read', () => {
      const planned = planLogRead(this.view(), fetchOffset, maxBytes, options);
      return planned === null ? { records: EMPTY } : readResult(planned.segment.readPlanned(planned.plan));
    });
  }

  /**
   * read() for the fetch path: bytes beyond the active segment's recent tail are read off the
   * event loop, so a cold read stalls no other connection. A read that a truncation overtook is
   * planned again once (the offset may meanwhile be out of range).
   */
  async readAsync(fetchOffset: number, maxBytes: number, options: ReadOptions): Promise<ReadResult> {
    try {
      return await this.readOnce(fetchOffset, maxBytes, options);
    } catch (err) {
      if (!(err instanceof SegmentClosedError)) throw err;
      return this.readOnce(fetchOffset, maxBytes, options);
    }
  }

  private readOnce(fetchOffset: number, maxBytes: number, options: ReadOptions): Promise<ReadResult> {
    return this.failures.guardAsync(this.logDir, `read of ${this.name}`, async () => {
      this.checkOpen();
      const planned = planLogRead(this.view(), fetchOffset, maxBytes, options);
      if (planned === null) return { records: EMPTY };
      const { segment, plan } = planned;
      if (isHotTail(this.segments, planned)) return readResult(segment.readPlanned(plan));
      return readResult(await segment.readPlannedAsync(plan));
    });
  }

  /** Where offset begins in the files (Kafka's LogOffsetMetadata): for counting bytes without reading. */
  positionOf(offset: number): LogPosition {
    return this.io('offset lookup', () => positionOfOffset(this.view(), offset));
  }

  /** The high watermark's position, looked up once per move and shared by every waiting fetch. */
  highWatermarkPosition(): LogPosition {
    const cached = this.highWatermarkPositionCache;
    if (cached !== null && cached.offset === this.highWatermarkValue && cached.layout === this.layoutChanges) {
      return cached.position;
    }
    const position = this.positionOf(this.highWatermarkValue);
    this.highWatermarkPositionCache = { offset: this.highWatermarkValue, layout: this.layoutChanges, position };
    return position;
  }

  /** The log end offset's position: the active segment's end. */
  logEndPosition(): LogPosition {
    const active = this.segments.active();
    return { segmentBaseOffset: active.baseOffset, position: active.size };
  }

  /** Bytes stored between two positions, across segment rolls; negative after a truncation. */
  bytesBetween(from: LogPosition, to: LogPosition): number {
    return bytesBetween(this.segments, from, to);
  }

  private view(): LogView {
    return {
      name: this.name,
      segments: this.segments,
      logStartOffset: this.logStartOffsetValue,
      logEndOffset: this.logEndOffsetValue,
    };
  }

  /** Sets the high watermark, clamped to [log start offset, log end offset]; returns the value set. */
  updateHighWatermark(offset: number): number {
    this.highWatermarkValue = Math.min(Math.max(offset, this.logStartOffsetValue), this.logEndOffsetValue);
    return this.highWatermarkValue;
  }

  /** ListOffsets by time: the first offset whose timestamp is >= timestampMs, or null. */
  offsetForTimestamp(timestampMs: number): { offset: number; timestamp: number } | null {
    return this.io('offset lookup by timestamp', () => {
      for (const segment of this.segments.all()) {
        if (segment.maxTimestamp() < timestampMs) continue;
        const found = segment.findOffsetByTimestamp(timestampMs, this.logStartOffsetValue);
        if (found !== null) return found;
      }
      return null;
    });
  }

  /** The newest leader epoch with data in this log, or -1. */
  latestEpoch(): number {
    return this.epochCache.latestEpoch();
  }

  /** OffsetsForLeaderEpoch: (largest epoch <= requested, the offset where the next epoch starts). */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.epochCache.endOffsetFor(epoch, this.logEndOffsetValue);
  }

  /** A new leader's epoch starts at the log end offset even before it writes (KIP-279); persisted. */
  maybeAssignEpochStartOffset(leaderEpoch: number, startOffset: number): boolean {
    return this.io('leader epoch checkpoint', () => this.epochCache.assignIfNewer(leaderEpoch, startOffset));
  }

  leaderEpochEntries(): ReadonlyArray<{ epoch: number; startOffset: number }> {
    return this.epochCache.entries();
  }
  /** What this log knows of an idempotent producer (a copy), or undefined. */
  producerStateOf(producerId: number): ProducerEntry | undefined {
    return this.producerState.entry(producerId);
  }
  removeExpiredProducers(nowMs: number, expirationMs: number): number {
    return this.producerState.removeExpired(nowMs, expirationMs);
  }

  /** Removes everything at and above targetOffset; false when there was nothing to remove. */
  truncateTo(targetOffset: number): boolean {
    return this.io('truncation', () => this.truncateSegmentsTo(targetOffset));
  }

  private truncateSegmentsTo(targetOffset: number): boolean {
    assertStorage(targetOffset >= 0, `cannot truncate ${this.name} to ${targetOffset}`);
    if (targetOffset >= this.logEndOffsetValue) return false;
    if ((this.segments.first()?.baseOffset ?? 0) > targetOffset) {
      this.restartAt(targetOffset);
      return true;
    }
    this.truncations++;
    this.removeAndDeleteSegments(this.segments.all().filter((s) => s.baseOffset > targetOffset));
    const active = this.segments.active();
    active.truncateTo(targetOffset);
    active.openForAppend(this.cfg.segmentIndexBytes);
    this.logEndOffsetValue = active.readNextOffset();
    this.logStartOffsetValue = Math.min(this.logStartOffsetValue, this.logEndOffsetValue);
    this.afterTruncation();
    this.logger.info(`${this.name}: truncated to offset ${targetOffset}, log end offset ${this.logEndOffsetValue}`);
    return true;
  }

  /** Drops the whole log and restarts it empty at newOffset (a follower far behind the leader). */
  truncateFullyAndStartAt(newOffset: number): void {
    this.io('full truncation', () => this.restartAt(newOffset));
  }

  private restartAt(newOffset: number): void {
    this.truncations++;
    this.removeAndDeleteSegments([...this.segments.all()]);
    this.addActiveSegment(newOffset);
    this.logEndOffsetValue = newOffset;
    this.logStartOffsetValue = newOffset;
    this.epochCache.clear();
    this.afterTruncation();
  }

  /** Moves the log start offset forward (DeleteRecords); never past the high watermark. */
  maybeIncrementLogStartOffset(newLogStartOffset: number): void {
    if (newLogStartOffset > this.highWatermarkValue) {
      throw new StorageError(
        'OFFSET_OUT_OF_RANGE',
        `log start offset ${newLogStartOffset} above high watermark ${this.highWatermarkValue} of ${this.name}`,
      );
    }
    this.io('log start offset change', () => this.advanceLogStartOffset(newLogStartOffset));
  }

  /** Starts a new active segment at the log end offset (no-op when the active one is empty). */
  roll(): void {
    this.io('roll', () => this.rollAt(this.logEndOffsetValue));
  }

  /** fsyncs everything below upToOffset (default: the log end offset) and advances the recovery point. */
  flush(upToOffset = this.logEndOffsetValue): void {
    this.io('flush', () => this.flushSegments(upToOffset));
  }

  private flushSegments(upToOffset: number): void {
    const target = Math.min(upToOffset, this.logEndOffsetValue);
    if (target <= this.recoveryPointValue) return;
    for (const segment of this.segments.range(this.recoveryPointValue, target)) segment.flush();
    if (this.dirFlushNeeded) fsyncDirectory(this.dir);
    this.dirFlushNeeded = false;
    this.recoveryPointValue = target;
    this.lastFlushMs = this.clock.nowMs();
  }

  /** Resolves when the fsyncs scheduled by segment rolls have finished (for shutdown and specs). */
  whenBackgroundFlushed(): Promise<void> {
    return this.flusher.whenIdle();
  }

  /**
   * Retention (Kafka 2.8, see log-retention): only segments wholly below the high watermark; the
   * log start offset moves to the first remaining segment. Returns the number of segments deleted.
   */
  deleteOldSegments(nowMs = this.clock.nowMs()): number {
    return this.io('retention', () => this.deleteSegmentsByRetention(nowMs));
  }

  private deleteSegmentsByRetention(nowMs: number): number {
    const view = {
      segments: this.segments.all(),
      highWatermark: this.highWatermarkValue,
      logEndOffset: this.logEndOffsetValue,
    };
    const plan = planRetention(view, this.logStartOffsetValue, this.cfg, nowMs);
    if (plan.segments.length === 0) return 0;
    // A log always keeps one segment: when all would go, roll first so the new empty one stays.
    if (plan.segments.length === this.segments.count) this.rollAt(this.logEndOffsetValue);
    this.removeAndDeleteSegments(plan.segments);
    this.advanceLogStartOffset(this.segments.first()?.baseOffset ?? this.logEndOffsetValue);
    this.logger.info(
      `${this.name}: deleted ${plan.segments.length} segment(s) (${plan.reasons.join(', ')}); ` +
        `log start offset ${this.logStartOffsetValue}`,
    );
    return plan.segments.length;
  }

  /** Closes the files; in an offline dir only the descriptors (nothing more is written there). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const offline = this.failures.isOffline(this.logDir);
    for (const segment of this.segments.all()) {
      if (offline) segment.closeHandles();
      else segment.close();
    }
  }

  /** Closes the log and removes its directory now. */
  delete(): void {
    this.close();
    removePath(this.dir);
  }

  private load(options: PartitionLogOptions): void {
    const loaded = loadLog({
      dir: this.dir,
      segmentFactory: {
        open: (base) => Segment.open(this.segmentOptions(base)),
        create: (base) => this.newSegment(base),
      },
      epochCache: this.epochCache,
      deleter: this.deleter,
      fileDeleteDelayMs: this.cfg.fileDeleteDelayMs,
      logger: this.logger,
      hadCleanShutdown: options.hadCleanShutdown ?? false,
      recoveryPoint: options.recoveryPoint ?? 0,
      logStartOffset: options.logStartOffset,
    });
    this.segments = loaded.segments;
    this.logStartOffsetValue = loaded.logStartOffset;
    this.logEndOffsetValue = loaded.logEndOffset;
    this.recoveryPointValue = loaded.recoveryPoint;
    this.segments.active().openForAppend(this.cfg.segmentIndexBytes);
    this.updateHighWatermark(options.highWatermark ?? 0);
    this.producerState.rebuild(this.segments.all(), this.logStartOffsetValue);
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('KAFKA_STORAGE_ERROR', `log ${this.name} is closed`);
  }

  /** Disk work of this log: refused when closed or its dir is offline; I/O errors take the dir offline. */
  private io<T>(what: string, work: () => T): T {
    this.checkOpen();
    return this.failures.guard(this.logDir, `${what} of ${this.name}`, work);
  }

  private checkAppendable(records: Buffer, batches: BatchSetSummary): void {
    this.checkOpen();
    if (records.length > this.cfg.segmentBytes) {
      throw new StorageError(
        'RECORD_LIST_TOO_LARGE',
        `batch set of ${records.length} bytes exceeds segment.bytes ${this.cfg.segmentBytes} of ${this.name}`,
      );
    }
    // Callers hand over whole batches; a broken frame here is refused before it reaches the file.
    if (batches.stop) throw new StorageError('CORRUPT_MESSAGE', `batch set of ${this.name}: ${batches.stop.message}`);
  }

  /** `leaderEpoch`: the one epoch a leader stamped on every batch; a follower's set is scanned for its epochs. */
  private appendBatches(
    records: Buffer,
    summary: BatchSetSummary,
    logAppendTimeMs: number,
    leaderEpoch?: number,
  ): AppendInfo {
    const info: AppendInfo = {
      firstOffset: summary.firstOffset,
      lastOffset: summary.lastOffset,
      logAppendTimeMs,
      logStartOffset: this.logStartOffsetValue,
      maxTimestamp: summary.maxTimestamp,
      recordCount: summary.recordCount,
    };
    if (summary.firstOffset < 0) return info;
    const segment = this.maybeRoll(records.length, summary);
    segment.append(summary.lastOffset, summary.maxTimestamp, summary.offsetOfMaxTimestamp, records);
    this.logEndOffsetValue = summary.lastOffset + 1;
    if (summary.hasProducerIds) this.producerState.onAppended(summary);
    if (leaderEpoch !== undefined) this.epochCache.assignIfNewer(leaderEpoch, summary.firstOffset);
    else for (const { epoch, startOffset } of epochStarts(summary)) this.epochCache.assignIfNewer(epoch, startOffset);
    if (this.logEndOffsetValue - this.recoveryPointValue >= this.cfg.flushIntervalMessages)
      this.flushSegments(this.logEndOffsetValue);
    return info;
  }

  private maybeRoll(messagesBytes: number, summary: BatchSetSummary): Segment {
    const active = this.segments.active();
    const mustRoll = active.shouldRoll({
      maxSegmentBytes: this.cfg.segmentBytes,
      maxSegmentMs: this.cfg.segmentMs,
      messagesBytes,
      maxTimestampInMessages: summary.maxTimestamp,
      maxOffsetInMessages: summary.lastOffset,
      nowMs: this.clock.nowMs(),
    });
    // An empty segment has nothing to roll away from unless the offsets do not fit it.
    if (!mustRoll || (active.size === 0 && active.canConvertToRelativeOffset(summary.lastOffset))) return active;
    return this.rollAt(Math.max(summary.firstOffset, this.logEndOffsetValue));
  }

  private rollAt(newBaseOffset: number): Segment {
    const active = this.segments.active();
    if (active.size === 0 && active.baseOffset === newBaseOffset) return active;
    assertStorage(
      newBaseOffset > active.baseOffset,
      `roll of ${this.name} to ${newBaseOffset} below ${active.baseOffset}`,
    );
    active.onBecomeInactive();
    const segment = this.addActiveSegment(newBaseOffset);
    this.scheduleFlushBelow(newBaseOffset);
    this.logger.info(`${this.name}: rolled new segment at offset ${newBaseOffset}`);
    return segment;
  }

  /** Kafka flushes rolled segments in the background; the recovery point follows when done. */
  private scheduleFlushBelow(offset: number): void {
    const truncationsAtStart = this.truncations;
    const paths = this.segments.range(this.recoveryPointValue, offset).flatMap((s) => s.filePaths());
    this.flusher.schedule([...paths, this.dir], () => {
      if (this.closed || this.truncations !== truncationsAtStart || offset <= this.recoveryPointValue) return;
      this.recoveryPointValue = Math.min(offset, this.logEndOffsetValue);
      this.lastFlushMs = this.clock.nowMs();
    });
  }

  private removeAndDeleteSegments(doomed: Segment[]): void {
    this.layoutChanges++;
    this.segments.remove(doomed);
    for (const segment of doomed) this.deleter.schedule(segment.renameForDeletion(), this.cfg.fileDeleteDelayMs);
  }

  private advanceLogStartOffset(offset: number): void {
    if (offset <= this.logStartOffsetValue) return;
    this.logStartOffsetValue = offset;
    this.recoveryPointValue = Math.max(this.recoveryPointValue, offset);
    this.epochCache.truncateFromStart(offset);
    this.producerState.truncateHead(offset);
  }

  private afterTruncation(): void {
    this.layoutChanges++;
    this.epochCache.truncateFromEnd(this.logEndOffsetValue);
    // Evicted batch metadata cannot be restored from memory: replay the remaining headers.
    this.producerState.rebuild(this.segments.all(), this.logStartOffsetValue);
    this.recoveryPointValue = Math.min(this.recoveryPointValue, this.logEndOffsetValue);
    this.updateHighWatermark(Math.min(this.highWatermarkValue, this.logEndOffsetValue));
  }

  private addActiveSegment(baseOffset: number): Segment {
    this.layoutChanges++;
    const segment = this.newSegment(baseOffset);
    segment.openForAppend(this.cfg.segmentIndexBytes);
    this.segments.add(segment);
    this.dirFlushNeeded = true;
    return segment;
  }

  private newSegment(baseOffset: number): Segment {
    return Segment.create(this.segmentOptions(baseOffset));
  }

  private segmentOptions(baseOffset: number) {
    const jitterBound = Math.min(this.cfg.segmentJitterMs, this.cfg.segmentMs);
    return {
      dir: this.dir,
      baseOffset,
      indexIntervalBytes: this.cfg.indexIntervalBytes,
      maxIndexBytes: this.cfg.segmentIndexBytes,
      rollJitterMs: jitterBound > 0 ? Math.floor(this.random() * jitterBound) : 0,
      clock: this.clock,
    };
  }
}

function readResult({ records, firstBatchOffset }: SegmentReadResult): ReadResult {
  return { records, firstBatchOffset };
}
