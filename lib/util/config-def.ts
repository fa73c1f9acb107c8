// A configuration written down as data, the way Kafka's ConfigDef does it: each key with its
// type, default, valid values, one line of documentation and how Samsa treats it. Tables of
// such keys (server/config-def.ts, storage/topic-configs.ts) are the only place a key is
// spelled; typed values, parsing, validation, DescribeConfigs and the README reference are all
// derived from them through the functions here. This module knows no key itself.

export type ConfigType = 'int' | 'short' | 'long' | 'double' | 'boolean' | 'string' | 'list' | 'password';

/** Kafka's Long.MAX_VALUE ("never"), held as the largest integer a number keeps exactly. */
export const LONG_MAX = Number.MAX_SAFE_INTEGER;
/** How Kafka writes Long.MAX_VALUE; what DescribeConfigs and the README show for LONG_MAX. */
export const LONG_MAX_TEXT = '9223372036854775807';

export type ConfigValue = number | boolean | string;

export interface ConfigKeyDef {
  readonly type: ConfigType;
  /** Kafka's default; null when Kafka has none (the key is required, or its value derived). */
  readonly default: ConfigValue | null;
  /** One line for the README and a reader of the table. */
  readonly doc: string;
  /** Inclusive bounds on a number, within its type's own; null leaves that side to the type. */
  readonly range?: readonly [number | null, number | null];
  /** The values a string may take, or each item of a list. */
  readonly values?: readonly string[];
  /** A check the type cannot express; returns what is wrong with the (trimmed) text. */
  readonly check?: (text: string) => string | null;
  /** Unset or blank is an error. */
  readonly required?: boolean;
  /**
   * Absent: Samsa reads the key. 'ignored': a Kafka key Samsa accepts (no warning) and checks
   * but does not act on. 'reported': a Kafka key Samsa does not read (setting it warns); it is
   * listed because DescribeConfigs shows it as a topic config's broker synonym.
   */
  readonly support?: 'ignored' | 'reported';
  /** Its typed field is computed from this and other keys (server/config.ts), not copied. */
  readonly derived?: boolean;
  /** Changeable at run time (AlterConfigs); no key is yet, this is where dynamic configs plug in. */
  readonly dynamic?: boolean;
  /**
   * The topic-level key that falls back to this one. Several broker keys may name the same topic
   * key: they are its synonyms in table order (most precise first), each converted by topicScale.
   */
  readonly topic?: string;
  /** Topic-level value per unit of this key (3600000 for an hours key behind a .ms topic key). */
  readonly topicScale?: number;
  /** The topic key's bounds when they differ from the broker key's (Kafka's LogConfig). */
  readonly topicRange?: readonly [number | null, number | null];
  /** The field of storage's LogConfig the topic key fills (on the first synonym only). */
  readonly logField?: string;
}

export type ConfigTable = Readonly<Record<string, ConfigKeyDef>>;

type NumericType = 'int' | 'short' | 'long' | 'double';

/** The parsed value of a key: numbers, booleans, a string (or one of its values); a list as "a,b". */
export type ValueOf<D extends ConfigKeyDef> =
  | (D['type'] extends NumericType
      ? number
      : D['type'] extends 'boolean'
        ? boolean
        : D['type'] extends 'list'
          ? string
          : D extends { readonly values: readonly (infer V)[] }
            ? V
            : string)
  | (D['default'] extends null ? (D extends { readonly required: true } ? never : null) : never);

export type ConfigValues<T extends ConfigTable> = { readonly [K in keyof T]: ValueOf<T[K]> };

