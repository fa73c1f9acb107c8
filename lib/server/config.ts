// Broker configuration, parsed from a server.properties-style file plus --override pairs. The
// keys, types, defaults and bounds are the table's (config-def.ts); this module derives the typed
// BrokerConfig from it: one field per key that Samsa reads (named after the key), plus the few
// fields computed from several keys. A bad value names its key; unknown keys are reported to the
// caller so it can warn.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseProperties } from '../util/properties';
import {
  camelCase,
  readConfigValues,
  topicValue,
  type CamelCase,
  type ConfigKeyDef,
  type ConfigValue,
  type ConfigValues,
  type ValueOf,
} from '../util/config-def';
import { logConfigFromBrokerValues, type LogConfig } from '../storage';
import { BROKER_CONFIG_KEYS, parseHttpListener } from './config-def';
import { isSecurityProtocol, type SecurityProtocol } from '../network/security-protocol';

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid value for configuration '${key}': ${message}`);
  }
}

export interface Listener {
  listenerName: string;
  /** From listener.security.protocol.map. */
  securityProtocol: SecurityProtocol;
  host: string;
  port: number;
}

type Keys = typeof BROKER_CONFIG_KEYS;
type Values = ConfigValues<Keys>;
type Raw = Map<string, string>;

/** Keys whose value is a field of its own, named after the key (log.segment.bytes -> logSegmentBytes). */
type PlainKey = { [K in keyof Keys]: Keys[K] extends { support: string } | { derived: true } ? never : K }[keyof Keys];
type PlainFields = { -readonly [K in PlainKey as CamelCase<K>]: ValueOf<Keys[K]> };

export type BrokerConfig = PlainFields &
  DerivedFields & {
    /** The properties as given (file and overrides), for reporting what was set (DescribeConfigs). */
    properties: ReadonlyMap<string, string>;
    /** Every key's value (Kafka's default where unset); the fields are derived from these. */
    values: Values;
  };

/** listener.security.protocol.map: LISTENER:PROTOCOL pairs, listener names upper-cased. */
export function parseProtocolMap(text: string): Map<string, SecurityProtocol> {
  const key = 'listener.security.protocol.map';
  const map = new Map<string, SecurityProtocol>();
  for (const entry of text.split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const [name, protocol, extra] = entry.split(':').map((s) => s.trim());
    if (!name || protocol === undefined || extra !== undefined) {
      throw new ConfigError(key, `'${entry}' is not of the form LISTENER:PROTOCOL`);
    }
    const upper = protocol.toUpperCase();
    if (!isSecurityProtocol(upper)) throw new ConfigError(key, `'${protocol}' is not a security protocol`);
    if (map.has(name.toUpperCase())) throw new ConfigError(key, `listener ${name} appears twice`);
    map.set(name.toUpperCase(), upper);
  }
  return map;
}

export function parseListeners(
  key: string,
  text: string,
  protocols: ReadonlyMap<string, SecurityProtocol> = parseProtocolMap(
    BROKER_CONFIG_KEYS['listener.security.protocol.map'].default,
  ),
): Listener[] {
  const listeners = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const match = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
      if (!match) throw new ConfigError(key, `'${entry}' is not of the form NAME://host:port`);
      const port = Number(match[3]);
      if (port > 65535) throw new ConfigError(key, `port ${port} is out of range`);
      const listenerName = match[1].toUpperCase();
      const securityProtocol = protocols.get(listenerName);
      if (securityProtocol === undefined) {
        throw new ConfigError(
          key,
          `no security protocol for listener ${listenerName} in listener.security.protocol.map`,
        );
      }
      return { listenerName, securityProtocol, host: match[2].replace(/^\[|\]$/g, ''), port };
    });
  if (listeners.length === 0) throw new ConfigError(key, 'no listener given');
  const names = new Set(listeners.map((l) => l.listenerName));
  if (names.size !== listeners.length) throw new ConfigError(key, 'each listener name must appear once');
  return listeners;
}

type DerivedFields = ReturnType<typeof derivedFields>;

