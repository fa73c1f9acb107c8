// All partition logs of this broker across its log.dirs: loading at startup (recovery after an
// unclean shutdown), creation and deletion of partition dirs, the per-dir checkpoint files, and
// the background tasks (retention, time-based flush, checkpoints). It knows nothing of
// replication or ZooKeeper: callers tell it which partitions exist and what their configs are.
// A log dir whose disk fails (log-dir-failure-channel) is dropped with all its logs: nothing is
// read, written or checkpointed there again until the broker restarts (Kafka's liveLogDirs).
import fs from 'fs';
import path from 'path';
import { systemClock, type Clock } from '../util/clock';
import { silentLogger, type Logger } from '../util/logger';
import { readOffsetCheckpoint, writeOffsetCheckpoint, type OffsetCheckpointEntry } from './checkpoint-file';
import { FileDeleter } from './file-deleter';
import { fileSize, fsyncDirectory, openReadWrite } from './file-io';
import type { LogConfig } from './log-config';
import {
  CLEAN_SHUTDOWN_FILE,
  DELETE_DIR_SUFFIX,
  deleteDirName,
  FUTURE_DIR_SUFFIX,
  LOCK_FILE,
  LOG_START_OFFSET_CHECKPOINT_FILE,
  parsePartitionDirName,
  partitionDirName,
  RECOVERY_POINT_CHECKPOINT_FILE,
  REPLICATION_OFFSET_CHECKPOINT_FILE,
  type TopicPartition,
} from './log-files';
import { LogDirFailureChannel } from './log-dir-failure-channel';
import { PartitionLog } from './partition-log';
import { StorageError } from './storage-error';

export interface LogManagerOptions {
  logDirs: string[];
  defaultConfig: LogConfig;
  clock?: Clock;
  logger?: Logger;
  /** Per-topic configs known before startup; later ones come through setTopicConfig. */
  topicConfigs?: Map<string, LogConfig>;
  /** Where I/O errors take a log dir offline; the replica manager listens to the same one. */
  failureChannel?: LogDirFailureChannel;
}

export interface LogSchedulerOptions {
  /** log.retention.check.interval.ms */
  retentionCheckIntervalMs: number;
  /** log.flush.offset.checkpoint.interval.ms (recovery points and log start offsets). */
  checkpointIntervalMs: number;
  /** log.flush.scheduler.interval.ms; omitted = no time-based flushing. */
  flushCheckIntervalMs?: number;
  /** replica.high.watermark.checkpoint.interval.ms; defaults to checkpointIntervalMs. */
  highWatermarkCheckpointIntervalMs?: number;
  /** transactional.id.expiration.ms, which also expires idle producer ids; omitted = never. */
  producerIdExpirationMs?: number;
}

/** How often idle producer ids are looked for (Kafka's fixed producer id expiration check interval). */
const PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 10 * 60 * 1000;

/** setInterval's ceiling; longer intervals (Kafka's Long.MAX_VALUE defaults) mean "never". */
const MAX_TIMER_INTERVAL_MS = 0x7fffffff;

export class LogManager {
  private readonly logDirs: string[];
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly logs = new Map<string, PartitionLog>();
  private readonly topicConfigs: Map<string, LogConfig>;
  private readonly deleter: FileDeleter;
  private timers: NodeJS.Timeout[] = [];
  readonly failureChannel: LogDirFailureChannel;
  /** Partitions whose log was in a failed dir: never recreated elsewhere (their data is not lost, only unreachable). */
  private readonly offlineLogs = new Set<string>();

  constructor(private readonly options: LogManagerOptions) {
    if (options.logDirs.length === 0) throw new Error('log.dirs must name at least one directory');
    this.logDirs = options.logDirs.map((dir) => path.resolve(dir));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.topicConfigs = new Map(options.topicConfigs ?? []);
    this.deleter = new FileDeleter(this.logger);
    this.failureChannel = options.failureChannel ?? new LogDirFailureChannel(this.logger);
    this.failureChannel.onFailure((dir) => this.handleLogDirFailure(dir));
  }

