// What DescribeConfigs reports, derived from the config table: every broker key with its value
// and every topic-level key with its effective value (the topic's override from
// /config/topics/<t>, else the broker setting it falls back to, else Kafka's default), each with
// Kafka's source and synonyms. Pure functions of BrokerConfig and a topic's overrides.
import type { BrokerConfig } from './config';
import { BROKER_CONFIG_KEYS } from './config-def';
import { TOPIC_ONLY_CONFIG_KEYS } from '../storage';
import {
  configText,
  topicKeys,
  topicSynonyms,
  topicValue,
  type ConfigKeyDef,
  type ConfigValue,
} from '../util/config-def';
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
  /** Samsa answers false for every key, as it always has; the table's `dynamic` is where that will change. */
  readOnly: boolean;
  /** Highest-precedence first, as Kafka lists them. */
  synonyms: ConfigSynonymView[];
}

const BROKER_KEYS: Readonly<Record<string, ConfigKeyDef>> = BROKER_CONFIG_KEYS;

/** The value the properties set for a key (as written), or null when they set none. */
function staticValue(config: BrokerConfig, key: string): string | null {
  return config.properties.get(key) ?? null;
}

/** Kafka lists synonyms by source tier (static, then default), each tier in key order. */
function brokerSynonyms(config: BrokerConfig, names: string[], hide: boolean): ConfigSynonymView[] {
  const staticTier = names.flatMap((name) => {
    const value = staticValue(config, name);
    return value === null ? [] : [{ name, value: hide ? null : value, source: ConfigSource.STATIC_BROKER_CONFIG }];
  });
  const defaultTier = names
    .filter((name) => BROKER_KEYS[name].default !== null)
    .map((name) => ({
      name,
      value: hide ? null : configText(BROKER_KEYS[name].default),
      source: ConfigSource.DEFAULT_CONFIG,
    }));
  return [...staticTier, ...defaultTier];
}

/** This broker's own configs (BROKER resource named by its id): every key of the table. */
export function describeBrokerConfigs(config: BrokerConfig): ConfigEntryView[] {
  return Object.entries(BROKER_KEYS)
    .map(([name, def]) => {
      const isSensitive = def.type === 'password';
      const set = staticValue(config, name);
      const value = isSensitive ? null : (set ?? configText(def.default));
      const source = set !== null ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return {
        name,
        value,
        source,
        isSensitive,
        readOnly: false,
        synonyms: brokerSynonyms(config, [name], isSensitive),
      };
    })
    .sort(byName);
}

/** A topic key's value when the topic does not set it, as Kafka prints it. */
function effectiveText(config: BrokerConfig, topicKey: string): string | null {
  const only = TOPIC_ONLY_CONFIG_KEYS[topicKey];
  if (only !== undefined) return configText(only.default);
  const values = config.values as Readonly<Record<string, ConfigValue | null>>;
  return configText(topicValue(BROKER_KEYS, topicKey, (key) => values[key] ?? null));
}

/** A topic's configs: overrides (DYNAMIC_TOPIC_CONFIG) over the broker's settings over defaults. */
export function describeTopicConfigs(
  config: BrokerConfig,
  overrides: Readonly<Record<string, string>>,
): ConfigEntryView[] {
  const known = [...topicKeys(BROKER_KEYS), ...Object.keys(TOPIC_ONLY_CONFIG_KEYS)];
  const entries = known.map((name) => {
    const override = overrides[name];
    const fallbacks = brokerSynonyms(config, topicSynonyms(BROKER_KEYS, name), false);
    const synonyms =
      override === undefined
        ? fallbacks
        : [{ name, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, ...fallbacks];
    const value = override ?? effectiveText(config, name);
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    return { name, value, source, isSensitive: false, readOnly: false, synonyms };
  });
  // Kafka reports every stored override, also keys it does not know.
  const extra = Object.entries(overrides)
    .filter(([name]) => !known.includes(name))
    .map(([name, value]) => ({
      name,
      value,
      source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
      isSensitive: false,
      readOnly: false,
      synonyms: [{ name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }],
    }));
  return [...entries, ...extra].sort(byName);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
