// What DescribeConfigs reports: every topic-level key with its effective value (the topic's
// override from /config/topics/<t>, else the broker's log.* setting it falls back to, else
// Kafka's default) and every broker key with its value, each with Kafka's source and synonyms.
// Pure functions of BrokerConfig and a topic's overrides; it reads nothing and writes nothing.
//
// BrokerConfig keeps parsed values, not the properties file, so "set in the file" is inferred:
// a broker key whose value differs from Kafka's default is STATIC_BROKER_CONFIG, otherwise
// DEFAULT_CONFIG. Where Kafka has several keys for one setting (log.retention.ms/.minutes/
// .hours), a non-default value is reported under the most precise key (…ms).
import type { BrokerConfig } from './config';
import { ConfigSource } from '../protocol/config-resource';

export interface ConfigSynonymView {
  name: string;
  value: string | null;
  source: number;
}

export interface ConfigEntryView {
  name: string;
  value: string | null;
  source: number;
  isSensitive: boolean;
  readOnly: boolean;
  /** Highest-precedence first, as Kafka lists them. */
  synonyms: ConfigSynonymView[];
}

/** Kafka's Long.MAX_VALUE; Samsa holds "never" as Number.MAX_SAFE_INTEGER. */
const LONG_MAX_TEXT = '9223372036854775807';
const HOUR_MS = 3600000;
const WEEK_HOURS = 168;
const SENSITIVE_KEY = /password|secret|\.jaas\.config$|\.key$/;

interface BrokerKey {
  name: string;
  /** Kafka's default as text; null when Kafka has none. */
  defaultValue: string | null;
  /** This broker's value; null = not set (Kafka's default applies). Absent = Samsa never reads the key. */
  current?: (config: BrokerConfig) => string | null;
}

interface TopicKey {
  name: string;
  /** Broker keys the topic key falls back to, in Kafka's precedence order. */
  brokerSynonyms: string[];
  effective: (config: BrokerConfig) => string;
}

function longText(value: number): string {
  return value >= Number.MAX_SAFE_INTEGER ? LONG_MAX_TEXT : String(value);
}

function listenersText(listeners: BrokerConfig['listeners']): string {
  return listeners.map((l) => `${l.listenerName}://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`).join(',');
}

const plain = (name: string, defaultValue: string | null, read: (c: BrokerConfig) => string | number | boolean): BrokerKey =>
  ({ name, defaultValue, current: (c) => (typeof read(c) === 'number' ? longText(read(c) as number) : String(read(c))) });
/** Set only when it differs from what an unset key would give. */
const unlessEqual = (name: string, read: (c: BrokerConfig) => string, implied: (c: BrokerConfig) => string): BrokerKey =>
  ({ name, defaultValue: null, current: (c) => (read(c) === implied(c) ? null : read(c)) });
const fixed = (name: string, defaultValue: string | null): BrokerKey => ({ name, defaultValue });

