// Names on disk, exactly as Kafka lays them out, in one place: segment files, partition
// directories, checkpoint and marker files in each log dir.
import { randomUUID } from 'crypto';
import path from 'path';

export const LOG_FILE_SUFFIX = '.log';
export const INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';
export const DELETED_FILE_SUFFIX = '.deleted';
export const CLEANED_FILE_SUFFIX = '.cleaned';
export const SWAP_FILE_SUFFIX = '.swap';
export const DELETE_DIR_SUFFIX = '-delete';
export const FUTURE_DIR_SUFFIX = '-future';

export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT_FILE = 'log-start-offset-checkpoint';
export const REPLICATION_OFFSET_CHECKPOINT_FILE = 'replication-offset-checkpoint';
export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';
export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
export const LOCK_FILE = '.lock';
export const META_PROPERTIES_FILE = 'meta.properties';

export function formatBaseOffset(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function segmentFilePath(dir: string, baseOffset: number, suffix: string): string {
  return path.join(dir, formatBaseOffset(baseOffset) + suffix);
}

/** Base offset of a `<20 digits>.log` file name, or null for any other name. */
export function parseLogFileName(fileName: string): number | null {
  const match = /^(\d{20})\.log$/.exec(fileName);
  return match ? Number(match[1]) : null;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** `<topic>-<partition>`, split at the last '-'; null when the name is not of that form. */
export function parsePartitionDirName(dirName: string): TopicPartition | null {
  const dash = dirName.lastIndexOf('-');
  if (dash <= 0 || dash === dirName.length - 1) return null;
  const partitionText = dirName.slice(dash + 1);
  if (!/^\d+$/.test(partitionText)) return null;
  const partition = Number(partitionText);
  if (!Number.isSafeInteger(partition) || partition > 0x7fffffff) return null;
  return { topic: dirName.slice(0, dash), partition };
}

/** `<topic>-<partition>.<32 hex>-delete`: the name a partition dir takes while it awaits removal. */
export function deleteDirName(topic: string, partition: number): string {
  return `${partitionDirName(topic, partition)}.${randomUUID().replace(/-/g, '')}${DELETE_DIR_SUFFIX}`;
}