  /**
   * Loads every partition dir of every log dir, recovering them if the last shutdown was
   * unclean. A dir that fails to load is offline; when none loads, the broker cannot run.
   */
  startup(): void {
    for (const dir of this.logDirs) {
      if (!this.onDir(dir, 'loading the log dir', () => this.loadLogDir(dir))) this.dropLogsOf(dir);
    }
    if (this.liveLogDirs().length === 0) throw new Error(`all log dirs failed: ${this.logDirs.join(', ')}`);
    this.logger.info(`loaded ${this.logs.size} partition log(s) from ${this.liveLogDirs().join(', ')}`);
  }

  /** The log dirs still online. */
  liveLogDirs(): string[] {
    return this.logDirs.filter((dir) => !this.failureChannel.isOffline(dir));
  }

  /** The log dirs taken offline by an I/O error. */
  offlineLogDirs(): string[] {
    return this.logDirs.filter((dir) => this.failureChannel.isOffline(dir));
  }

  getLog(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(partitionDirName(topic, partition));
  }

  /** The partition's log, created in the log dir holding the fewest partitions if it is new. */
  getOrCreateLog(topic: string, partition: number, config?: LogConfig): PartitionLog {
    const existing = this.getLog(topic, partition);
    if (existing !== undefined) {
      if (config !== undefined) existing.updateConfig(config);
      return existing;
    }
    const key = partitionDirName(topic, partition);
    if (this.offlineLogs.has(key))
      throw new StorageError('KAFKA_STORAGE_ERROR', `the log of ${key} is in an offline log dir`);
    const logDir = this.leastLoadedLogDir();
    const log = this.failureChannel.guard(logDir, `creating the log of ${key}`, () =>
      PartitionLog.open({
        dir: path.join(logDir, key),
        config: config ?? this.configFor(topic),
        clock: this.clock,
        logger: this.logger,
        deleter: this.deleter,
        failureChannel: this.failureChannel,
      }),
    );
    this.logs.set(partitionDirName(topic, partition), log);
    this.logger.info(`created log for ${topic}-${partition} in ${logDir}`);
    return log;
  }

  /** Renames the partition dir to <topic>-<partition>.<uuid>-delete and removes it after file.delete.delay.ms. */
  deleteLog(topic: string, partition: number): boolean {
    const key = partitionDirName(topic, partition);
    const log = this.logs.get(key);
    if (log === undefined) return false;
    this.logs.delete(key);
    log.close();
    const logDir = path.dirname(log.dir);
    const renamed = path.join(logDir, deleteDirName(topic, partition));
    this.failureChannel.guard(logDir, `deleting the log of ${key}`, () => {
      fs.renameSync(log.dir, renamed);
      fsyncDirectory(logDir);
    });
    this.deleter.schedule([renamed], this.options.defaultConfig.fileDeleteDelayMs);
    this.checkpointAll();
    this.logger.info(`scheduled deletion of ${key} (${renamed})`);
    return true;
  }

  allLogs(): PartitionLog[] {
    return [...this.logs.values()];
  }

  /** A topic's config changed: applies to its logs now and to its partitions created later. */
  setTopicConfig(topic: string, config: LogConfig): void {
    this.topicConfigs.set(topic, config);
    for (const log of this.logs.values()) if (log.topic === topic) log.updateConfig(config);
  }

  configFor(topic: string): LogConfig {
    return this.topicConfigs.get(topic) ?? this.options.defaultConfig;
  }

  checkpointRecoveryPoints(): void {
    this.writeCheckpoints(RECOVERY_POINT_CHECKPOINT_FILE, (log) => log.recoveryPoint);
  }

  /** Only logs whose start offset is above their first segment's base need remembering. */
  checkpointLogStartOffsets(): void {
    this.writeCheckpoints(LOG_START_OFFSET_CHECKPOINT_FILE, (log) =>
      log.logStartOffset > (log.segmentBaseOffsets()[0] ?? 0) ? log.logStartOffset : undefined,
    );
  }

  checkpointHighWatermarks(): void {
    this.writeCheckpoints(REPLICATION_OFFSET_CHECKPOINT_FILE, (log) => log.highWatermark);
  }

  checkpointAll(): void {
    this.checkpointRecoveryPoints();
    this.checkpointLogStartOffsets();
    this.checkpointHighWatermarks();
  }