const BROKER_KEYS: readonly BrokerKey[] = [
  plain('broker.id', '-1', (c) => c.brokerId),
  plain('listeners', null, (c) => listenersText(c.listeners)),
  unlessEqual('advertised.listeners', (c) => listenersText(c.advertisedListeners), (c) => listenersText(c.listeners)),
  plain('log.dirs', null, (c) => c.logDirs.join(',')),
  fixed('log.dir', '/tmp/kafka-logs'),
  plain('zookeeper.connect', null, (c) => c.zookeeperConnect),
  plain('zookeeper.session.timeout.ms', '18000', (c) => c.zookeeperSessionTimeoutMs),
  unlessEqual('zookeeper.connection.timeout.ms', (c) => String(c.zookeeperConnectionTimeoutMs), (c) => String(c.zookeeperSessionTimeoutMs)),
  plain('num.partitions', '1', (c) => c.numPartitions),
  plain('default.replication.factor', '1', (c) => c.defaultReplicationFactor),
  plain('auto.create.topics.enable', 'true', (c) => c.autoCreateTopicsEnable),
  plain('delete.topic.enable', 'true', (c) => c.deleteTopicEnable),
  plain('log.segment.bytes', '1073741824', (c) => c.logSegmentBytes),
  unlessEqual('log.roll.ms', (c) => longText(c.logRollMs), () => String(WEEK_HOURS * HOUR_MS)),
  fixed('log.roll.hours', String(WEEK_HOURS)),
  fixed('log.roll.jitter.ms', null),
  fixed('log.roll.jitter.hours', '0'),
  unlessEqual('log.retention.ms', (c) => longText(c.logRetentionMs), () => String(WEEK_HOURS * HOUR_MS)),
  fixed('log.retention.minutes', null),
  fixed('log.retention.hours', String(WEEK_HOURS)),
  plain('log.retention.bytes', '-1', (c) => c.logRetentionBytes),
  plain('log.retention.check.interval.ms', '300000', (c) => c.logRetentionCheckIntervalMs),
  plain('log.index.interval.bytes', '4096', (c) => c.logIndexIntervalBytes),
  plain('log.index.size.max.bytes', '10485760', (c) => c.logIndexSizeMaxBytes),
  plain('log.flush.interval.messages', LONG_MAX_TEXT, (c) => c.logFlushIntervalMessages),
  unlessEqual('log.flush.interval.ms', (c) => longText(c.logFlushIntervalMs), () => LONG_MAX_TEXT),
  fixed('log.flush.scheduler.interval.ms', LONG_MAX_TEXT),
  plain('log.flush.offset.checkpoint.interval.ms', '60000', (c) => c.logFlushOffsetCheckpointIntervalMs),
  plain('replica.high.watermark.checkpoint.interval.ms', '5000', (c) => c.replicaHighWatermarkCheckpointIntervalMs),
  plain('log.segment.delete.delay.ms', '60000', (c) => c.logSegmentDeleteDelayMs),
  plain('log.cleanup.policy', 'delete', (c) => c.logCleanupPolicy),
  plain('log.message.timestamp.type', 'CreateTime', (c) => c.logMessageTimestampType),
  fixed('log.message.timestamp.difference.max.ms', LONG_MAX_TEXT),
  fixed('log.message.format.version', '2.8-IV1'),
  fixed('log.message.downconversion.enable', 'true'),
  fixed('log.preallocate', 'false'),
  fixed('log.cleaner.delete.retention.ms', '86400000'),
  fixed('log.cleaner.min.compaction.lag.ms', '0'),
  fixed('log.cleaner.max.compaction.lag.ms', LONG_MAX_TEXT),
  fixed('log.cleaner.min.cleanable.ratio', '0.5'),
  fixed('compression.type', 'producer'),
  plain('message.max.bytes', '1048588', (c) => c.messageMaxBytes),
  plain('socket.request.max.bytes', '104857600', (c) => c.socketRequestMaxBytes),
  plain('min.insync.replicas', '1', (c) => c.minInsyncReplicas),
  plain('unclean.leader.election.enable', 'false', (c) => c.uncleanLeaderElectionEnable),
  plain('replica.lag.time.max.ms', '30000', (c) => c.replicaLagTimeMaxMs),
  plain('queued.max.requests', '500', (c) => c.queuedMaxRequests),
  plain('connections.max.idle.ms', '600000', (c) => c.connectionsMaxIdleMs),
  unlessEqual('inter.broker.listener.name', (c) => c.interBrokerListenerName, () => 'PLAINTEXT'),
  plain('auto.leader.rebalance.enable', 'true', (c) => c.autoLeaderRebalanceEnable),
  plain('leader.imbalance.check.interval.seconds', '300', (c) => c.leaderImbalanceCheckIntervalMs / 1000),
  plain('leader.imbalance.per.broker.percentage', '10', (c) => c.leaderImbalancePerBrokerPercentage),
  plain('controlled.shutdown.enable', 'true', (c) => c.controlledShutdownEnable),
  plain('controlled.shutdown.max.retries', '3', (c) => c.controlledShutdownMaxRetries),
  plain('controlled.shutdown.retry.backoff.ms', '5000', (c) => c.controlledShutdownRetryBackoffMs),
  plain('replica.fetch.max.bytes', '1048576', (c) => c.replicaFetchMaxBytes),
  plain('replica.fetch.wait.max.ms', '500', (c) => c.replicaFetchWaitMaxMs),
  plain('replica.fetch.min.bytes', '1', (c) => c.replicaFetchMinBytes),
  plain('replica.fetch.backoff.ms', '1000', (c) => c.replicaFetchBackoffMs),
  plain('replica.fetch.response.max.bytes', '10485760', (c) => c.replicaFetchResponseMaxBytes),
  plain('replica.socket.timeout.ms', '30000', (c) => c.replicaSocketTimeoutMs),
  plain('controller.socket.timeout.ms', '30000', (c) => c.controllerSocketTimeoutMs),
  plain('offsets.topic.num.partitions', '50', (c) => c.offsetsTopicNumPartitions),
  plain('offsets.topic.replication.factor', '3', (c) => c.offsetsTopicReplicationFactor),
  plain('group.initial.rebalance.delay.ms', '3000', (c) => c.groupInitialRebalanceDelayMs),
  plain('group.min.session.timeout.ms', '6000', (c) => c.groupMinSessionTimeoutMs),
  plain('group.max.session.timeout.ms', '1800000', (c) => c.groupMaxSessionTimeoutMs),
  plain('offsets.retention.minutes', '10080', (c) => c.offsetsRetentionMs / 60000),
  plain('offsets.retention.check.interval.ms', '600000', (c) => c.offsetsRetentionCheckIntervalMs),
  plain('transactional.id.expiration.ms', '604800000', (c) => c.transactionalIdExpirationMs),
  plain('offset.metadata.max.bytes', '4096', (c) => c.offsetMetadataMaxBytes),
];

