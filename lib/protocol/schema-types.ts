// The vocabulary of message schemas: messages described as data, the way Kafka's message JSON
// schemas do — each field with its type, the versions it exists in, the versions it may be null
// in, its default, and whether it travels as a tagged field. schema.ts walks them.

export type PrimitiveType =
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/** `[]int32` is an array of a primitive; `struct`/`[]struct` carry their own `fields`. */
export type FieldType = PrimitiveType | `[]${PrimitiveType}` | 'struct' | '[]struct';

export type DefaultValue = number | string | boolean | null;

export interface FieldSchema {
  /** camelCase of Kafka's field name (ErrorCode -> errorCode). */
  readonly name: string;
  readonly type: FieldType;
  /** Kafka's version syntax: "3+", "0-4", "7", "none". */
  readonly versions: string;
  readonly nullableVersions?: string;
  /** Used when the field is absent in a version (decode) or missing from a body (encode). */
  readonly default?: DefaultValue;
  readonly tag?: number;
  readonly taggedVersions?: string;
  readonly fields?: readonly FieldSchema[];
}

export interface MessageSchema {
  /** Kafka's message name, e.g. "MetadataRequest". */
  readonly name: string;
  readonly apiKey: number;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSchema[];
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** The greatest version a "N+" range can mean: api versions are int16 on the wire. */
export const MAX_API_VERSION = 0x7fff;

export const ZERO_UUID = '00000000000000000000000000000000';

/** Parses Kafka's version syntax; "none" (or absent) gives null. */
export function parseVersions(spec: string | undefined): VersionRange | null {
  if (spec === undefined || spec === 'none') return null;
  const plus = /^(\d+)\+$/.exec(spec);
  if (plus) return { min: Number(plus[1]), max: MAX_API_VERSION };
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(spec)) return { min: Number(spec), max: Number(spec) };
  throw new Error(`bad version range '${spec}'`);
}

export function inRange(range: VersionRange | null, version: number): boolean {
  return range !== null && version >= range.min && version <= range.max;
}

export function inVersions(spec: string | undefined, version: number): boolean {
  return inRange(parseVersions(spec), version);
}

/** The value a field takes when absent: its `default`, else the zero value of its type. */
export function defaultFactory(field: FieldSchema): () => unknown {
  const nullableAnywhere = field.nullableVersions !== undefined && field.nullableVersions !== 'none';
  if (field.default !== undefined) {
    const value = field.default;
    return () => value;
  }
  if (field.type === 'struct') {
    const subs = (field.fields ?? []).map((f) => [f.name, defaultFactory(f)] as const);
    return () => Object.fromEntries(subs.map(([name, make]) => [name, make()]));
  }
  if (field.type.startsWith('[]')) return () => [];
  switch (field.type) {
    case 'bool':
      return () => false;
    case 'string':
      return nullableAnywhere ? () => null : () => '';
    case 'bytes':
    case 'records':
      return nullableAnywhere ? () => null : () => Buffer.alloc(0);
    case 'uuid':
      return () => ZERO_UUID;
    default:
      return () => 0;
  }
}