  /** Retention pass over every log; returns the number of segments deleted. */
  cleanupLogs(nowMs = this.clock.nowMs()): number {
    let deleted = 0;
    for (const log of this.onlineLogs()) deleted += log.deleteOldSegments(nowMs);
    return deleted;
  }

  /** Flushes logs not flushed for their flush.ms. */
  flushDirtyLogs(nowMs = this.clock.nowMs()): void {
    for (const log of this.onlineLogs()) {
      if (nowMs - log.lastFlushTimeMs >= log.config.flushIntervalMs) log.flush();
    }
  }

  /** Logs whose dir has not failed (a failed dir's logs leave `logs` a tick after the failure). */
  private onlineLogs(): PartitionLog[] {
    return [...this.logs.values()].filter((log) => !this.failureChannel.isOffline(log.logDir));
  }

  startSchedulers(options: LogSchedulerOptions): void {
    this.stopSchedulers();
    this.every(options.retentionCheckIntervalMs, 'retention check', () => this.cleanupLogs());
    if (options.flushCheckIntervalMs !== undefined) {
      this.every(options.flushCheckIntervalMs, 'log flush', () => this.flushDirtyLogs());
    }
    this.every(options.checkpointIntervalMs, 'offset checkpoint', () => {
      this.checkpointRecoveryPoints();
      this.checkpointLogStartOffsets();
    });
    this.every(
      options.highWatermarkCheckpointIntervalMs ?? options.checkpointIntervalMs,
      'high watermark checkpoint',
      () => this.checkpointHighWatermarks(),
    );
    const expirationMs = options.producerIdExpirationMs;
    if (expirationMs !== undefined) {
      this.every(PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, 'producer id expiration', () =>
        this.removeExpiredProducers(expirationMs),
      );
    }
  }

  /** Drops idle producer ids from every log's producer state. */
  removeExpiredProducers(expirationMs: number): void {
    const nowMs = this.clock.nowMs();
    for (const log of this.logs.values()) log.removeExpiredProducers(nowMs, expirationMs);
  }

  stopSchedulers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Flushes and closes every log, writes all checkpoints, then marks each log dir cleanly shut down. */
  shutdown(): void {
    this.stopSchedulers();
    for (const log of this.logs.values()) this.attempt(`flush of ${log.topic}-${log.partition}`, () => log.flush());
    this.attempt('checkpoints', () => this.checkpointAll());
    for (const log of this.logs.values()) this.attempt(`close of ${log.topic}-${log.partition}`, () => log.close());
    this.logs.clear();
    this.deleter.runAllNow();
    // An offline dir gets no marker: its logs are recovered when it is back.
    for (const dir of this.liveLogDirs()) {
      this.onDir(dir, 'writing the clean shutdown marker', () => {
        fs.closeSync(openReadWrite(path.join(dir, CLEAN_SHUTDOWN_FILE)));
        fsyncDirectory(dir);
      });
    }
    this.logger.info('log manager shut down cleanly');
  }

  /** Kafka's LogManager.handleLogDirFailure: the dir's logs are closed and forgotten. */
  private handleLogDirFailure(dir: string): void {
    const dropped = this.dropLogsOf(dir);
    this.logger.error(
      `log dir ${dir} is offline: stopped serving ${dropped} log(s) in it; ` +
        `live log dirs: ${this.liveLogDirs().join(', ') || 'none'}`,
    );
  }

  private dropLogsOf(dir: string): number {
    let dropped = 0;
    for (const [key, log] of this.logs) {
      if (path.dirname(log.dir) !== dir) continue;
      this.logs.delete(key);
      this.offlineLogs.add(key);
      this.attempt(`closing ${key}`, () => log.close());
      dropped++;
    }
    return dropped;
  }

  /** Disk work on one dir; an I/O error (reported by the guard) yields false instead of throwing. */
  private onDir(dir: string, what: string, work: () => void): boolean {
    try {
      this.failureChannel.guard(dir, what, work);
      return true;
    } catch (err) {
      if (err instanceof StorageError && this.failureChannel.isOffline(dir)) return false;
      throw err;
    }
  }

