// Maps api key -> handler (Kafka's KafkaApis, routing only). Decodes the header and body,
// runs the handler, encodes the response with the right header version. Malformed input,
// unknown api keys and unsupported versions close the connection (Kafka does), except that
// ApiVersions with a too-new version gets a v0-shaped UNSUPPORTED_VERSION answer (KIP-511).
// Before the broker is ready, the request gate holds what it cannot yet answer truthfully.
import type { ConnectionInfo, DispatchResult } from './socket-server';
import type { Logger } from '../util/logger';
import { decodeRequestHeader, encodeResponseHeader, responseHeaderVersion } from '../protocol/header';
import type { RequestHeader } from '../protocol/header';
import type { ApiSpec } from '../protocol/api-spec';
import { ErrorCode } from '../protocol/error-codes';
import { apiVersionsApi as ApiVersions } from '../protocol/apis/api-versions';
import type { RequestGate } from './request-gate';

export interface RequestContext {
  header: RequestHeader;
  connection: ConnectionInfo;
}

/** A handler returns the response body, or null when no response is sent (acks=0). */
export type Handler = (context: RequestContext, body: any) => Promise<unknown | null> | unknown | null;

export interface HandlerEntry {
  spec: ApiSpec<any, any>;
  handle: Handler;
}

export class Dispatcher {
  private readonly handlers = new Map<number, HandlerEntry>();

  constructor(private readonly logger: Logger, private readonly gate: RequestGate | null = null) {}

  register(spec: ApiSpec<any, any>, handle: Handler): void {
    this.handlers.set(spec.apiKey, { spec, handle });
  }

  /** The (apiKey, min, max) triples ApiVersions advertises: exactly what is registered. */
  advertisedVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return [...this.handlers.values()]
      .map(({ spec }) => ({ apiKey: spec.apiKey, minVersion: spec.servedVersions.min, maxVersion: spec.servedVersions.max }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  dispatch = async (frame: Buffer, connection: ConnectionInfo): Promise<DispatchResult> => {
    let header: RequestHeader;
    let bodyOffset: number;
    try {
      ({ header, bodyOffset } = decodeRequestHeader(frame, 0, frame.length));
    } catch (err) {
      return { kind: 'close', reason: `malformed request header: ${(err as Error).message}` };
    }
    const entry = this.handlers.get(header.apiKey);
    const who = `client ${JSON.stringify(header.clientId)} at ${connection.remoteAddress}:${connection.remotePort}`;
    if (!entry) return { kind: 'close', reason: `unknown or unserved api key ${header.apiKey} from ${who}` };
    const { spec } = entry;
    if (header.apiVersion < spec.servedVersions.min || header.apiVersion > spec.servedVersions.max) {
      if (spec.apiKey === ApiVersions.apiKey) return this.unsupportedApiVersions(header);
      return { kind: 'close', reason: `${spec.name} v${header.apiVersion} is not supported (${who})` };
    }
    // Only a request that must wait yields here: admitted ones start synchronously, as before.
    if (this.gate && !this.gate.admitsNow(header.apiKey) && !(await this.gate.admit(header.apiKey))) {
      return { kind: 'close', reason: `${spec.name} from ${who} arrived before this broker was ready to answer it` };
    }
    let body: unknown;
    try {
      body = spec.decodeRequest(frame, bodyOffset, frame.length, header.apiVersion);
    } catch (err) {
      return { kind: 'close', reason: `malformed ${spec.name} v${header.apiVersion} request from ${who}: ${(err as Error).message}` };
    }
    const response = await entry.handle({ header, connection }, body);
    if (response === null) return { kind: 'noResponse' };
    const headerVersion = responseHeaderVersion(header.apiKey, header.apiVersion);
    return {
      kind: 'respond',
      chunks: [encodeResponseHeader(header.correlationId, headerVersion), ...spec.encodeResponse(response, header.apiVersion)],
    };
  };

  private unsupportedApiVersions(header: RequestHeader): DispatchResult {
    this.logger.debug(`ApiVersions v${header.apiVersion} unsupported; answering v0 with UNSUPPORTED_VERSION`);
    const apiVersionsEntry = this.advertisedVersions().filter((v) => v.apiKey === ApiVersions.apiKey);
    const body = { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: apiVersionsEntry, throttleTimeMs: 0 };
    return {
      kind: 'respond',
      chunks: [encodeResponseHeader(header.correlationId, 0), ...ApiVersions.encodeResponse(body, 0)],
    };
  }
}
