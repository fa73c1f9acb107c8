// What one API is to the rest of Samsa: its key, the versions Kafka defines, the versions Samsa
// serves (and advertises in ApiVersions), and codecs for both directions of both messages.
// An API file under apis/ is a pair of schemas plus one defineApi call.
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

export interface ApiDefinition {
  /** Versions Samsa serves, in Kafka's syntax ("4-12"). */
  readonly served: string;
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

export function defineApi<Req, Res>(definition: ApiDefinition): ApiSpec<Req, Res> {
  const { request, response } = definition;
  assertConsistent(definition);
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
    name: request.name.replace(/Request$/, ''),
    servedVersions: parseVersions(definition.served) as VersionRange,
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

/** A table typo here would silently mis-frame every message, so fail at load time instead. */
function assertConsistent({ served, request, response }: ApiDefinition): void {
  const valid = parseVersions(request.validVersions);
  const servedRange = parseVersions(served);
  const problems: string[] = [];
  if (valid === null) problems.push('no valid versions');
  if (request.apiKey !== response.apiKey) problems.push('request and response api keys differ');
  if (request.validVersions !== response.validVersions) problems.push('request and response versions differ');
  if (request.flexibleVersions !== response.flexibleVersions) problems.push('flexible versions differ');
  if (servedRange !== null && valid !== null && (servedRange.min < valid.min || servedRange.max > valid.max)) {
    problems.push(`served versions ${served} exceed ${request.validVersions}`);
  }
  if (problems.length > 0) throw new Error(`${request.name}: ${problems.join('; ')}`);
}
