// One outbound Kafka connection (used by clients, tools and, later, broker-to-broker
// channels): frames requests with correlation ids, pipelines them, and matches responses.
// In-flight requests are bounded; every request has a deadline.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { FrameDecoder, frameChunks } from './frame-decoder';
import {
  encodeRequestHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  decodeResponseHeader,
} from '../protocol/header';
import type { ApiSpec } from '../protocol/api-spec';
import { usesSasl, type SecurityProtocol } from './security-protocol';
import { saslAuthenticate, type SaslClientConfig } from './sasl-client';
import { tlsConnectOptions, type ClientTls } from './client-security';

export class ConnectionError extends Error {}

interface Pending {
  spec: ApiSpec<any, any>;
  version: number;
  resolve: (value: any) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** How a connection secures itself (security.protocol, sasl.*): PLAINTEXT when absent. */
export interface ConnectionSecurity {
  securityProtocol: SecurityProtocol;
  /** Required when the protocol uses SASL. */
  sasl?: SaslClientConfig;
  /** CA, key store and checks for SSL and SASL_SSL (node's default roots, no client certificate when absent). */
  tls?: ClientTls;
}

export interface ConnectionOptions {
  security?: ConnectionSecurity;
  host: string;
  port: number;
  clientId: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  responseBytesMax?: number;
  inFlightMax?: number;
}

export class Connection {
  private readonly pending = new Map<number, Pending>();
  private readonly decoder: FrameDecoder;
  private nextCorrelationId = 1;
  private closed = false;
  private answered = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.decoder = new FrameDecoder(options.responseBytesMax ?? 512 * 1024 * 1024);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) =>
      this.failAll(new ConnectionError(`connection to ${this.address} failed: ${err.message}`)),
    );
    socket.on('close', () =>
      this.failAll(new ConnectionError(`connection to ${this.address} closed${this.closeHint()}`)),
    );
  }

  /** Dials (completing the TLS handshake on SSL and SASL_SSL), then logs in on a SASL protocol. */
  static async connect(options: ConnectionOptions): Promise<Connection> {
    const security = options.security ?? { securityProtocol: 'PLAINTEXT' };
    const connection = new Connection(await openSocket(options), options);
    if (!usesSasl(security.securityProtocol)) return connection;
    if (!security.sasl) {
      connection.close();
      throw new ConnectionError(`security.protocol ${security.securityProtocol} needs sasl.mechanism and credentials`);
    }
    try {
      await saslAuthenticate(connection, security.sasl);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a request and resolves with the decoded response body. */
  send<Req, Res>(spec: ApiSpec<Req, Res>, version: number, body: Req): Promise<Res> {
    if (this.closed) return Promise.reject(new ConnectionError(`connection to ${this.address} is closed`));
    if (this.pending.size >= (this.options.inFlightMax ?? 1000)) {
      return Promise.reject(new ConnectionError(`too many requests in flight to ${this.address}`));
    }
    const correlationId = this.nextCorrelationId++ & 0x7fffffff;
    const header = encodeRequestHeader(
      { apiKey: spec.apiKey, apiVersion: version, correlationId, clientId: this.options.clientId },
      requestHeaderVersion(spec.apiKey, version),
    );
    const chunks = frameChunks([header, ...spec.encodeRequest(body, version)]);
    return new Promise<Res>((resolve, reject) => {
      const timeoutMs = this.options.requestTimeoutMs ?? 30000;
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new ConnectionError(`${spec.name} to ${this.address} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(correlationId, { spec, version, resolve, reject, timer });
      this.socket.cork();
      for (const c of chunks) this.socket.write(c);
      this.socket.uncork();
    });
  }

  /** Sends a request that gets no response (Produce with acks=0). */
  sendNoResponse<Req>(spec: ApiSpec<Req, unknown>, version: number, body: Req): void {
    const correlationId = this.nextCorrelationId++ & 0x7fffffff;
    const header = encodeRequestHeader(
      { apiKey: spec.apiKey, apiVersion: version, correlationId, clientId: this.options.clientId },
      requestHeaderVersion(spec.apiKey, version),
    );
    for (const c of frameChunks([header, ...spec.encodeRequest(body, version)])) this.socket.write(c);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.failAll(new ConnectionError(`connection to ${this.address} closed`));
  }

  /**
   * Under TLS 1.3 a broker checks the client certificate after the client's side of the handshake
   * is done, and refuses it by closing: the client only sees the close, before any response.
   */
  private closeHint(): string {
    if (this.answered || !(this.socket instanceof tls.TLSSocket)) return '';
    return ' by the broker before any response (did it refuse the client certificate?)';
  }

  private onData(chunk: Buffer): void {
    this.answered = true;
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.failAll(new ConnectionError(`bad response frame from ${this.address}: ${(err as Error).message}`));
      this.socket.destroy();
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: Buffer): void {
    const correlationId = frame.readInt32BE(0);
    const pending = this.pending.get(correlationId);
    if (!pending) return; // a timed-out request's late answer
    this.pending.delete(correlationId);
    clearTimeout(pending.timer);
    try {
      const hv = responseHeaderVersion(pending.spec.apiKey, pending.version);
      const { bodyOffset } = decodeResponseHeader(frame, 0, frame.length, hv);
      pending.resolve(pending.spec.decodeResponse(frame, bodyOffset, frame.length, pending.version));
    } catch (err) {
      pending.reject(
        new ConnectionError(`malformed ${pending.spec.name} response from ${this.address}: ${(err as Error).message}`),
      );
    }
  }

  private failAll(err: Error): void {
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }
}

/** A connected socket: plain TCP, or TLS once the handshake (and the server's certificate check) passed. */
function openSocket(options: ConnectionOptions): Promise<net.Socket> {
  const where = `${options.host}:${options.port}`;
  const tlsOptions = tlsConnectOptions(options.security, options.host);
  return new Promise((resolve, reject) => {
    const socket = tlsOptions
      ? tls.connect({ ...tlsOptions, host: options.host, port: options.port })
      : net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectionError(`connecting to ${where} timed out`));
    }, options.connectTimeoutMs ?? 10000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      const over = tlsOptions ? ' over TLS' : '';
      reject(new ConnectionError(`cannot connect to ${where}${over}: ${err.message}`));
    });
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
