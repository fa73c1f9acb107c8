// The generic walker: one decode and one encode function serve every message schema. A schema
// is compiled once per version into per-field read/write closures (cached), so the hot path
// never re-parses version strings or switches on type names.
import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import { defaultFactory, FieldSchema, inVersions, MessageSchema, PrimitiveType } from './schema-types';
import { Writer } from './writer';

export * from './schema-types';

type ReadFn = (reader: Reader) => unknown;
type WriteFn = (writer: Writer, value: unknown) => void;

interface CompiledField {
  readonly name: string;
  /** 'absent' fields take their default on decode and are skipped on encode. */
  readonly presence: 'absent' | 'present' | 'tagged';
  readonly tag: number;
  readonly read: ReadFn;
  readonly write: WriteFn;
  /** A fresh default each call, so decoded arrays and structs are never shared. */
  readonly defaultValue: () => unknown;
  readonly isDefault: (value: unknown) => boolean;
}

interface CompiledStruct {
  readonly fields: readonly CompiledField[];
  /** Tagged fields ordered by tag, as the encoding requires. */
  readonly tagged: readonly CompiledField[];
  readonly taggedByTag: ReadonlyMap<number, CompiledField>;
  readonly flexible: boolean;
}

type Body = Record<string, unknown>;

const compiledCache = new WeakMap<MessageSchema, Map<number, CompiledStruct>>();

/** Decodes one message body of `version` starting at reader.offset; advances the reader. */
export function decodeMessage<T>(schema: MessageSchema, reader: Reader, version: number): T {
  return readStruct(compiledFor(schema, version), reader) as T;
}

/** Encodes one message body; fields absent in `version` are ignored. */
export function encodeMessage<T>(schema: MessageSchema, writer: Writer, body: T, version: number): void {
  writeStruct(compiledFor(schema, version), writer, body, schema.name);
}

export function isValidVersion(schema: MessageSchema, version: number): boolean {
  return inVersions(schema.validVersions, version);
}

function compiledFor(schema: MessageSchema, version: number): CompiledStruct {
  let byVersion = compiledCache.get(schema);
  if (byVersion === undefined) {
    byVersion = new Map();
    compiledCache.set(schema, byVersion);
  }
  let compiled = byVersion.get(version);
  if (compiled === undefined) {
    if (!isValidVersion(schema, version)) {
      throw new ProtocolError(
        'unsupported-version',
        `${schema.name} version ${version} is outside the versions Kafka defines (${schema.validVersions})`,
      );
    }
    const flexible = inVersions(schema.flexibleVersions, version);
    compiled = compileStruct(schema.fields, schema.name, version, flexible);
    byVersion.set(version, compiled);
  }
  return compiled;
}

// ---- walking ----

function readStruct(struct: CompiledStruct, reader: Reader): Body {
  const out: Body = {};
  for (const field of struct.fields) {
    out[field.name] = field.presence === 'present' ? field.read(reader) : field.defaultValue();
  }
  if (struct.flexible) readTaggedSection(struct, reader, out);
  return out;
}

function readTaggedSection(struct: CompiledStruct, reader: Reader, out: Body): void {
  const count = reader.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = reader.uvarint();
    const size = reader.uvarint();
    const field = struct.taggedByTag.get(tag);
    if (field !== undefined) {
      if (size > reader.remaining) {
        throw new ProtocolError('truncated', `tagged field ${tag} of ${size} bytes passes the frame end`);
      }
      out[field.name] = field.read(new Reader(reader.buf, reader.offset, reader.offset + size));
    }
    reader.skip(size);
  }
}

function writeStruct(struct: CompiledStruct, writer: Writer, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') {
    throw new ProtocolError('malformed', `${path} must be an object to encode`);
  }
  const body = value as Body;
  for (const field of struct.fields) {
    if (field.presence !== 'present') continue;
    const v = body[field.name];
    field.write(writer, v === undefined ? field.defaultValue() : v);
  }
  if (struct.flexible) writeTaggedSection(struct, writer, body);
}

/** Kafka writes a tagged field only when it differs from its default. */
function writeTaggedSection(struct: CompiledStruct, writer: Writer, body: Body): void {
  if (struct.tagged.length === 0) {
    writer.emptyTaggedFields();
    return;
  }
  const toWrite = struct.tagged.filter((f) => body[f.name] !== undefined && !f.isDefault(body[f.name]));
  writer.uvarint(toWrite.length);
  for (const field of toWrite) {
    const sub = new Writer(64);
    field.write(sub, body[field.name]);
    writer.uvarint(field.tag);
    writer.uvarint(sub.byteLength);
    writer.append(sub.finish());
  }
}

// ---- compiling ----

function compileStruct(
  fields: readonly FieldSchema[],
  path: string,
  version: number,
  flexible: boolean,
): CompiledStruct {
  const compiled = fields.map((field) => compileField(field, `${path}.${field.name}`, version, flexible));
  const tagged = compiled.filter((f) => f.presence === 'tagged').sort((a, b) => a.tag - b.tag);
  const taggedByTag = new Map(tagged.map((f) => [f.tag, f] as const));
  if (taggedByTag.size !== tagged.length) throw new Error(`duplicate tag in ${path}`);
  return { fields: compiled, tagged, taggedByTag, flexible };
}

