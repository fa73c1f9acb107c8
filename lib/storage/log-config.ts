// Per-partition log settings: the broker's log.* values overlaid with a topic's overrides, under
// Kafka's topic-level key names. Fields, defaults, bounds and key names all come from
// TOPIC_CONFIG_KEYS (the table's entries with a logField); a bad value throws naming the key.
import { parseConfigValue, topicValue, type ConfigValue, type ValueOf } from '../util/config-def';
import { TOPIC_CONFIG_KEYS } from './topic-configs';

type Keys = typeof TOPIC_CONFIG_KEYS;
type LogFieldKey = { [K in keyof Keys]: Keys[K] extends { logField: string } ? K : never }[keyof Keys];

/** One field per topic key storage acts on (retentionMs -1 and retentionBytes -1: unlimited). */
export type LogConfig = { -readonly [K in LogFieldKey as Keys[K]['logField']]: NonNullable<ValueOf<Keys[K]>> };

export type MessageTimestampType = LogConfig['messageTimestampType'];

export class LogConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid value for topic config ${key}: ${message}`);
    this.name = 'LogConfigError';
  }
}

interface LogField {
  /** The topic-level key. */
  key: string;
  field: keyof LogConfig;
  parse: (text: string) => ReturnType<typeof parseConfigValue>;
}

const LOG_FIELDS: readonly LogField[] = Object.values(TOPIC_CONFIG_KEYS).flatMap((def) => {
  if (!('logField' in def)) return [];
  const topicDef = { ...def, range: 'topicRange' in def ? def.topicRange : 'range' in def ? def.range : undefined };
  return [{ key: def.topic, field: def.logField, parse: (text: string) => parseConfigValue(topicDef, text) }];
});

/**
 * The settings a log gets from the broker's values of the log.* keys (`valueOf` by broker key),
 * each topic key taking its first synonym that has a value.
 */
export function logConfigFromBrokerValues(valueOf: (brokerKey: string) => ConfigValue | null): LogConfig {
  const config: Record<string, ConfigValue | null> = {};
  for (const { key, field } of LOG_FIELDS) config[field] = topicValue(TOPIC_CONFIG_KEYS, key, valueOf);
  return config as LogConfig;
}

function defaultOf(key: string): ConfigValue | null {
  return (TOPIC_CONFIG_KEYS as Record<string, { default: ConfigValue | null }>)[key].default;
}

/** Kafka's defaults, as a broker configured with nothing gives them. */
export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze(logConfigFromBrokerValues(defaultOf));

/**
 * Applies topic overrides (Kafka key names) on top of `base`. Keys this module does not own
 * (min.insync.replicas, compression.type, ...) are ignored here; other layers read them.
 */
export function logConfigFromTopicConfig(base: LogConfig, topicConfig: Record<string, string>): LogConfig {
  const config: Record<string, ConfigValue> = { ...base };
  for (const { key, field, parse } of LOG_FIELDS) {
    const text = topicConfig[key];
    if (text === undefined) continue;
    const parsed = parse(text);
    if ('problem' in parsed) throw new LogConfigError(key, parsed.problem);
    config[field] = parsed.value;
  }
  return config as LogConfig;
}

export function hasDeletePolicy(config: LogConfig): boolean {
  return config.cleanupPolicy.split(',').some((policy) => policy.trim() === 'delete');
}
