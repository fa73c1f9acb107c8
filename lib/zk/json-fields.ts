// Field readers for znode JSON: each names the znode and field in its error, so a malformed
// node written by another tool is reported precisely instead of surfacing as a TypeError later.
import { ZnodeFormatError } from './errors';

export type JsonObject = Record<string, unknown>;

/** The znode being decoded: its path (for messages) and its raw data. */
export interface ZnodeSource {
  path: string;
  data: Buffer | null;
}

export function fail(source: ZnodeSource, reason: string): never {
  throw new ZnodeFormatError(source.path, reason, source.data);
}

export function parseJsonObject(source: ZnodeSource): JsonObject {
  if (source.data === null || source.data.length === 0) fail(source, 'no data');
  let value: unknown;
  try {
    value = JSON.parse(source.data.toString('utf8'));
  } catch (error) {
    fail(source, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(source, 'not a JSON object');
  return value as JsonObject;
}

export function intField(source: ZnodeSource, object: JsonObject, name: string): number {
  const value = object[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(source, `field '${name}' must be an integer`);
  return value;
}

export function stringField(source: ZnodeSource, object: JsonObject, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') fail(source, `field '${name}' must be a string`);
  return value;
}

export function optionalStringField(source: ZnodeSource, object: JsonObject, name: string): string | null {
  const value = object[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(source, `field '${name}' must be a string or null`);
  return value;
}

/** Kafka writes timestamps as JSON strings; very old writers used numbers, so both are read. */
export function timestampField(source: ZnodeSource, object: JsonObject, name: string): number {
  const value = object[name];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return fail(source, `field '${name}' must be a decimal timestamp string`);
}

export function intArray(source: ZnodeSource, value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isSafeInteger(item))) {
    fail(source, `${what} must be an array of integers`);
  }
  return value as number[];
}

export function objectField(source: ZnodeSource, object: JsonObject, name: string, required: boolean): JsonObject {
  const value = object[name];
  if (value === undefined && !required) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(source, `field '${name}' must be an object`);
  return value as JsonObject;
}

/** `{"0":[1,2],"1":[2,3]}` → Map(partition → replicas). */
export function partitionReplicasField(
  source: ZnodeSource,
  object: JsonObject,
  name: string,
  required: boolean,
): Map<number, number[]> {
  const field = objectField(source, object, name, required);
  const result = new Map<number, number[]>();
  for (const [key, replicas] of Object.entries(field)) {
    if (!/^\d+$/.test(key)) fail(source, `field '${name}' has a non-numeric partition key '${key}'`);
    result.set(Number(key), intArray(source, replicas, `'${name}'.'${key}'`));
  }
  return result;
}

/** A string → string map (configs, protocol maps). */
export function stringMapField(
  source: ZnodeSource,
  object: JsonObject,
  name: string,
  required: boolean,
): Record<string, string> {
  const field = objectField(source, object, name, required);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(field)) {
    if (typeof value !== 'string') fail(source, `field '${name}'.'${key}' must be a string`);
    result[key] = value;
  }
  return result;
}

export function versionIn(source: ZnodeSource, object: JsonObject, min: number, max: number): number {
  const version = intField(source, object, 'version');
  if (version < min || version > max) fail(source, `unsupported version ${version} (expected ${min}..${max})`);
  return version;
}

export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
