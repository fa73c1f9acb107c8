// What one API is to the rest of Samsa: its key, the versions Kafka defines, the versions Samsa
// serves (and advertises in ApiVersions), and codecs for both directions of both messages.
// Each API is written once, as lib/protocol/messages/<api>.json; the generated apis/<api>.ts
// declares its types and calls defineApi on that source.
import { ApiSource, messageSchemaOf } from './api-source';
import { Reader } from './reader';
import { decodeMessage, encodeMessage, inRange, MessageSchema, parseVersions, VersionRange } from './schema';
import { Writer } from './writer';

export interface ApiSpec<Req = unknown, Res = unknown> {
  readonly apiKey: number;
  /** Kafka's API name, e.g. "Metadata". */
  readonly name: string;
  /** The versions Samsa implements and advertises. */
  readonly servedVersions: VersionRange;
  /** The versions Kafka 2.8.2 defines (the codecs handle all of them). */
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange | null;
  readonly requestSchema: MessageSchema;
  readonly responseSchema: MessageSchema;
  isFlexible(version: number): boolean;
  decodeRequest(buf: Buffer, offset: number, end: number, version: number): Req;
  encodeRequest(body: Req, version: number): Buffer[];
  decodeResponse(buf: Buffer, offset: number, end: number, version: number): Res;
  encodeResponse(body: Res, version: number): Buffer[];
}

export function defineApi<Req, Res>(source: ApiSource): ApiSpec<Req, Res> {
  const request = messageSchemaOf(source, 'request');
  const response = messageSchemaOf(source, 'response');
  assertConsistent(source);
  const validVersions = parseVersions(request.validVersions) as VersionRange;
  const flexibleVersions = parseVersions(request.flexibleVersions);
  const decode = <T>(schema: MessageSchema, buf: Buffer, offset: number, end: number, version: number): T =>
    decodeMessage<T>(schema, new Reader(buf, offset, end), version);
  const encode = <T>(schema: MessageSchema, body: T, version: number): Buffer[] => {
    const writer = new Writer();
    encodeMessage(schema, writer, body, version);
    return writer.finish();
  };
  return {
    apiKey: request.apiKey,
    name: source.name,
    servedVersions: parseVersions(source.servedVersions) as VersionRange,
    validVersions,
    flexibleVersions,
    requestSchema: request,
    responseSchema: response,
    isFlexible: (version) => inRange(flexibleVersions, version),
    decodeRequest: (buf, offset, end, version) => decode<Req>(request, buf, offset, end, version),
    encodeRequest: (body, version) => encode(request, body, version),
    decodeResponse: (buf, offset, end, version) => decode<Res>(response, buf, offset, end, version),
    encodeResponse: (body, version) => encode(response, body, version),
  };
}

/** A typo in a source would silently mis-frame every message, so fail at load time instead. */
function assertConsistent(source: ApiSource): void {
  const valid = parseVersions(source.validVersions);
  const served = parseVersions(source.servedVersions);
  const problems: string[] = [];
  if (valid === null) problems.push('no valid versions');
  if (served !== null && valid !== null && (served.min < valid.min || served.max > valid.max)) {
    problems.push(`served versions ${source.servedVersions} exceed ${source.validVersions}`);
  }
  if (problems.length > 0) throw new Error(`${source.name}: ${problems.join('; ')}`);
}