/** `log.segment.bytes` -> `logSegmentBytes`: a key's field name in a typed config. */
export type CamelCase<S extends string> = S extends `${infer Head}.${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

export function camelCase(key: string): string {
  return key.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase());
}

const TYPE_BOUNDS: Record<NumericType, readonly [number, number]> = {
  short: [-0x8000, 0x7fff],
  int: [-0x80000000, 0x7fffffff],
  long: [-LONG_MAX, LONG_MAX],
  double: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

export type Parsed = { value: ConfigValue } | { problem: string };

/** Parses one value as its definition says; the problem names the value, the caller names the key. */
export function parseConfigValue(def: Pick<ConfigKeyDef, 'type' | 'range' | 'values' | 'check'>, text: string): Parsed {
  const trimmed = text.trim();
  const parsed = parseByType(def, trimmed, text);
  if ('problem' in parsed) return parsed;
  const problem = def.check?.(trimmed) ?? null;
  return problem === null ? parsed : { problem };
}

function parseByType(def: Pick<ConfigKeyDef, 'type' | 'range' | 'values'>, trimmed: string, text: string): Parsed {
  switch (def.type) {
    case 'int':
    case 'short':
    case 'long':
      return parseInteger(def.type, def.range, trimmed, text);
    case 'double':
      return parseDouble(def.range, trimmed, text);
    case 'boolean':
      return parseBoolean(trimmed, text);
    case 'list':
      return parseList(def.values, trimmed, text);
    default:
      return parseString(def.values, trimmed, text);
  }
}

function parseInteger(
  type: 'int' | 'short' | 'long',
  range: ConfigKeyDef['range'],
  trimmed: string,
  text: string,
): Parsed {
  if (!/^-?\d+$/.test(trimmed)) return { problem: `'${text}' is not an integer` };
  // Kafka's Long.MAX_VALUE defaults ("never") are accepted; past 2^53 the exact value cannot matter.
  const value = Math.max(Math.min(Number(trimmed), LONG_MAX), -LONG_MAX);
  return inRange(bounds(type, range), value, text);
}

function parseDouble(range: ConfigKeyDef['range'], trimmed: string, text: string): Parsed {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return { problem: `'${text}' is not a number` };
  return inRange(bounds('double', range), Number(trimmed), text);
}

/** The type's bounds narrowed by the key's range. */
export function bounds(type: NumericType, range: ConfigKeyDef['range']): [number, number] {
  const [low, high] = TYPE_BOUNDS[type];
  return [Math.max(low, range?.[0] ?? low), Math.min(high, range?.[1] ?? high)];
}

function inRange([min, max]: [number, number], value: number, text: string): Parsed {
  return value < min || value > max ? { problem: `${text} is outside [${min}, ${max}]` } : { value };
}

function parseBoolean(trimmed: string, text: string): Parsed {
  const lowered = trimmed.toLowerCase();
  if (lowered !== 'true' && lowered !== 'false') return { problem: `'${text}' is not true or false` };
  return { value: lowered === 'true' };
}

function parseString(values: ConfigKeyDef['values'], trimmed: string, text: string): Parsed {
  if (values !== undefined && !values.includes(trimmed)) return { problem: `'${text}' must be ${oneOf(values)}` };
  return { value: trimmed };
}

/** A list is kept as Kafka writes it: items trimmed, joined by commas. */
function parseList(values: ConfigKeyDef['values'], trimmed: string, text: string): Parsed {
  const items = trimmed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (values !== undefined && (items.length === 0 || items.some((item) => !values.includes(item)))) {
    return { problem: `'${text}' must be a list of ${values.join(', ')}` };
  }
  return { value: items.join(',') };
}

function oneOf(values: readonly string[]): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/**
 * Every key's value from the properties given: parsed when Samsa reads or accepts the key
 * (a bad value throws `fail(key, problem)`), Kafka's default when it is unset or only reported.
 */
export function readConfigValues<T extends ConfigTable>(
  table: T,
  raw: ReadonlyMap<string, string>,
  fail: (key: string, problem: string) => Error,
): ConfigValues<T> {
  const values: Record<string, ConfigValue | null> = {};
  for (const [key, def] of Object.entries(table)) {
    const text = def.support === 'reported' ? undefined : raw.get(key);
    if (def.required && (text === undefined || text.trim() === '')) throw fail(key, 'is required');
    const parsed = text === undefined ? { value: def.default } : parseConfigValue(def, text);
    if ('problem' in parsed) throw fail(key, parsed.problem);
    values[key] = def.support === 'ignored' ? def.default : parsed.value;
  }
  return values as ConfigValues<T>;
}

/** A value as Kafka prints it (DescribeConfigs, the README); null stays null. */
export function configText(value: ConfigValue | null): string | null {
  if (value === null) return null;
  return typeof value === 'number' && value >= LONG_MAX ? LONG_MAX_TEXT : String(value);
}

/** The broker keys a topic key falls back to, most precise first. */
export function topicSynonyms(table: ConfigTable, topicKey: string): string[] {
  return Object.keys(table).filter((key) => table[key].topic === topicKey);
}

/** Every topic key the table's broker keys stand behind, in table order. */
export function topicKeys(table: ConfigTable): string[] {
  return [...new Set(Object.values(table).flatMap((def) => (def.topic === undefined ? [] : [def.topic])))];
}

/**
 * A topic key's value when the topic does not override it: its first synonym that has a value,
 * converted to the topic key's unit (Kafka's `log.retention.ms` > `.minutes` > `.hours`).
 */
export function topicValue(
  table: ConfigTable,
  topicKey: string,
  valueOf: (brokerKey: string) => ConfigValue | null,
): ConfigValue | null {
  for (const key of topicSynonyms(table, topicKey)) {
    const value = valueOf(key);
    if (value === null) continue;
    const scale = table[key].topicScale ?? 1;
    // −1 ("forever", "unlimited") stays −1 whatever the unit.
    return typeof value === 'number' && scale !== 1 ? (value < 0 ? -1 : value * scale) : value;
  }
  return null;
}
