// Broker configuration: Kafka's key names and defaults (CONFIG.md), parsed from a
// server.properties-style file plus --override pairs. A bad value names its key; unknown keys
// are reported to the caller so it can warn.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseProperties } from '../util/properties';
import type { LogConfig } from '../storage';

export class ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(`Invalid value for configuration '${key}': ${message}`);
  }
}

export interface Listener {
  listenerName: string;
  host: string;
  port: number;
}

export interface BrokerConfig {
  /** The properties as given (file and overrides), for reporting what was set (DescribeConfigs). */
  properties?: ReadonlyMap<string, string>;
  brokerId: number;
  listeners: Listener[];
  advertisedListeners: Listener[];
  logDirs: string[];
  zookeeperConnect: string;
  zookeeperSessionTimeoutMs: number;
  zookeeperConnectionTimeoutMs: number;
  numPartitions: number;
  defaultReplicationFactor: number;
  autoCreateTopicsEnable: boolean;
  deleteTopicEnable: boolean;
  logSegmentBytes: number;
  logRollMs: number;
  logRetentionMs: number;
  logRetentionBytes: number;
  logRetentionCheckIntervalMs: number;
  logIndexIntervalBytes: number;
  logIndexSizeMaxBytes: number;
  logFlushIntervalMessages: number;
  logFlushIntervalMs: number;
  logFlushOffsetCheckpointIntervalMs: number;
  /** replica.high.watermark.checkpoint.interval.ms: also how soon a read-only log dir is noticed. */
  replicaHighWatermarkCheckpointIntervalMs: number;
  logSegmentDeleteDelayMs: number;
  logCleanupPolicy: string;
  logMessageTimestampType: 'CreateTime' | 'LogAppendTime';
  messageMaxBytes: number;
  socketRequestMaxBytes: number;
  minInsyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
  replicaLagTimeMaxMs: number;
  queuedMaxRequests: number;
  /** connections.max.idle.ms: a connection silent this long is closed; 0 or negative: never. */
  connectionsMaxIdleMs: number;
  interBrokerListenerName: string;
  autoLeaderRebalanceEnable: boolean;
  leaderImbalanceCheckIntervalMs: number;
  leaderImbalancePerBrokerPercentage: number;
  controlledShutdownEnable: boolean;
  controlledShutdownMaxRetries: number;
  controlledShutdownRetryBackoffMs: number;
  replicaFetchMaxBytes: number;
  replicaFetchWaitMaxMs: number;
  replicaFetchMinBytes: number;
  replicaFetchBackoffMs: number;
  replicaFetchResponseMaxBytes: number;
  replicaSocketTimeoutMs: number;
  controllerSocketTimeoutMs: number;
  offsetsTopicNumPartitions: number;
  offsetsTopicReplicationFactor: number;
  groupInitialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  /** transactional.id.expiration.ms: also how long an idle producer id's state is kept. */
  transactionalIdExpirationMs: number;
  offsetMetadataMaxBytes: number;
  logLevel: string;
}

type Raw = Map<string, string>;

/** Keys Kafka defines that Samsa accepts without acting on them (no warning for these). */
const ACCEPTED_KAFKA_KEYS = new Set([
  'num.network.threads', 'num.io.threads', 'socket.send.buffer.bytes', 'socket.receive.buffer.bytes',
  'num.recovery.threads.per.data.dir', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'log.cleaner.enable', 'broker.rack', 'listener.security.protocol.map',
  'num.replica.fetchers',
  'log.flush.scheduler.interval.ms', 'log.flush.start.offset.checkpoint.interval.ms', 'offsets.commit.timeout.ms', 'offsets.commit.required.acks', 'offsets.topic.segment.bytes',
]);