  private loadLogDir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.closeSync(openReadWrite(path.join(dir, LOCK_FILE)));
    const markerPath = path.join(dir, CLEAN_SHUTDOWN_FILE);
    const hadCleanShutdown = fileSize(markerPath) >= 0;
    // Removed before loading, so a crash during loading counts as unclean next time.
    if (hadCleanShutdown) fs.rmSync(markerPath);
    const recoveryPoints = this.readCheckpoint(dir, RECOVERY_POINT_CHECKPOINT_FILE);
    const logStartOffsets = this.readCheckpoint(dir, LOG_START_OFFSET_CHECKPOINT_FILE);
    const highWatermarks = this.readCheckpoint(dir, REPLICATION_OFFSET_CHECKPOINT_FILE);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const topicPartition = this.partitionDirOf(dir, entry.name);
      if (topicPartition === null) continue;
      const key = partitionDirName(topicPartition.topic, topicPartition.partition);
      if (this.logs.has(key)) throw new Error(`duplicate log directories for ${key}, one of them in ${dir}`);
      this.logs.set(
        key,
        PartitionLog.open({
          dir: path.join(dir, entry.name),
          config: this.configFor(topicPartition.topic),
          clock: this.clock,
          logger: this.logger,
          deleter: this.deleter,
          failureChannel: this.failureChannel,
          hadCleanShutdown,
          recoveryPoint: recoveryPoints.get(key)?.offset ?? 0,
          logStartOffset: logStartOffsets.get(key)?.offset,
          highWatermark: highWatermarks.get(key)?.offset ?? 0,
        }),
      );
    }
  }

  /** The partition a dir holds; null (after dealing with it) for any other dir. */
  private partitionDirOf(dir: string, name: string): TopicPartition | null {
    if (name.endsWith(DELETE_DIR_SUFFIX)) {
      this.deleter.schedule([path.join(dir, name)], this.options.defaultConfig.fileDeleteDelayMs);
      return null;
    }
    if (name.endsWith(FUTURE_DIR_SUFFIX)) {
      this.logger.warn(`${dir}: ignoring ${name}; moving logs between log dirs is not supported`);
      return null;
    }
    const topicPartition = parsePartitionDirName(name);
    if (topicPartition === null) this.logger.warn(`${dir}: ignoring ${name}, which is not named <topic>-<partition>`);
    return topicPartition;
  }

  /** An unreadable checkpoint costs a longer recovery, not the broker: warn and start from nothing. */
  private readCheckpoint(dir: string, fileName: string): Map<string, OffsetCheckpointEntry> {
    try {
      return readOffsetCheckpoint(path.join(dir, fileName));
    } catch (err) {
      this.logger.warn(`${dir}: ignoring unreadable ${fileName}: ${(err as Error).message}`);
      return new Map();
    }
  }

  private writeCheckpoints(fileName: string, offsetOf: (log: PartitionLog) => number | undefined): void {
    for (const dir of this.liveLogDirs()) {
      const entries: OffsetCheckpointEntry[] = [];
      for (const log of this.logs.values()) {
        const offset = offsetOf(log);
        if (path.dirname(log.dir) !== dir || offset === undefined) continue;
        entries.push({ topic: log.topic, partition: log.partition, offset });
      }
      this.onDir(dir, `writing ${fileName}`, () => writeOffsetCheckpoint(path.join(dir, fileName), entries));
    }
  }

  private leastLoadedLogDir(): string {
    const live = this.liveLogDirs();
    if (live.length === 0) throw new StorageError('KAFKA_STORAGE_ERROR', 'every log dir is offline');
    const counts = new Map(live.map((dir) => [dir, 0]));
    for (const log of this.logs.values()) {
      const dir = path.dirname(log.dir);
      counts.set(dir, (counts.get(dir) ?? 0) + 1);
    }
    return live.reduce((best, dir) => ((counts.get(dir) ?? 0) < (counts.get(best) ?? 0) ? dir : best));
  }

  private every(intervalMs: number, what: string, task: () => void): void {
    if (!(intervalMs > 0) || intervalMs > MAX_TIMER_INTERVAL_MS) return;
    const timer = setInterval(() => this.attempt(what, task), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  private attempt(what: string, task: () => void): void {
    try {
      task();
    } catch (err) {
      this.logger.error(`${what} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
}
