// Requests of any API and version for specs that need one of each: every field at its default,
// every list holding two entries whose naming fields differ (topic-0/topic-1, partition 1/2), so
// an answer that mirrors the request can be checked entry by entry.
import { defaultAt } from '../../lib/protocol/error-response';
import { FieldSchema, inVersions, MessageSchema } from '../../lib/protocol/schema-types';

type Body = Record<string, unknown>;

const ENTRIES = 2;

export function sampleRequest(schema: MessageSchema, version: number): Body {
  return sampleStruct(schema.fields, version, null);
}

function sampleStruct(fields: readonly FieldSchema[], version: number, index: number | null): Body {
  const out: Body = {};
  for (const field of fields) out[field.name] = sampleField(field, version, index);
  return out;
}

function sampleField(field: FieldSchema, version: number, index: number | null): unknown {
  const present = inVersions(field.versions, version);
  if (field.type === 'struct') return sampleStruct(field.fields ?? [], version, index);
  if (field.type === '[]struct') {
    if (!present) return [];
    return Array.from({ length: ENTRIES }, (_, i) => sampleStruct(field.fields ?? [], version, i));
  }
  if (field.type === '[]string' && present) return Array.from({ length: ENTRIES }, (_, i) => `${field.name}-${i}`);
  if (field.type === '[]int32' && present) return Array.from({ length: ENTRIES }, (_, i) => i + 1);
  // Inside a list entry, names and numbers tell the entries apart.
  if (index !== null && present && field.type === 'string') return `${field.name}-${index}`;
  if (index !== null && present && field.type === 'int32') return index + 1;
  return defaultAt(field, version);
}