const BROKER_KEY_BY_NAME = new Map(BROKER_KEYS.map((k) => [k.name, k]));

const topicKey = (name: string, brokerSynonyms: string[], effective: (c: BrokerConfig) => string | number | boolean): TopicKey =>
  ({ name, brokerSynonyms, effective: (c) => { const v = effective(c); return typeof v === 'number' ? longText(v) : String(v); } });
/** A topic key Samsa does not act on: its value is its broker synonym's Kafka default. */
const kafkaOnly = (name: string, brokerSynonym: string): TopicKey =>
  topicKey(name, [brokerSynonym], () => BROKER_KEY_BY_NAME.get(brokerSynonym)?.defaultValue ?? '');

/** Kafka 2.8's LogConfig keys and their broker synonyms (LogConfig.TopicConfigSynonyms). */
const TOPIC_KEYS: readonly TopicKey[] = [
  topicKey('cleanup.policy', ['log.cleanup.policy'], (c) => c.logCleanupPolicy),
  kafkaOnly('compression.type', 'compression.type'),
  kafkaOnly('delete.retention.ms', 'log.cleaner.delete.retention.ms'),
  topicKey('file.delete.delay.ms', ['log.segment.delete.delay.ms'], (c) => c.logSegmentDeleteDelayMs),
  topicKey('flush.messages', ['log.flush.interval.messages'], (c) => c.logFlushIntervalMessages),
  topicKey('flush.ms', ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'], (c) => c.logFlushIntervalMs),
  topicKey('follower.replication.throttled.replicas', [], () => ''),
  topicKey('index.interval.bytes', ['log.index.interval.bytes'], (c) => c.logIndexIntervalBytes),
  topicKey('leader.replication.throttled.replicas', [], () => ''),
  kafkaOnly('max.compaction.lag.ms', 'log.cleaner.max.compaction.lag.ms'),
  topicKey('max.message.bytes', ['message.max.bytes'], (c) => c.messageMaxBytes),
  kafkaOnly('message.downconversion.enable', 'log.message.downconversion.enable'),
  kafkaOnly('message.format.version', 'log.message.format.version'),
  kafkaOnly('message.timestamp.difference.max.ms', 'log.message.timestamp.difference.max.ms'),
  topicKey('message.timestamp.type', ['log.message.timestamp.type'], (c) => c.logMessageTimestampType),
  kafkaOnly('min.cleanable.dirty.ratio', 'log.cleaner.min.cleanable.ratio'),
  kafkaOnly('min.compaction.lag.ms', 'log.cleaner.min.compaction.lag.ms'),
  topicKey('min.insync.replicas', ['min.insync.replicas'], (c) => c.minInsyncReplicas),
  kafkaOnly('preallocate', 'log.preallocate'),
  topicKey('retention.bytes', ['log.retention.bytes'], (c) => c.logRetentionBytes),
  topicKey('retention.ms', ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'], (c) => c.logRetentionMs),
  topicKey('segment.bytes', ['log.segment.bytes'], (c) => c.logSegmentBytes),
  topicKey('segment.index.bytes', ['log.index.size.max.bytes'], (c) => c.logIndexSizeMaxBytes),
  topicKey('segment.jitter.ms', ['log.roll.jitter.ms', 'log.roll.jitter.hours'], () => 0),
  topicKey('segment.ms', ['log.roll.ms', 'log.roll.hours'], (c) => c.logRollMs),
  topicKey('unclean.leader.election.enable', ['unclean.leader.election.enable'], (c) => c.uncleanLeaderElectionEnable),
];

/** The value a broker key has when set; null when it is at Kafka's default (or unknown). */
/** The value the properties file set for a key (as written), or null when it set none. */
function staticValue(config: BrokerConfig, key: BrokerKey): string | null {
  if (config.properties) return config.properties.get(key.name) ?? null;
  // A config built without its properties: a value other than the default must have been set.
  const value = key.current?.(config) ?? null;
  return value !== null && value !== key.defaultValue ? value : null;
}

/** Kafka lists synonyms by source tier (static, then default), each tier in key order. */
function brokerSynonyms(config: BrokerConfig, names: string[], hide: boolean): ConfigSynonymView[] {
  const keys = names.map((n) => BROKER_KEY_BY_NAME.get(n)).filter((k): k is BrokerKey => k !== undefined);
  const staticTier = keys.flatMap((k) => {
    const value = staticValue(config, k);
    return value === null ? [] : [{ name: k.name, value: hide ? null : value, source: ConfigSource.STATIC_BROKER_CONFIG }];
  });
  const defaultTier = keys.filter((k) => k.defaultValue !== null)
    .map((k) => ({ name: k.name, value: hide ? null : k.defaultValue, source: ConfigSource.DEFAULT_CONFIG }));
  return [...staticTier, ...defaultTier];
}

/** This broker's own configs (BROKER resource named by its id). */
export function describeBrokerConfigs(config: BrokerConfig): ConfigEntryView[] {
  return BROKER_KEYS.map((key) => {
    const isSensitive = SENSITIVE_KEY.test(key.name);
    const set = staticValue(config, key);
    const value = isSensitive ? null : set ?? key.defaultValue;
    const source = set !== null ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
    return { name: key.name, value, source, isSensitive, readOnly: false, synonyms: brokerSynonyms(config, [key.name], isSensitive) };
  }).sort(byName);
}

/** A topic's configs: overrides (DYNAMIC_TOPIC_CONFIG) over the broker's settings over defaults. */
export function describeTopicConfigs(config: BrokerConfig, overrides: Readonly<Record<string, string>>): ConfigEntryView[] {
  const known = new Set(TOPIC_KEYS.map((k) => k.name));
  const entries = TOPIC_KEYS.map((key) => {
    const override = overrides[key.name];
    const fallbacks = brokerSynonyms(config, key.brokerSynonyms, false);
    const synonyms = override === undefined ? fallbacks
      : [{ name: key.name, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, ...fallbacks];
    const value = override ?? key.effective(config);
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    return { name: key.name, value, source, isSensitive: false, readOnly: false, synonyms };
  });
  // Kafka reports every stored override, also keys it does not know.
  const extra = Object.entries(overrides).filter(([name]) => !known.has(name)).map(([name, value]) => ({
    name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG, isSensitive: false, readOnly: false,
    synonyms: [{ name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }],
  }));
  return [...entries, ...extra].sort(byName);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
