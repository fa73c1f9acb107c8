// Maps api key -> handler (Kafka's KafkaApis, routing only), and is the broker's one error
// boundary. Decodes the header and body, runs the handler, encodes the response with the right
// header version. A handler that throws is answered with its API's error response (Kafka's
// getErrorResponse, protocol/error-response.ts), logged once here, and the connection stays open.
// Malformed input, unknown api keys and unsupported versions close the connection (Kafka does),
// except that ApiVersions with a too-new version gets a v0-shaped UNSUPPORTED_VERSION answer
// (KIP-511). Before the broker is ready, the request gate holds what it cannot yet answer truthfully.
import type { ConnectionInfo, DispatchResult } from './socket-server';
import type { Logger } from '../util/logger';
import { decodeRequestHeader, encodeResponseHeader, responseHeaderVersion } from '../protocol/header';
import type { RequestHeader } from '../protocol/header';
import type { ApiSpec } from '../protocol/api-spec';
import type { VersionRange } from '../protocol/schema-types';
import { errorInfo, ErrorCode } from '../protocol/error-codes';
import { describeError, errorCodeOf, isUnexpected } from '../protocol/kafka-error';
import { errorResponseFor } from '../protocol/error-response';
import { apiVersionsApi as ApiVersions } from '../protocol/apis/api-versions';
import type { RequestGate } from './request-gate';
import type { SaslAuthenticator } from './security/sasl-authenticator';
import type { RequestObserver, RequestTiming } from './request-observer';
import { performance } from 'node:perf_hooks';

export interface RequestContext {
  header: RequestHeader;
  connection: ConnectionInfo;
  /** The request's clock for RequestMetrics; a handler passes it where the request may park. */
  timing?: RequestTiming;
}

/** A handler returns the response body, or null when no response is sent (acks=0). */
export type Handler<Req, Res> = (context: RequestContext, request: Req) => Promise<Res | null> | Res | null;

/** One registered API with its types erased: what routing needs, and how to serve a frame. */
interface Route {
  readonly apiKey: number;
  readonly name: string;
  readonly servedVersions: VersionRange;
  serve(context: RequestContext, frame: Buffer, bodyOffset: number, receivedMs: number): Promise<DispatchResult>;
}

export class Dispatcher {
  private readonly routes = new Map<number, Route>();

  constructor(
    private readonly logger: Logger,
    private readonly gate: RequestGate | null = null,
    private readonly sasl: SaslAuthenticator | null = null,
    private readonly observer: RequestObserver | null = null,
  ) {}

  register<Req, Res>(spec: ApiSpec<Req, Res>, handle: Handler<Req, Res>): void {
    const { apiKey, name, servedVersions } = spec;
    this.routes.set(apiKey, {
      apiKey,
      name,
      servedVersions,
      serve: (context, frame, bodyOffset, receivedMs) =>
        this.serve(spec, handle, context, frame, bodyOffset, receivedMs),
    });
  }

