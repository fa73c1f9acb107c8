// TypeScript declarations of one API's messages, rendered from its JSON source: an interface per
// struct (children before parents, as a reader meets them) and one per message body. A struct
// name used twice must declare the same properties both times (OffsetFetch's v0-7 and v8 topics
// differ only in versions); the first use's doc comments are kept.
import { ApiSource, elementType, isArrayType, isStructField, SourceField, SourceMessage } from '../api-source';

const PRIMITIVE_TS: Readonly<Record<string, string>> = {
  int8: 'number',
  int16: 'number',
  uint16: 'number',
  int32: 'number',
  uint32: 'number',
  int64: 'number',
  float64: 'number',
  bool: 'boolean',
  string: 'string',
  bytes: 'Buffer',
  // Decoding yields a slice of the frame; encoding accepts the pieces uncopied.
  records: 'Buffer | Buffer[]',
  uuid: 'string',
};

/** Every interface of the API, in declaration order, as source text. */
export function renderInterfaces(source: ApiSource): string[] {
  const rendered = new Map<string, string>();
  renderMessage(source.request, rendered);
  renderMessage(source.response, rendered);
  return [...rendered.values()];
}

function renderMessage(message: SourceMessage, rendered: Map<string, string>): void {
  renderStruct(message.name, message.fields, '0+', rendered);
}

function renderStruct(
  name: string,
  fields: readonly SourceField[],
  versions: string,
  rendered: Map<string, string>,
): void {
  for (const field of fields) {
    if (isStructField(field)) renderStruct(elementType(field.type), field.fields ?? [], field.versions, rendered);
  }
  const text = [`export interface ${name} {`, ...fields.flatMap((f) => renderProperty(f, versions)), '}'].join('\n');
  const earlier = rendered.get(name);
  if (earlier === undefined) rendered.set(name, text);
  else if (withoutDocs(earlier) !== withoutDocs(text)) throw new Error(`struct ${name} is defined twice, differently`);
}

function withoutDocs(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('/**'))
    .join('\n');
}

function renderProperty(field: SourceField, parentVersions: string): string[] {
  const doc = docOf(field, parentVersions);
  const optional = field.tag !== undefined ? '?' : '';
  const line = `  ${field.name}${optional}: ${typeOf(field)};`;
  return doc === '' ? [line] : [`  /** ${doc} */`, line];
}

function typeOf(field: SourceField): string {
  const element = elementType(field.type);
  const base = isStructField(field) ? element : PRIMITIVE_TS[element];
  if (base === undefined) throw new Error(`field ${field.name}: unknown type ${field.type}`);
  const array = isArrayType(field.type);
  const typed = array ? (base.includes(' ') ? `Array<${base}>` : `${base}[]`) : base;
  return isNullable(field) ? `${typed} | null` : typed;
}

export function isNullable(field: SourceField): boolean {
  return field.nullableVersions !== undefined && field.nullableVersions !== 'none';
}

/** What a reader of the type needs beyond it: when the field exists (where narrower than its
 *  struct), may be null, defaults to. */
function docOf(field: SourceField, parentVersions: string): string {
  const notes: string[] = [];
  if (field.versions !== parentVersions && field.versions !== '0+') notes.push(`v${field.versions}`);
  if (isNullable(field) && field.nullableVersions !== field.versions && field.nullableVersions !== '0+') {
    notes.push(`nullable v${field.nullableVersions}`);
  }
  if (field.tag !== undefined) notes.push(`tag ${field.tag}`);
  if (field.default !== undefined) notes.push(`default ${JSON.stringify(field.default)}`);
  const versions = notes.join(', ');
  if (field.about === undefined) return versions;
  return versions === '' ? field.about : `${versions}: ${field.about}`;
}
