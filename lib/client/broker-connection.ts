// One client connection to one broker with the API versions both sides speak: ApiVersions is
// asked once on connect (falling back to v0 for brokers that refuse v3, as KIP-511 allows), and
// every request goes out at the highest version the broker, the codec and the caller accept.
import { Connection, ConnectionOptions } from '../network/connection';
import { apiVersionsApi, ApiVersionsResponse } from '../protocol/apis/api-versions';
import type { ApiSpec } from '../protocol/api-spec';
import { ErrorCode } from '../protocol/error-codes';
import { ClientError, toClientError } from './errors';

export interface VersionBounds {
  /** The highest version the caller has tested against; defaults to the codec's newest. */
  max?: number;
  /** The oldest version that carries what the caller needs. */
  min?: number;
}

export const CLIENT_SOFTWARE_NAME = 'samsa-client';
export const CLIENT_SOFTWARE_VERSION = '0.1.0';

export class BrokerConnection {
  private constructor(
    private readonly connection: Connection,
    private readonly versions: Map<number, { min: number; max: number }>,
    /** -1 for a bootstrap connection whose node id is not known yet. */
    readonly nodeId: number,
  ) {}

  static async open(options: ConnectionOptions, nodeId: number): Promise<BrokerConnection> {
    let connection: Connection;
    try {
      connection = await Connection.connect(options);
    } catch (error) {
      throw toClientError(error, `connecting to ${options.host}:${options.port}`);
    }
    try {
      const versions = await negotiateVersions(connection);
      return new BrokerConnection(connection, versions, nodeId);
    } catch (error) {
      connection.close();
      throw toClientError(error, `ApiVersions to ${options.host}:${options.port}`);
    }
  }

  get address(): string {
    return this.connection.address;
  }

  get isClosed(): boolean {
    return this.connection.isClosed;
  }

  /** The version a request of `spec` would use, or null when the ranges do not overlap. */
  versionFor(spec: ApiSpec<any, any>, bounds: VersionBounds = {}): number | null {
    const broker = this.versions.get(spec.apiKey);
    if (!broker) return null;
    const max = Math.min(broker.max, spec.validVersions.max, bounds.max ?? Number.MAX_SAFE_INTEGER);
    const min = Math.max(broker.min, spec.validVersions.min, bounds.min ?? 0);
    return max >= min ? max : null;
  }

  supports(spec: ApiSpec<any, any>, bounds: VersionBounds = {}): boolean {
    return this.versionFor(spec, bounds) !== null;
  }

  /** Sends at the negotiated version; `body` may be built knowing it. */
  async request<Req, Res>(
    spec: ApiSpec<Req, Res>,
    body: Req | ((version: number) => Req),
    bounds: VersionBounds = {},
  ): Promise<{ version: number; response: Res }> {
    const version = this.requireVersion(spec, bounds);
    const payload = typeof body === 'function' ? (body as (v: number) => Req)(version) : body;
    try {
      return { version, response: await this.connection.send(spec, version, payload) };
    } catch (error) {
      throw toClientError(error, `${spec.name} to ${this.address}`);
    }
  }

  /** A request with no response (Produce with acks=0). */
  requestNoResponse<Req>(
    spec: ApiSpec<Req, unknown>,
    body: Req | ((version: number) => Req),
    bounds: VersionBounds = {},
  ): void {
    const version = this.requireVersion(spec, bounds);
    const payload = typeof body === 'function' ? (body as (v: number) => Req)(version) : body;
    this.connection.sendNoResponse(spec, version, payload);
  }

  close(): void {
    this.connection.close();
  }

  private requireVersion(spec: ApiSpec<any, any>, bounds: VersionBounds): number {
    const version = this.versionFor(spec, bounds);
    if (version === null) {
      throw new ClientError(
        'UNSUPPORTED_BY_BROKER',
        `${this.address} does not serve ${spec.name} at versions the client speaks`,
      );
    }
    return version;
  }
}

async function negotiateVersions(connection: Connection): Promise<Map<number, { min: number; max: number }>> {
  const request = { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: CLIENT_SOFTWARE_VERSION };
  let response = (await connection.send(apiVersionsApi, 3, request as never)) as ApiVersionsResponse;
  if (response.errorCode === ErrorCode.UNSUPPORTED_VERSION) {
    response = (await connection.send(apiVersionsApi, 0, {} as never)) as ApiVersionsResponse;
  }
  if (response.errorCode !== ErrorCode.NONE) throw ClientError.fromErrorCode(response.errorCode, 'ApiVersions');
  return new Map(response.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
}
