// Shared checks for the API codec specs: every version of a message round-trips (and re-encodes
// to identical bytes), decodes within [offset, end) of a larger buffer, and a frame cut at any
// byte gives a ProtocolError.
import { expect } from 'chai';
import { ApiSpec } from '../../../lib/protocol/api-spec';
import { ProtocolError } from '../../../lib/protocol/protocol-error';
import { FieldSchema, inVersions } from '../../../lib/protocol/schema';

type Body = Record<string, unknown>;
export type Side = 'request' | 'response';

/**
 * What decode(encode(body)) must give: fields absent in `version` (or left out of the body)
 * take their default, written out here independently of the codec's own default rules.
 */
export function expectedAfterRoundTrip(fields: readonly FieldSchema[], body: Body, version: number): Body {
  const out: Body = {};
  for (const field of fields) {
    const value = body[field.name];
    if (!inVersions(field.versions, version) || value === undefined) {
      out[field.name] = defaultOf(field);
    } else if (value !== null && field.type === '[]struct') {
      out[field.name] = (value as Body[]).map((element) =>
        expectedAfterRoundTrip(field.fields ?? [], element, version),
      );
    } else if (value !== null && field.type === 'struct') {
      out[field.name] = expectedAfterRoundTrip(field.fields ?? [], value as Body, version);
    } else if (Array.isArray(value) && field.type === 'records') {
      out[field.name] = Buffer.concat(value as Buffer[]);
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

function defaultOf(field: FieldSchema): unknown {
  if (field.default !== undefined) return field.default;
  if (field.type === 'struct') return expectedAfterRoundTrip(field.fields ?? [], {}, -1);
  if (field.type.startsWith('[]')) return [];
  const nullable = field.nullableVersions !== undefined;
  if (field.type === 'string') return nullable ? null : '';
  if (field.type === 'bytes' || field.type === 'records') return nullable ? null : Buffer.alloc(0);
  if (field.type === 'uuid') return '0'.repeat(32);
  if (field.type === 'bool') return false;
  return 0;
}

function codecOf(api: ApiSpec, side: Side) {
  return side === 'request'
    ? { schema: api.requestSchema, encode: api.encodeRequest, decode: api.decodeRequest }
    : { schema: api.responseSchema, encode: api.encodeResponse, decode: api.decodeResponse };
}

export function allVersions(api: ApiSpec): number[] {
  const versions: number[] = [];
  for (let v = api.validVersions.min; v <= api.validVersions.max; v++) versions.push(v);
  return versions;
}

/** Round trip, re-encode, offset/end handling and truncation for one body at one version. */
export function checkRoundTrip(api: ApiSpec, side: Side, body: object, version: number): Buffer {
  const { schema, encode, decode } = codecOf(api, side);
  const label = `${schema.name} v${version}`;
  const bytes = Buffer.concat(encode(body, version));
  const decoded = decode(bytes, 0, bytes.length, version) as Body;
  expect(decoded, label).to.deep.equal(expectedAfterRoundTrip(schema.fields, body as Body, version));
  expect(Buffer.concat(encode(decoded, version)).equals(bytes), `${label} re-encodes identically`).to.equal(true);

  const framed = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([0xff, 0xff, 0xff, 0xff])]);
  expect(decode(framed, 3, 3 + bytes.length, version), `${label} inside a larger buffer`).to.deep.equal(decoded);

  for (let cut = 0; cut < bytes.length; cut++) {
    try {
      decode(bytes, 0, cut, version);
    } catch (error) {
      expect(error, `${label} cut at ${cut}`).to.be.instanceOf(ProtocolError);
      continue;
    }
    expect.fail(`${label} cut at ${cut} of ${bytes.length} decoded without error`);
  }
  return bytes;
}

/** Runs checkRoundTrip for every version Kafka defines, with a body built per version. */
export function checkAllVersions(api: ApiSpec, side: Side, makeBody: (version: number) => object): void {
  for (const version of allVersions(api)) checkRoundTrip(api, side, makeBody(version), version);
}

export function bytesFromHex(hex: string): Buffer {
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}