function compileField(field: FieldSchema, path: string, version: number, flexible: boolean): CompiledField {
  const presence = presenceOf(field, version, path);
  const nullable = inVersions(field.nullableVersions, version);
  const defaultValue = defaultFactory(field);
  const isArray = field.type.startsWith('[]');
  const elementType = (isArray ? field.type.slice(2) : field.type) as PrimitiveType | 'struct';
  let element: { read: ReadFn; write: WriteFn; isDefault: (v: unknown) => boolean };
  if (elementType === 'struct') {
    if (field.fields === undefined) throw new Error(`${path} is a struct without fields`);
    const struct = compileStruct(field.fields, path, version, flexible);
    element = {
      read: (r) => readStruct(struct, r),
      write: (w, v) => writeStruct(struct, w, v, path),
      isDefault: (v) => structIsDefault(struct, v),
    };
  } else {
    if (field.fields !== undefined) throw new Error(`${path} has fields but type ${field.type}`);
    element = {
      ...primitiveCodec(elementType, flexible, isArray ? false : nullable, path),
      isDefault: defaultTest(defaultValue),
    };
  }
  if (!isArray) return { name: field.name, presence, tag: field.tag ?? -1, defaultValue, ...element };
  return {
    name: field.name,
    presence,
    tag: field.tag ?? -1,
    defaultValue,
    read: arrayReader(element.read, nullable, flexible),
    write: arrayWriter(element.write, nullable, flexible, path),
    isDefault: field.default === null ? (v) => v === null : (v) => Array.isArray(v) && v.length === 0,
  };
}

function presenceOf(field: FieldSchema, version: number, path: string): CompiledField['presence'] {
  if (!inVersions(field.versions, version)) return 'absent';
  if (field.taggedVersions === undefined) return 'present';
  if (field.tag === undefined) throw new Error(`${path} has taggedVersions but no tag`);
  return inVersions(field.taggedVersions, version) ? 'tagged' : 'present';
}

function structIsDefault(struct: CompiledStruct, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const body = value as Body;
  return struct.fields.every((f) => f.presence === 'absent' || body[f.name] === undefined || f.isDefault(body[f.name]));
}

function defaultTest(defaultValue: () => unknown): (v: unknown) => boolean {
  const d = defaultValue();
  if (Buffer.isBuffer(d)) return (v) => Buffer.isBuffer(v) && v.length === 0;
  return (v) => v === d;
}

function arrayReader(readOne: ReadFn, nullable: boolean, flexible: boolean): ReadFn {
  return (r) => {
    const count = flexible ? r.compactArrayLength(nullable) : r.arrayLength(nullable);
    if (count === -1) return null;
    const out = new Array<unknown>(count);
    for (let i = 0; i < count; i++) out[i] = readOne(r);
    return out;
  };
}

function arrayWriter(writeOne: WriteFn, nullable: boolean, flexible: boolean, path: string): WriteFn {
  return (w, v) => {
    if (v === null) {
      if (!nullable) throw notNullable(path);
      w.arrayLength(null, flexible);
      return;
    }
    if (!Array.isArray(v)) throw new ProtocolError('malformed', `${path} must be an array to encode`);
    w.arrayLength(v.length, flexible);
    for (const element of v) writeOne(w, element);
  };
}

function notNullable(path: string): ProtocolError {
  return new ProtocolError('malformed', `${path} may not be null in this version`);
}

function primitiveCodec(
  type: PrimitiveType,
  flexible: boolean,
  nullable: boolean,
  path: string,
): { read: ReadFn; write: WriteFn } {
  const nullCheck = (v: unknown): void => {
    if (v === null && !nullable) throw notNullable(path);
  };
  switch (type) {
    case 'int8':
      return { read: (r) => r.int8(), write: (w, v) => w.int8(v as number) };
    case 'int16':
      return { read: (r) => r.int16(), write: (w, v) => w.int16(v as number) };
    case 'uint16':
      return { read: (r) => r.uint16(), write: (w, v) => w.uint16(v as number) };
    case 'int32':
      return { read: (r) => r.int32(), write: (w, v) => w.int32(v as number) };
    case 'uint32':
      return { read: (r) => r.uint32(), write: (w, v) => w.uint32(v as number) };
    case 'int64':
      return { read: (r) => r.int64(), write: (w, v) => w.int64(v as number) };
    case 'float64':
      return { read: (r) => r.float64(), write: (w, v) => w.float64(v as number) };
    case 'bool':
      return { read: (r) => r.bool(), write: (w, v) => w.bool(v as boolean) };
    case 'uuid':
      return { read: (r) => r.uuid(), write: (w, v) => w.uuid(v as string) };
    case 'string':
      return flexible
        ? {
            read: (r) => r.compactString(nullable),
            write: (w, v) => (nullCheck(v), w.compactString(v as string | null)),
          }
        : { read: (r) => r.string(nullable), write: (w, v) => (nullCheck(v), w.string(v as string | null)) };
    case 'bytes':
      return flexible
        ? { read: (r) => r.compactBytes(nullable), write: (w, v) => (nullCheck(v), w.compactBytes(v as Buffer | null)) }
        : { read: (r) => r.bytes(nullable), write: (w, v) => (nullCheck(v), w.bytes(v as Buffer | null)) };
    case 'records':
      return {
        read: flexible ? (r) => r.compactBytes(nullable) : (r) => r.bytes(nullable),
        write: (w, v) => (nullCheck(v), w.records(v as Buffer | Buffer[] | null, flexible)),
      };
  }
}