  /** The (apiKey, min, max) triples ApiVersions advertises: exactly what is registered. */
  advertisedVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return [...this.routes.values()]
      .map((r) => ({ apiKey: r.apiKey, minVersion: r.servedVersions.min, maxVersion: r.servedVersions.max }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  dispatch = async (frame: Buffer, connection: ConnectionInfo): Promise<DispatchResult> => {
    const receivedMs = this.observer === null ? 0 : performance.now();
    // After a v0 SaslHandshake the client's tokens come unwrapped, with no request header.
    if (this.sasl?.awaitsRawToken(connection)) return this.sasl.rawToken(frame, connection);
    let header: RequestHeader;
    let bodyOffset: number;
    try {
      ({ header, bodyOffset } = decodeRequestHeader(frame, 0, frame.length));
    } catch (err) {
      return { kind: 'close', reason: `malformed request header: ${(err as Error).message}` };
    }
    const context = { header, connection };
    const route = this.routes.get(header.apiKey);
    if (!route) return { kind: 'close', reason: `unknown or unserved api key ${header.apiKey} from ${who(context)}` };
    if (header.apiVersion < route.servedVersions.min || header.apiVersion > route.servedVersions.max) {
      if (route.apiKey === ApiVersions.apiKey) return this.unsupportedApiVersions(header);
      return { kind: 'close', reason: `${route.name} v${header.apiVersion} is not supported (${who(context)})` };
    }
    const refusal = this.sasl?.refusal(header.apiKey, connection) ?? null;
    if (refusal !== null) return { kind: 'close', reason: `${refusal} (${who(context)})` };
    // Only a request that must wait yields here: admitted ones start synchronously, as before.
    if (this.gate && !this.gate.admitsNow(header.apiKey) && !(await this.gate.admit(header.apiKey))) {
      return {
        kind: 'close',
        reason: `${route.name} from ${who(context)} arrived before this broker was ready to answer it`,
      };
    }
    const result = await route.serve(context, frame, bodyOffset, receivedMs);
    const closeAfter = this.sasl?.closeAfterResponse(connection) ?? null;
    return closeAfter !== null && result.kind === 'respond' ? { ...result, closeAfter } : result;
  };

  private async serve<Req, Res>(
    spec: ApiSpec<Req, Res>,
    handle: Handler<Req, Res>,
    context: RequestContext,
    frame: Buffer,
    bodyOffset: number,
    receivedMs: number,
  ): Promise<DispatchResult> {
    const version = context.header.apiVersion;
    let request: Req;
    try {
      request = spec.decodeRequest(frame, bodyOffset, frame.length, version);
    } catch (err) {
      return {
        kind: 'close',
        reason: `malformed ${spec.name} v${version} request from ${who(context)}: ${(err as Error).message}`,
      };
    }
    context.timing = this.observer?.begin(spec.apiKey, spec.name, version, request, receivedMs);
    try {
      // Called before any await, so the handler starts in arrival order (socket-server.ts).
      const response = await handle(context, request);
      if (response === null) {
        context.timing?.unanswered();
        return { kind: 'noResponse' };
      }
      return respond(spec, context, response);
    } catch (err) {
      return this.failed(spec, context, request, err);
    }
  }

  /** The boundary: any error out of a handler (or out of encoding its answer) becomes the API's error response. */
  private failed<Req, Res>(
    spec: ApiSpec<Req, Res>,
    context: RequestContext,
    request: Req,
    err: unknown,
  ): DispatchResult {
    const errorCode = errorCodeOf(err);
    if (isUnexpected(err)) {
      this.logger.error(`${spec.name} request failed unexpectedly (${who(context)}): ${describeError(err)}`);
    } else {
      this.logger.debug(
        `${spec.name} request failed with ${errorInfo(errorCode).name} (${who(context)}): ${(err as Error).message}`,
      );
    }
    const body = errorResponseFor(spec, request, context.header.apiVersion, errorCode);
    // A request that is never answered (acks=0) learns of its failure only this way, as in Kafka.
    if (body === null)
      return {
        kind: 'close',
        reason: `${spec.name} from ${who(context)} failed and has no response to carry the error`,
      };
    return respond(spec, context, body);
  }

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

function respond<Req, Res>(spec: ApiSpec<Req, Res>, { header, timing }: RequestContext, body: Res): DispatchResult {
  const headerVersion = responseHeaderVersion(header.apiKey, header.apiVersion);
  const chunks = [
    encodeResponseHeader(header.correlationId, headerVersion),
    ...spec.encodeResponse(body, header.apiVersion),
  ];
  return { kind: 'respond', chunks, written: timing?.responded(body) };
}

/** The request's identity for a log line; built only when one is written. */
function who({ header, connection }: RequestContext): string {
  return (
    `${header.apiKey}/v${header.apiVersion} correlation id ${header.correlationId} from client ` +
    `${JSON.stringify(header.clientId)} at ${connection.remoteAddress}:${connection.remotePort}`
  );
}
