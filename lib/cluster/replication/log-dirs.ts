// What DescribeLogDirs reports (Kafka's ReplicaManager.describeLogDirs): per log dir of this
// broker, the partition logs it holds with their size on disk and offset lag. An offline dir is
// listed with KAFKA_STORAGE_ERROR and no partitions. Reads only; it never opens or creates a log.
import * as path from 'path';
import type { LogManager, PartitionLog } from '../../storage';
import { ErrorCode } from '../../protocol/error-codes';

export interface LogDirPartition {
  topic: string;
  partition: number;
  sizeBytes: number;
  /** max(high watermark - log end offset, 0); -1 when no hosted partition owns the log. */
  offsetLag: number;
}

export interface LogDirDescription {
  logDir: string;
  errorCode: number;
  partitions: LogDirPartition[];
}

/** Topic → partitions asked about; null asks for every log. */
export type LogDirFilter = Map<string, Set<number>> | null;

/** Kafka's INVALID_OFFSET_LAG: the log is not the current log of a partition this broker hosts. */
export const INVALID_OFFSET_LAG = -1;

export function describeLogDirs(
  logManager: LogManager,
  isHosted: (topic: string, partition: number) => boolean,
  wanted: LogDirFilter,
): LogDirDescription[] {
  const logs = logManager.allLogs().filter((log) => wanted === null || wanted.get(log.topic)?.has(log.partition));
  const online = logManager.liveLogDirs().map((dir) => ({
    logDir: path.resolve(dir),
    errorCode: ErrorCode.NONE,
    partitions: logs
      .filter((log) => path.resolve(log.logDir) === path.resolve(dir))
      .map((log) => describeLog(log, isHosted(log.topic, log.partition))),
  }));
  const offline = logManager.offlineLogDirs().map((dir) => ({
    logDir: path.resolve(dir),
    errorCode: ErrorCode.KAFKA_STORAGE_ERROR,
    partitions: [],
  }));
  return [...online, ...offline];
}

function describeLog(log: PartitionLog, hosted: boolean): LogDirPartition {
  return {
    topic: log.topic,
    partition: log.partition,
    sizeBytes: log.sizeInBytes,
    offsetLag: hosted ? Math.max(log.highWatermark - log.logEndOffset, 0) : INVALID_OFFSET_LAG,
  };
}
