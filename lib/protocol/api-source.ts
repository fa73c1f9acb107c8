// The one written form of an API's shape: lib/protocol/messages/<api>.json, laid out like Kafka's
// message definitions (clients/src/main/resources/common/message). Field names are already in
// Samsa's camelCase; a struct field's type names its struct ("[]MetadataResponseTopic"), which is
// the interface the generator emits for it. At load time the source becomes the MessageSchema
// pair that schema.ts walks; at build time codegen/ renders TypeScript types from the same file.
import { FieldSchema, MessageSchema, PrimitiveType } from './schema-types';

export interface SourceField {
  readonly name: string;
  /** A primitive, `[]primitive`, a struct name, or `[]StructName` (then `fields` is given). */
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly default?: number | string | boolean | null;
  readonly tag?: number;
  readonly taggedVersions?: string;
  /** Why the field is there or how Samsa uses it; rendered as the type's doc comment. */
  readonly about?: string;
  readonly fields?: readonly SourceField[];
}

export interface SourceMessage {
  /** The TypeScript name of the message body, e.g. "MetadataRequest". */
  readonly name: string;
  readonly fields: readonly SourceField[];
}

export interface ApiSource {
  readonly apiKey: number;
  /** Kafka's API name, e.g. "Metadata". */
  readonly name: string;
  readonly about: string;
  /** The versions Kafka defines; the codecs handle all of them. */
  readonly validVersions: string;
  readonly flexibleVersions: string;
  /** The versions Samsa implements and advertises in ApiVersions. */
  readonly servedVersions: string;
  readonly request: SourceMessage;
  readonly response: SourceMessage;
}

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveType>([
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'bool',
  'string',
  'bytes',
  'records',
  'uuid',
]);

export function isPrimitive(type: string): type is PrimitiveType {
  return PRIMITIVES.has(type);
}

export function isArrayType(type: string): boolean {
  return type.startsWith('[]');
}

/** The element type of an array field, or the type itself. */
export function elementType(type: string): string {
  return isArrayType(type) ? type.slice(2) : type;
}

export function isStructField(field: SourceField): boolean {
  return !isPrimitive(elementType(field.type));
}

/** The codec-facing schema of one message of the API. */
export function messageSchemaOf(source: ApiSource, which: 'request' | 'response'): MessageSchema {
  const message = source[which];
  return {
    name: message.name,
    apiKey: source.apiKey,
    validVersions: source.validVersions,
    flexibleVersions: source.flexibleVersions,
    fields: message.fields.map((field) => fieldSchemaOf(field, `${message.name}.${field.name}`)),
  };
}

function fieldSchemaOf(field: SourceField, path: string): FieldSchema {
  const { about: _about, fields, type, ...rest } = field;
  if (!isStructField(field)) return { ...rest, type: type as FieldSchema['type'] };
  if (fields === undefined || fields.length === 0) throw new Error(`${path}: struct ${type} has no fields`);
  return {
    ...rest,
    type: isArrayType(type) ? '[]struct' : 'struct',
    fields: fields.map((sub) => fieldSchemaOf(sub, `${path}.${sub.name}`)),
  };
}