/** Fields computed from several keys, or from one key and a rule (Kafka's KafkaConfig does the same). */
function derivedFields(values: Values) {
  const protocols = parseProtocolMap(values['listener.security.protocol.map']);
  const listeners = parseListeners('listeners', values['listeners'] ?? 'PLAINTEXT://:9092', protocols);
  const interBrokerListenerName = interBrokerListener(values, listeners);
  return {
    listeners,
    advertisedListeners: advertised(values['advertised.listeners'], listeners, protocols),
    interBrokerListenerName,
    interBrokerSecurityProtocol: (listeners.find((l) => l.listenerName === interBrokerListenerName) as Listener)
      .securityProtocol,
    logDirs: logDirs(values['log.dirs'] ?? values['log.dir']),
    zookeeperConnectionTimeoutMs: values['zookeeper.connection.timeout.ms'] ?? values['zookeeper.session.timeout.ms'],
    logRollMs: topicNumber(values, 'segment.ms'),
    logRetentionMs: topicNumber(values, 'retention.ms'),
    logFlushIntervalMs: topicNumber(values, 'flush.ms'),
    leaderImbalanceCheckIntervalMs: values['leader.imbalance.check.interval.seconds'] * 1000,
    offsetsRetentionMs: values['offsets.retention.minutes'] * 60000,
    logLevel: values['samsa.log.level'] ?? process.env.LOG_LEVEL ?? 'info',
    httpListener: values['samsa.http.listener'] === null ? null : parseHttpListener(values['samsa.http.listener']),
  };
}

/** A log setting with several broker keys (log.retention.ms > .minutes > .hours): the first one set. */
function topicNumber(values: Values, topicKey: string): number {
  return topicValue(BROKER_CONFIG_KEYS, topicKey, (key) => valueOf(values, key)) as number;
}

function valueOf(values: Values, key: string): ConfigValue | null {
  return (values as Readonly<Record<string, ConfigValue | null>>)[key] ?? null;
}

function plainFields(values: Values): PlainFields {
  const fields: Record<string, ConfigValue | null> = {};
  for (const [key, def] of Object.entries(BROKER_CONFIG_KEYS) as Array<[string, ConfigKeyDef]>) {
    if (def.support === undefined && !def.derived) fields[camelCase(key)] = valueOf(values, key);
  }
  return fields as PlainFields;
}

function advertised(
  text: string | null,
  listeners: Listener[],
  protocols: ReadonlyMap<string, SecurityProtocol>,
): Listener[] {
  const chosen = text === null ? listeners : parseListeners('advertised.listeners', text, protocols);
  for (const l of chosen) {
    if (text !== null && (l.host === '0.0.0.0' || l.host === '::')) {
      throw new ConfigError('advertised.listeners', `${l.host} cannot be advertised; give a reachable host`);
    }
  }
  return chosen.map((l) => ({ ...l, host: l.host === '' || l.host === '0.0.0.0' ? os.hostname() : l.host }));
}

/**
 * Kafka's rule: inter.broker.listener.name names a listener; else security.inter.broker.protocol
 * names one by the protocol's name; both set is an error. Neither set: PLAINTEXT, or (Samsa's
 * leniency for single-listener configs) the first listener when none is called PLAINTEXT.
 */
function interBrokerListener(values: Values, listeners: Listener[]): string {
  const byName = values['inter.broker.listener.name'];
  const byProtocol = values['security.inter.broker.protocol'];
  if (byName !== null && byProtocol !== null) {
    throw new ConfigError(
      'inter.broker.listener.name',
      'set only one of inter.broker.listener.name and security.inter.broker.protocol',
    );
  }
  const key = byName !== null ? 'inter.broker.listener.name' : 'security.inter.broker.protocol';
  const name = (byName ?? byProtocol ?? 'PLAINTEXT').toUpperCase();
  if (listeners.some((l) => l.listenerName === name)) return name;
  if (byName !== null || byProtocol !== null) throw new ConfigError(key, `'${name}' is not one of the listeners`);
  return listeners[0].listenerName;
}

function logDirs(text: string): string[] {
  const dirs = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (dirs.length === 0) throw new ConfigError('log.dirs', 'no directory given');
  return dirs;
}

/** Parses and checks every key; the first bad value throws a ConfigError naming its key. */
export function buildBrokerConfig(raw: Raw): BrokerConfig {
  const values = readConfigValues(BROKER_CONFIG_KEYS, raw, (key, problem) => new ConfigError(key, problem));
  return { properties: new Map(raw), values, ...plainFields(values), ...derivedFields(values) };
}

/** Keys set that Samsa neither reads nor accepts: the broker warns about each. */
export function unknownKeys(raw: Raw): string[] {
  const keys: Readonly<Record<string, ConfigKeyDef>> = BROKER_CONFIG_KEYS;
  // listener.name.<listener>.<key> are Kafka's per-listener overrides, read where they apply.
  return [...raw.keys()].filter(
    (key) => !key.startsWith('listener.name.') && (keys[key] === undefined || keys[key].support === 'reported'),
  );
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

/** The broker-wide settings every partition log starts from (topic overrides apply on top). */
export function baseLogConfig(config: BrokerConfig): LogConfig {
  return logConfigFromBrokerValues((key) => valueOf(config.values, key));
}
