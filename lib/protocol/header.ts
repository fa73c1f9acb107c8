// Request and response headers. The header version follows from the api key and version:
// request v0 only for ControlledShutdown v0, v2 for flexible versions, else v1; response v1 for
// flexible versions except ApiVersions, whose response header is always v0 so that a client
// that does not yet know the broker's versions can still read it.
import { ApiKey, isFlexibleVersion } from './api-keys';
import { Reader } from './reader';
import { Writer } from './writer';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export interface DecodedRequestHeader {
  header: RequestHeader;
  headerVersion: number;
  /** Where the request body starts in the buffer. */
  bodyOffset: number;
}

export interface DecodedResponseHeader {
  correlationId: number;
  bodyOffset: number;
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.CONTROLLED_SHUTDOWN && apiVersion === 0) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.API_VERSIONS) return 0;
  return isFlexibleVersion(apiKey, apiVersion) ? 1 : 0;
}

/**
 * Decodes the header of a request frame. Unknown api keys are read as header v1, so the caller
 * can still log the client id before closing the connection.
 */
export function decodeRequestHeader(buf: Buffer, offset: number, end: number): DecodedRequestHeader {
  const reader = new Reader(buf, offset, end);
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  // The client id is a classic nullable string even in header v2: old brokers must be able
  // to read it from any ApiVersions request.
  const clientId = headerVersion >= 1 ? reader.string(true) : null;
  if (headerVersion >= 2) reader.skipTaggedFields();
  return { header: { apiKey, apiVersion, correlationId, clientId }, headerVersion, bodyOffset: reader.offset };
}

export function encodeRequestHeader(header: RequestHeader, headerVersion: number): Buffer {
  const writer = new Writer(64);
  writer.int16(header.apiKey);
  writer.int16(header.apiVersion);
  writer.int32(header.correlationId);
  if (headerVersion >= 1) writer.string(header.clientId);
  if (headerVersion >= 2) writer.emptyTaggedFields();
  return writer.toBuffer();
}

export function encodeResponseHeader(correlationId: number, headerVersion: number): Buffer {
  const buf = Buffer.allocUnsafe(headerVersion >= 1 ? 5 : 4);
  buf.writeInt32BE(correlationId, 0);
  if (headerVersion >= 1) buf[4] = 0;
  return buf;
}

export function decodeResponseHeader(
  buf: Buffer,
  offset: number,
  end: number,
  headerVersion: number,
): DecodedResponseHeader {
  const reader = new Reader(buf, offset, end);
  const correlationId = reader.int32();
  if (headerVersion >= 1) reader.skipTaggedFields();
  return { correlationId, bodyOffset: reader.offset };
}
