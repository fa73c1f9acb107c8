// Requests of any API and version for specs that need one of each: every field at its default,
// every list holding two entries whose naming fields differ (topic-0/topic-1, partition 1/2), so
// an answer that mirrors the request can be checked entry by entry; and the error codes of an
// answer, read through its schema.
import { defaultAt } from '../../lib/protocol/error-response';
import { FieldSchema, inVersions, MessageSchema } from '../../lib/protocol/schema-types';
import type { ApiSpec } from '../../lib/protocol/api-spec';

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

/** Every errorCode value of `version` in a decoded body (absent fields decode to defaults, not codes). */
export function errorCodesIn(fields: readonly FieldSchema[], value: Body, version: number): number[] {
  return fields
    .filter((f) => inVersions(f.versions, version))
    .flatMap((f) => {
      if (f.name === 'errorCode') return [value[f.name] as number];
      if (f.type === '[]struct')
        return (value[f.name] as Body[]).flatMap((entry) => errorCodesIn(f.fields ?? [], entry, version));
      if (f.type === 'struct') return errorCodesIn(f.fields ?? [], value[f.name] as Body, version);
      return [];
    });
}

export function hasErrorCodeField(fields: readonly FieldSchema[], version: number): boolean {
  return fields.some(
    (f) => inVersions(f.versions, version) && (f.name === 'errorCode' || hasErrorCodeField(f.fields ?? [], version)),
  );
}

/** APIs whose error response, in Kafka too, has no code below a version: it lists no results. */
const CODELESS_ERROR_RESPONSE_BELOW: Record<string, number> = {
  // A failed DescribeLogDirs lists no log dirs; v3 added the top-level errorCode.
  DescribeLogDirs: 3,
};

/** Whether the error response of `spec` at `version` must carry the code somewhere. */
export function errorResponseHasCode(spec: ApiSpec, version: number): boolean {
  if (version < (CODELESS_ERROR_RESPONSE_BELOW[spec.name] ?? 0)) return false;
  return hasErrorCodeField(spec.responseSchema.fields, version);
}