const KNOWN_KEYS = new Set([
  'broker.id', 'listeners', 'advertised.listeners', 'log.dirs', 'log.dir', 'zookeeper.connect',
  'zookeeper.session.timeout.ms', 'zookeeper.connection.timeout.ms', 'num.partitions',
  'default.replication.factor', 'auto.create.topics.enable', 'delete.topic.enable', 'log.segment.bytes',
  'log.roll.ms', 'log.roll.hours', 'log.retention.ms', 'log.retention.minutes', 'log.retention.hours',
  'log.retention.bytes', 'log.retention.check.interval.ms', 'log.index.interval.bytes',
  'log.index.size.max.bytes', 'log.flush.interval.messages', 'log.flush.interval.ms',
  'log.flush.offset.checkpoint.interval.ms', 'replica.high.watermark.checkpoint.interval.ms', 'log.segment.delete.delay.ms', 'log.cleanup.policy',
  'log.message.timestamp.type', 'message.max.bytes', 'socket.request.max.bytes', 'min.insync.replicas',
  'unclean.leader.election.enable', 'replica.lag.time.max.ms', 'queued.max.requests', 'connections.max.idle.ms', 'samsa.log.level',
  ...ACCEPTED_KAFKA_KEYS,
  'inter.broker.listener.name', 'auto.leader.rebalance.enable', 'leader.imbalance.check.interval.seconds',
  'leader.imbalance.per.broker.percentage', 'controlled.shutdown.enable', 'controlled.shutdown.max.retries',
  'controlled.shutdown.retry.backoff.ms', 'replica.fetch.max.bytes', 'replica.fetch.wait.max.ms', 'replica.fetch.min.bytes',
  'replica.fetch.backoff.ms', 'replica.fetch.response.max.bytes', 'controller.socket.timeout.ms', 'replica.socket.timeout.ms',
  'offsets.topic.num.partitions', 'offsets.topic.replication.factor', 'group.initial.rebalance.delay.ms',
  'group.min.session.timeout.ms', 'group.max.session.timeout.ms', 'offsets.retention.minutes', 'offset.metadata.max.bytes',
  'offsets.retention.check.interval.ms',
  'transactional.id.expiration.ms',
]);

const LONG_MAX = Number.MAX_SAFE_INTEGER;

function intValue(raw: Raw, key: string, fallback: number, min = Number.MIN_SAFE_INTEGER, max = LONG_MAX): number {
  const text = raw.get(key);
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(key, `'${text}' is not an integer`);
  // Kafka's "Long.MAX_VALUE" defaults are accepted and clamped to the largest safe integer.
  const value = Math.min(Number(text.trim()), LONG_MAX);
  if (value < min || value > max) throw new ConfigError(key, `${text} is outside [${min}, ${max}]`);
  return value;
}

function boolValue(raw: Raw, key: string, fallback: boolean): boolean {
  const text = raw.get(key);
  if (text === undefined) return fallback;
  const lowered = text.trim().toLowerCase();
  if (lowered !== 'true' && lowered !== 'false') throw new ConfigError(key, `'${text}' is not true or false`);
  return lowered === 'true';
}

function firstInt(raw: Raw, keys: Array<[string, number]>, fallback: number): number {
  for (const [key, scale] of keys) {
    if (raw.has(key)) {
      const value = intValue(raw, key, 0, -1);
      return value < 0 ? -1 : value * scale;
    }
  }
  return fallback;
}

export function parseListeners(key: string, text: string): Listener[] {
  const listeners = text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
    if (!match) throw new ConfigError(key, `'${entry}' is not of the form NAME://host:port`);
    const port = Number(match[3]);
    if (port > 65535) throw new ConfigError(key, `port ${port} is out of range`);
    return { listenerName: match[1].toUpperCase(), host: match[2].replace(/^\[|\]$/g, ''), port };
  });
  if (listeners.length === 0) throw new ConfigError(key, 'no listener given');
  const names = new Set(listeners.map((l) => l.listenerName));
  if (names.size !== listeners.length) throw new ConfigError(key, 'each listener name must appear once');
  return listeners;
}

function advertised(raw: Raw, listeners: Listener[]): Listener[] {
  const text = raw.get('advertised.listeners');
  const chosen = text === undefined ? listeners : parseListeners('advertised.listeners', text);
  for (const l of chosen) {
    if (text !== undefined && (l.host === '0.0.0.0' || l.host === '::')) {
      throw new ConfigError('advertised.listeners', `${l.host} cannot be advertised; give a reachable host`);
    }
  }
  return chosen.map((l) => ({ ...l, host: l.host === '' || l.host === '0.0.0.0' ? os.hostname() : l.host }));
}

function interBrokerListener(raw: Raw, listeners: Listener[]): string {
  const name = (raw.get('inter.broker.listener.name') ?? 'PLAINTEXT').trim().toUpperCase();
  if (!listeners.some((l) => l.listenerName === name)) {
    if (raw.has('inter.broker.listener.name')) throw new ConfigError('inter.broker.listener.name', `'${name}' is not one of the listeners`);
    return listeners[0].listenerName;
  }
  return name;
}

function required(raw: Raw, key: string): string {
  const value = raw.get(key);
  if (value === undefined || value.trim() === '') throw new ConfigError(key, 'is required');
  return value.trim();
}

