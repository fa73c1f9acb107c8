// The keys a topic can override (Kafka's LogConfig), each written once under the broker key it
// falls back to: this is the part of the broker's config table (server/config-def.ts) that
// storage needs to build a partition log's settings, so it lives at storage's level. Facts are
// Kafka 2.8's (CONFIG.md); only the keys with a logField shape a log, the others are read by
// replication (min.insync.replicas, unclean.leader.election.enable) or only reported.
import { LONG_MAX, type ConfigKeyDef, type ConfigTable } from '../util/config-def';

const HOUR_MS = 3600000;
const MINUTE_MS = 60000;
/** A record batch's smallest size (Kafka's LegacyRecord.RECORD_OVERHEAD_V0): a segment must hold one. */
const SEGMENT_BYTES_MIN = 14;

export const TOPIC_CONFIG_KEYS = {
  'log.segment.bytes': {
    type: 'int', default: 1073741824, range: [SEGMENT_BYTES_MIN, null], topic: 'segment.bytes', logField: 'segmentBytes',
    doc: 'Size at which a log segment is closed and a new one started.',
  },
  'log.roll.ms': {
    type: 'long', default: null, range: [1, null], topic: 'segment.ms', logField: 'segmentMs', derived: true,
    doc: 'Age at which a segment is rolled even if not full; unset: log.roll.hours.',
  },
  'log.roll.hours': {
    type: 'int', default: 168, range: [1, null], topic: 'segment.ms', topicScale: HOUR_MS, derived: true,
    doc: 'log.roll.ms in hours.',
  },
  'log.roll.jitter.ms': {
    type: 'long', default: null, range: [0, null], topic: 'segment.jitter.ms', logField: 'segmentJitterMs', support: 'reported',
    doc: 'Random amount subtracted from the roll age so segments do not roll together.',
  },
  'log.roll.jitter.hours': {
    type: 'int', default: 0, range: [0, null], topic: 'segment.jitter.ms', topicScale: HOUR_MS, support: 'reported',
    doc: 'log.roll.jitter.ms in hours.',
  },
  'log.index.interval.bytes': {
    type: 'int', default: 4096, range: [0, null], topic: 'index.interval.bytes', logField: 'indexIntervalBytes',
    doc: 'Bytes appended between two entries of the sparse offset index.',
  },
  'log.index.size.max.bytes': {
    type: 'int', default: 10485760, range: [4, null], topic: 'segment.index.bytes', topicRange: [0, null], logField: 'segmentIndexBytes',
    doc: 'Largest offset or time index file; a full index rolls the segment.',
  },
  'log.retention.ms': {
    type: 'long', default: null, range: [-1, null], topic: 'retention.ms', logField: 'retentionMs', derived: true,
    doc: 'Age after which a closed segment is deleted; -1 keeps segments forever; unset: .minutes, then .hours.',
  },
  'log.retention.minutes': {
    type: 'int', default: null, range: [-1, null], topic: 'retention.ms', topicScale: MINUTE_MS, derived: true,
    doc: 'log.retention.ms in minutes.',
  },
  'log.retention.hours': {
    type: 'int', default: 168, range: [-1, null], topic: 'retention.ms', topicScale: HOUR_MS, derived: true,
    doc: 'log.retention.ms in hours.',
  },
  'log.retention.bytes': {
    type: 'long', default: -1, range: [-1, null], topic: 'retention.bytes', topicRange: [null, null], logField: 'retentionBytes',
    doc: 'Size per partition beyond which the oldest segments are deleted; -1: no limit.',
  },
  'log.flush.interval.messages': {
    type: 'long', default: LONG_MAX, range: [1, null], topic: 'flush.messages', topicRange: [0, null], logField: 'flushIntervalMessages',
    doc: 'Messages appended to a partition before it is fsynced; replication, not fsync, is what keeps data.',
  },
  'log.flush.interval.ms': {
    type: 'long', default: null, range: [0, null], topic: 'flush.ms', logField: 'flushIntervalMs', derived: true,
    doc: 'Time a message may stay unflushed; unset: log.flush.scheduler.interval.ms.',
  },
  'log.flush.scheduler.interval.ms': {
    type: 'long', default: LONG_MAX, topic: 'flush.ms', support: 'ignored',
    doc: 'How often Kafka looks for logs to flush by time; Samsa keeps the default.',
  },
  'log.segment.delete.delay.ms': {
    type: 'long', default: 60000, range: [0, null], topic: 'file.delete.delay.ms', logField: 'fileDeleteDelayMs',
    doc: 'Time a deleted segment file stays on disk (renamed .deleted) before it is removed.',
  },
  'message.max.bytes': {
    type: 'int', default: 1048588, range: [0, null], topic: 'max.message.bytes', logField: 'maxMessageBytes',
    doc: 'Largest record batch a partition accepts.',
  },
  'log.message.timestamp.type': {
    type: 'string', default: 'CreateTime', values: ['CreateTime', 'LogAppendTime'], topic: 'message.timestamp.type', logField: 'messageTimestampType',
    doc: "Whether records keep the producer's timestamp or get the broker's time on append.",
  },
  'log.cleanup.policy': {
    type: 'list', default: 'delete', values: ['delete', 'compact'], topic: 'cleanup.policy', logField: 'cleanupPolicy',
    doc: 'What happens to old segments: delete by retention and/or compact by key (compaction is not run).',
  },
  'min.insync.replicas': {
    type: 'int', default: 1, range: [1, null], topic: 'min.insync.replicas',
    doc: 'Replicas in the ISR an acks=all write needs, else NOT_ENOUGH_REPLICAS.',
  },
  'unclean.leader.election.enable': {
    type: 'boolean', default: false, topic: 'unclean.leader.election.enable',
    doc: 'Whether a replica outside the ISR may become leader when no ISR member is alive (losing data).',
  },
  'compression.type': {
    type: 'string', default: 'producer', topic: 'compression.type', support: 'reported',
    doc: "Codec batches are stored with; Samsa stores them as the producer compressed them (Kafka's producer).",
  },
  'log.cleaner.delete.retention.ms': {
    type: 'long', default: 86400000, range: [0, null], topic: 'delete.retention.ms', support: 'reported',
    doc: 'How long a compacted topic keeps delete markers.',
  },
  'log.cleaner.min.compaction.lag.ms': {
    type: 'long', default: 0, range: [0, null], topic: 'min.compaction.lag.ms', support: 'reported',
    doc: 'Age below which a record is never compacted.',
  },
  'log.cleaner.max.compaction.lag.ms': {
    type: 'long', default: LONG_MAX, range: [1, null], topic: 'max.compaction.lag.ms', support: 'reported',
    doc: 'Age beyond which a record is eligible for compaction whatever the dirty ratio.',
  },
  'log.cleaner.min.cleanable.ratio': {
    type: 'double', default: 0.5, range: [0, 1], topic: 'min.cleanable.dirty.ratio', support: 'reported',
    doc: 'Share of a log that must be uncompacted before the cleaner takes it.',
  },
  'log.message.downconversion.enable': {
    type: 'boolean', default: true, topic: 'message.downconversion.enable', support: 'reported',
    doc: 'Whether fetches by old clients are answered by converting batches down (Samsa always does).',
  },
  'log.message.format.version': {
    type: 'string', default: '2.8-IV1', topic: 'message.format.version', support: 'reported',
    doc: 'Record format appended to logs; Samsa always stores magic 2.',
  },
  'log.message.timestamp.difference.max.ms': {
    type: 'long', default: LONG_MAX, range: [0, null], topic: 'message.timestamp.difference.max.ms', support: 'reported',
    doc: 'Largest gap between a CreateTime timestamp and the broker clock.',
  },
  'log.preallocate': {
    type: 'boolean', default: false, topic: 'preallocate', support: 'reported',
    doc: 'Whether segment files are preallocated on creation.',
  },
} as const satisfies ConfigTable;

/** Topic keys with no broker key behind them (Kafka's replication throttles): a topic sets them or nothing does. */
export const TOPIC_ONLY_CONFIG_KEYS: Readonly<Record<string, ConfigKeyDef>> = {
  'leader.replication.throttled.replicas': {
    type: 'list', default: '', support: 'reported', doc: 'Replicas whose leader-side replication is throttled.',
  },
  'follower.replication.throttled.replicas': {
    type: 'list', default: '', support: 'reported', doc: 'Replicas whose follower-side replication is throttled.',
  },
};
