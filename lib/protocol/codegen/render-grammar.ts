// The newest version of an API in the notation of Kafka's protocol guide ("Metadata Request
// (Version: 11) => [topics] ..."), rendered from the JSON source for the generated file's header.
import { ApiSource, elementType, isArrayType, isStructField, SourceField, SourceMessage } from '../api-source';
import { inVersions, parseVersions } from '../schema-types';

interface Wire {
  readonly version: number;
  readonly flexible: boolean;
}

export function renderGrammar(source: ApiSource): string[] {
  const newest = parseVersions(source.validVersions)?.max ?? 0;
  const wire = { version: newest, flexible: inVersions(source.flexibleVersions, newest) };
  return [
    ...renderMessage(source.name, 'Request', source.request, wire),
    ...renderMessage(source.name, 'Response', source.response, wire),
  ];
}

function renderMessage(api: string, kind: string, message: SourceMessage, wire: Wire): string[] {
  const title = `${api} ${kind} (Version: ${wire.version}) =>`;
  return [`${title} ${headline(message.fields, wire)}`.trimEnd(), ...renderFields(message.fields, wire, 1)];
}

/** The field list of one struct: arrays in brackets, TAG_BUFFER closing flexible structs. */
function headline(fields: readonly SourceField[], wire: Wire): string {
  const names = untagged(fields, wire).map((f) => (isArrayType(f.type) ? `[${f.name}]` : f.name));
  if (wire.flexible) names.push('TAG_BUFFER');
  return names.join(' ');
}

function renderFields(fields: readonly SourceField[], wire: Wire, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const lines: string[] = [];
  const tagged = wire.flexible ? fields.filter((f) => isTagged(f, wire)) : [];
  for (const field of [...untagged(fields, wire), ...tagged]) {
    const prefix = isTagged(field, wire) ? `tag ${field.tag}: ` : '';
    const nullable = isArrayType(field.type) && inVersions(field.nullableVersions, wire.version) ? '  (nullable)' : '';
    if (isStructField(field)) {
      lines.push(`${indent}${prefix}${field.name} => ${headline(field.fields ?? [], wire)}${nullable}`);
      lines.push(...renderFields(field.fields ?? [], wire, depth + 1));
    } else {
      lines.push(`${indent}${prefix}${field.name} => ${wireType(field, wire)}${nullable}`);
    }
  }
  return lines;
}

function untagged(fields: readonly SourceField[], wire: Wire): SourceField[] {
  return fields.filter((f) => inVersions(f.versions, wire.version) && !isTagged(f, wire));
}

function isTagged(field: SourceField, wire: Wire): boolean {
  return field.tag !== undefined && inVersions(field.taggedVersions ?? field.versions, wire.version);
}

function wireType(field: SourceField, wire: Wire): string {
  const element = elementType(field.type);
  const nullable = !isArrayType(field.type) && inVersions(field.nullableVersions, wire.version);
  const compact = wire.flexible ? 'COMPACT_' : '';
  switch (element) {
    case 'string':
    case 'bytes':
      return `${compact}${nullable ? 'NULLABLE_' : ''}${element.toUpperCase()}`;
    case 'records':
      return `${compact}RECORDS`;
    case 'bool':
      return 'BOOLEAN';
    default:
      return element.toUpperCase();
  }
}