function timestampType(raw: Raw): 'CreateTime' | 'LogAppendTime' {
  const text = raw.get('log.message.timestamp.type') ?? 'CreateTime';
  if (text !== 'CreateTime' && text !== 'LogAppendTime') {
    throw new ConfigError('log.message.timestamp.type', `'${text}' must be CreateTime or LogAppendTime`);
  }
  return text;
}

function zookeeperConnect(raw: Raw): string {
  const text = required(raw, 'zookeeper.connect');
  const slash = text.indexOf('/');
  const hosts = slash < 0 ? text : text.slice(0, slash);
  for (const hostPort of hosts.split(',')) {
    if (!/^[^:,/]+:\d+$/.test(hostPort.trim())) {
      throw new ConfigError('zookeeper.connect', `'${hostPort}' is not host:port`);
    }
  }
  if (slash >= 0 && (text.endsWith('/') || text.slice(slash).includes('//'))) {
    throw new ConfigError('zookeeper.connect', `chroot '${text.slice(slash)}' is not a valid path`);
  }
  return text;
}

export function buildBrokerConfig(raw: Raw): BrokerConfig {
  const listeners = parseListeners('listeners', raw.get('listeners') ?? 'PLAINTEXT://:9092');
  const sessionTimeoutMs = intValue(raw, 'zookeeper.session.timeout.ms', 18000, 1);
  const logDirsText = raw.get('log.dirs') ?? raw.get('log.dir') ?? '/tmp/kafka-logs';
  const logDirs = logDirsText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (logDirs.length === 0) throw new ConfigError('log.dirs', 'no directory given');
  const policy = raw.get('log.cleanup.policy') ?? 'delete';
  if (!policy.split(',').every((p) => p.trim() === 'delete' || p.trim() === 'compact')) {
    throw new ConfigError('log.cleanup.policy', `'${policy}' must be delete and/or compact`);
  }
  return {
    properties: new Map(raw),
    brokerId: intValue(raw, 'broker.id', -1, -1, 2147483647),
    listeners,
    advertisedListeners: advertised(raw, listeners),
    logDirs,
    zookeeperConnect: zookeeperConnect(raw),
    zookeeperSessionTimeoutMs: sessionTimeoutMs,
    zookeeperConnectionTimeoutMs: intValue(raw, 'zookeeper.connection.timeout.ms', sessionTimeoutMs, 1),
    numPartitions: intValue(raw, 'num.partitions', 1, 1, 1000000),
    defaultReplicationFactor: intValue(raw, 'default.replication.factor', 1, 1, 32767),
    autoCreateTopicsEnable: boolValue(raw, 'auto.create.topics.enable', true),
    deleteTopicEnable: boolValue(raw, 'delete.topic.enable', true),
    logSegmentBytes: intValue(raw, 'log.segment.bytes', 1073741824, 14, 2147483647),
    logRollMs: firstInt(raw, [['log.roll.ms', 1], ['log.roll.hours', 3600000]], 168 * 3600000),
    logRetentionMs: firstInt(raw, [['log.retention.ms', 1], ['log.retention.minutes', 60000], ['log.retention.hours', 3600000]], 168 * 3600000),
    logRetentionBytes: intValue(raw, 'log.retention.bytes', -1, -1),
    logRetentionCheckIntervalMs: intValue(raw, 'log.retention.check.interval.ms', 300000, 1),
    logIndexIntervalBytes: intValue(raw, 'log.index.interval.bytes', 4096, 0),
    logIndexSizeMaxBytes: intValue(raw, 'log.index.size.max.bytes', 10485760, 4),
    logFlushIntervalMessages: intValue(raw, 'log.flush.interval.messages', LONG_MAX, 1),
    logFlushIntervalMs: intValue(raw, 'log.flush.interval.ms', LONG_MAX, 0),
    logFlushOffsetCheckpointIntervalMs: intValue(raw, 'log.flush.offset.checkpoint.interval.ms', 60000, 0),
    replicaHighWatermarkCheckpointIntervalMs: intValue(raw, 'replica.high.watermark.checkpoint.interval.ms', 5000, 1),
    logSegmentDeleteDelayMs: intValue(raw, 'log.segment.delete.delay.ms', 60000, 0),
    logCleanupPolicy: policy,
    logMessageTimestampType: timestampType(raw),
    messageMaxBytes: intValue(raw, 'message.max.bytes', 1048588, 0, 2147483647),
    socketRequestMaxBytes: intValue(raw, 'socket.request.max.bytes', 104857600, 1, 2147483647),
    minInsyncReplicas: intValue(raw, 'min.insync.replicas', 1, 1),
    uncleanLeaderElectionEnable: boolValue(raw, 'unclean.leader.election.enable', false),
    replicaLagTimeMaxMs: intValue(raw, 'replica.lag.time.max.ms', 30000, 1),
    queuedMaxRequests: intValue(raw, 'queued.max.requests', 500, 1),
    connectionsMaxIdleMs: intValue(raw, 'connections.max.idle.ms', 600000, -1),
    interBrokerListenerName: interBrokerListener(raw, listeners),
    autoLeaderRebalanceEnable: boolValue(raw, 'auto.leader.rebalance.enable', true),
    leaderImbalanceCheckIntervalMs: intValue(raw, 'leader.imbalance.check.interval.seconds', 300, 1) * 1000,
    leaderImbalancePerBrokerPercentage: intValue(raw, 'leader.imbalance.per.broker.percentage', 10, 0, 100),
    controlledShutdownEnable: boolValue(raw, 'controlled.shutdown.enable', true),
    controlledShutdownMaxRetries: intValue(raw, 'controlled.shutdown.max.retries', 3, 0),
    controlledShutdownRetryBackoffMs: intValue(raw, 'controlled.shutdown.retry.backoff.ms', 5000, 0),
    replicaFetchMaxBytes: intValue(raw, 'replica.fetch.max.bytes', 1048576, 0, 2147483647),
    replicaFetchWaitMaxMs: intValue(raw, 'replica.fetch.wait.max.ms', 500, 0),
    replicaFetchMinBytes: intValue(raw, 'replica.fetch.min.bytes', 1, 1),
    replicaFetchBackoffMs: intValue(raw, 'replica.fetch.backoff.ms', 1000, 0),
    replicaFetchResponseMaxBytes: intValue(raw, 'replica.fetch.response.max.bytes', 10485760, 0, 2147483647),
    replicaSocketTimeoutMs: intValue(raw, 'replica.socket.timeout.ms', 30000, 1),
    controllerSocketTimeoutMs: intValue(raw, 'controller.socket.timeout.ms', 30000, 1),
    offsetsTopicNumPartitions: intValue(raw, 'offsets.topic.num.partitions', 50, 1, 100000),
    offsetsTopicReplicationFactor: intValue(raw, 'offsets.topic.replication.factor', 3, 1, 32767),
    groupInitialRebalanceDelayMs: intValue(raw, 'group.initial.rebalance.delay.ms', 3000, 0),
    groupMinSessionTimeoutMs: intValue(raw, 'group.min.session.timeout.ms', 6000, 0),
    groupMaxSessionTimeoutMs: intValue(raw, 'group.max.session.timeout.ms', 1800000, 0),
    offsetsRetentionMs: intValue(raw, 'offsets.retention.minutes', 10080, 1) * 60000,
    offsetsRetentionCheckIntervalMs: intValue(raw, 'offsets.retention.check.interval.ms', 600000, 1),
    transactionalIdExpirationMs: intValue(raw, 'transactional.id.expiration.ms', 604800000, 1),
    offsetMetadataMaxBytes: intValue(raw, 'offset.metadata.max.bytes', 4096, 0),
    logLevel: raw.get('samsa.log.level') ?? process.env.LOG_LEVEL ?? 'info',
  };
}

