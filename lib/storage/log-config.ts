// Per-partition log settings: the broker's log.* defaults overlaid with a topic's overrides,
// under Kafka's topic-level key names. A bad value throws naming the key.

export type MessageTimestampType = 'CreateTime' | 'LogAppendTime';

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  segmentJitterMs: number;
  indexIntervalBytes: number;
  segmentIndexBytes: number;
  /** -1 = unlimited. */
  retentionMs: number;
  /** Per partition; -1 = unlimited. */
  retentionBytes: number;
  flushIntervalMessages: number;
  flushIntervalMs: number;
  fileDeleteDelayMs: number;
  maxMessageBytes: number;
  messageTimestampType: MessageTimestampType;
  /** Comma-separated subset of `delete`, `compact`. */
  cleanupPolicy: string;
}

const HOUR_MS = 60 * 60 * 1000;
/** Kafka's Long.MAX_VALUE defaults ("never"), kept exact enough for comparisons. */
const NEVER = Number.MAX_SAFE_INTEGER;

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1073741824,
  segmentMs: 168 * HOUR_MS,
  segmentJitterMs: 0,
  indexIntervalBytes: 4096,
  segmentIndexBytes: 10485760,
  retentionMs: 168 * HOUR_MS,
  retentionBytes: -1,
  flushIntervalMessages: NEVER,
  flushIntervalMs: NEVER,
  fileDeleteDelayMs: 60000,
  maxMessageBytes: 1048588,
  messageTimestampType: 'CreateTime',
  cleanupPolicy: 'delete',
});

export class LogConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid value for topic config ${key}: ${message}`);
    this.name = 'LogConfigError';
  }
}

type NumericField = Exclude<keyof LogConfig, 'messageTimestampType' | 'cleanupPolicy'>;

const INT32_MAX = 0x7fffffff;

/** Topic-level key -> field, with Kafka's lower bound and whether the type is INT (else LONG). */
const NUMERIC_KEYS: ReadonlyArray<{ key: string; field: NumericField; min: number; int32: boolean }> = [
  { key: 'segment.bytes', field: 'segmentBytes', min: 14, int32: true },
  { key: 'segment.ms', field: 'segmentMs', min: 1, int32: false },
  { key: 'segment.jitter.ms', field: 'segmentJitterMs', min: 0, int32: false },
  { key: 'segment.index.bytes', field: 'segmentIndexBytes', min: 0, int32: true },
  { key: 'index.interval.bytes', field: 'indexIntervalBytes', min: 0, int32: true },
  { key: 'retention.ms', field: 'retentionMs', min: -1, int32: false },
  { key: 'retention.bytes', field: 'retentionBytes', min: Number.MIN_SAFE_INTEGER, int32: false },
  { key: 'flush.messages', field: 'flushIntervalMessages', min: 0, int32: false },
  { key: 'flush.ms', field: 'flushIntervalMs', min: 0, int32: false },
  { key: 'file.delete.delay.ms', field: 'fileDeleteDelayMs', min: 0, int32: false },
  { key: 'max.message.bytes', field: 'maxMessageBytes', min: 0, int32: true },
];

const TIMESTAMP_TYPES: readonly string[] = ['CreateTime', 'LogAppendTime'];
const CLEANUP_POLICIES: readonly string[] = ['delete', 'compact'];

/**
 * Applies topic overrides (Kafka key names) on top of `base`. Keys this module does not own
 * (min.insync.replicas, compression.type, ...) are ignored here; other layers read them.
 */
export function logConfigFromTopicConfig(base: LogConfig, topicConfig: Record<string, string>): LogConfig {
  const config: LogConfig = { ...base };
  for (const { key, field, min, int32 } of NUMERIC_KEYS) {
    const text = topicConfig[key];
    if (text !== undefined) config[field] = parseNumber(key, text, min, int32);
  }
  const timestampType = topicConfig['message.timestamp.type'];
  if (timestampType !== undefined) {
    if (!TIMESTAMP_TYPES.includes(timestampType)) {
      throw new LogConfigError('message.timestamp.type', `'${timestampType}' is not CreateTime or LogAppendTime`);
    }
    config.messageTimestampType = timestampType as MessageTimestampType;
  }
  const policy = topicConfig['cleanup.policy'];
  if (policy !== undefined) config.cleanupPolicy = parseCleanupPolicy(policy);
  return config;
}

export function hasDeletePolicy(config: LogConfig): boolean {
  return cleanupPolicies(config.cleanupPolicy).includes('delete');
}

function cleanupPolicies(policy: string): string[] {
  return policy.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

function parseCleanupPolicy(text: string): string {
  const policies = cleanupPolicies(text);
  const unknown = policies.find((p) => !CLEANUP_POLICIES.includes(p));
  if (unknown !== undefined || policies.length === 0) {
    throw new LogConfigError('cleanup.policy', `'${text}' must be a list of delete, compact`);
  }
  return policies.join(',');
}

function parseNumber(key: string, text: string, min: number, int32: boolean): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new LogConfigError(key, `'${text}' is not an integer`);
  // Long.MAX_VALUE and friends mean "never"; beyond 2^53 the exact value does not matter.
  const value = Math.max(Math.min(Number(trimmed), NEVER), -NEVER);
  if (int32 && value > INT32_MAX) throw new LogConfigError(key, `${text} exceeds ${INT32_MAX}`);
  if (value < min) throw new LogConfigError(key, `${text} is below the minimum ${min}`);
  return value;
}
