// Samsa storage: Kafka's on-disk log layout. Owns everything under each log.dirs entry — segment
// files and their indexes, partition directories, checkpoint files, meta.properties, the clean
// shutdown marker — and the rules for appending, reading, rolling, flushing, retention and crash
// recovery. Scope goes segment -> PartitionLog -> LogManager. It must not know about replication
// (the high watermark is set by its caller), ZooKeeper or the network; record batches stay opaque
// bytes apart from their 61-byte header.
export {
  DEFAULT_LOG_CONFIG,
  hasDeletePolicy,
  logConfigFromBrokerValues,
  logConfigFromTopicConfig,
  LogConfigError,
} from './log-config';
export { TOPIC_CONFIG_KEYS, TOPIC_ONLY_CONFIG_KEYS } from './topic-configs';
export type { LogConfig, MessageTimestampType } from './log-config';
export { PartitionLog } from './partition-log';
export type { AppendInfo, PartitionLogOptions, ReadOptions, ReadResult } from './log-types';
export { LogManager } from './log-manager';
export { LogDirFailureChannel, isIoError } from './log-dir-failure-channel';
export type { LogDirFailureListener } from './log-dir-failure-channel';
export type { LogManagerOptions, LogSchedulerOptions } from './log-manager';
export {
  checkMetaProperties,
  InconsistentMetaPropertiesError,
  MetaPropertiesError,
  readMetaProperties,
  writeMetaProperties,
} from './meta-properties';
export type { MetaProperties } from './meta-properties';
export { StorageError, CorruptStorageError } from './storage-error';
export type { StorageErrorName } from './storage-error';
export { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from './leader-epoch-cache';
export type { EpochEndOffset } from './leader-epoch-cache';
export { CheckpointFormatError, readOffsetCheckpoint, writeOffsetCheckpoint } from './checkpoint-file';
export type { OffsetCheckpointEntry, EpochEntry } from './checkpoint-file';
export { parsePartitionDirName, partitionDirName } from './log-files';
export type { TopicPartition } from './log-files';