export function unknownKeys(raw: Raw): string[] {
  return [...raw.keys()].filter((key) => !KNOWN_KEYS.has(key));
}

export function applyOverrides(raw: Raw, overrides: string[]): Raw {
  const merged = new Map(raw);
  for (const pair of overrides) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(pair, 'an override must be key=value');
    merged.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return merged;
}

export function readConfigFile(path: string): Raw {
  return parseProperties(fs.readFileSync(path, 'utf8'));
}

/** The broker-wide defaults every partition log starts from (topic overrides apply on top). */
export function baseLogConfig(config: BrokerConfig): LogConfig {
  return {
    segmentBytes: config.logSegmentBytes,
    segmentMs: config.logRollMs,
    segmentJitterMs: 0,
    indexIntervalBytes: config.logIndexIntervalBytes,
    segmentIndexBytes: config.logIndexSizeMaxBytes,
    retentionMs: config.logRetentionMs,
    retentionBytes: config.logRetentionBytes,
    flushIntervalMessages: config.logFlushIntervalMessages,
    flushIntervalMs: config.logFlushIntervalMs,
    fileDeleteDelayMs: config.logSegmentDeleteDelayMs,
    maxMessageBytes: config.messageMaxBytes,
    messageTimestampType: config.logMessageTimestampType,
    cleanupPolicy: config.logCleanupPolicy,
  };
}
