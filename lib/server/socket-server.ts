// The broker's TCP front: accepts connections on each listener, cuts frames, hands each
// request to the dispatcher, and writes responses back in the order requests arrived on that
// connection (Kafka's per-connection ordering), whatever order they complete in.
//
// Concurrency rule: requests of one connection are *started* in arrival order on the event
// loop, so a handler that does its work synchronously before its first await (produce's append)
// observes arrival order. At most `inFlightMax` requests per connection are outstanding;
// beyond that the socket is paused (backpressure instead of an unbounded queue).
import * as net from 'node:net';
import * as tls from 'node:tls';
import { FrameDecoder, frameChunks } from '../network/frame-decoder';
import type { Listener } from './config';
import type { Logger } from '../util/logger';
import { usesTls, type SecurityProtocol } from '../network/security-protocol';
import { ANONYMOUS, type KafkaPrincipal } from './security/principal';
import type { ListenerTls } from './security/tls';
import { tlsPrincipal } from './security/tls-principal';
import type { Counter } from 'prom-client';
import type { BrokerMetrics } from '../metrics/broker-metrics';

export interface ConnectionInfo {
  id: number;
  listenerName: string;
  /** The listener's protocol (listener.security.protocol.map). */
  securityProtocol: SecurityProtocol;
  remoteAddress: string;
  remotePort: number;
  /** Who the connection acts as: ANONYMOUS until TLS client auth or SASL says otherwise. */
  principal: KafkaPrincipal;
}

/** What the dispatcher answers for one frame: chunks to send, nothing (acks=0), or close. */
export type DispatchResult =
  | {
      kind: 'respond';
      chunks: Buffer[];
      /** Close once this response is written (failed SASL authentication). */
      closeAfter?: string;
      /** Called once the response has been handed to the kernel (ResponseSendTimeMs). */
      written?: () => void;
    }
  | { kind: 'noResponse' }
  | { kind: 'close'; reason: string };

export type Dispatch = (frame: Buffer, connection: ConnectionInfo) => Promise<DispatchResult>;

export interface SocketServerOptions {
  listeners: Listener[];
  frameBytesMax: number;
  inFlightMax: number;
  /** A connection with no bytes in either direction and no request in flight this long is closed (Kafka's connections.max.idle.ms); 0 or negative: never. */
  connectionsMaxIdleMs?: number;
  dispatch: Dispatch;
  logger: Logger;
  /** TLS settings of each SSL and SASL_SSL listener, by listener name. */
  tls?: ReadonlyMap<string, ListenerTls>;
  /** Where connection counts per listener go (Kafka's socket-server-metrics). */
  metrics?: BrokerMetrics;
}

interface Slot {
  done: boolean;
  result?: DispatchResult;
}

export class SocketServer {
  private readonly servers: Array<{ listener: Listener; server: net.Server; port: number }> = [];
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private readonly creations = new Map<string, Counter.Internal>();

  constructor(private readonly options: SocketServerOptions) {
    const metrics = options.metrics;
    if (metrics === undefined) return;
    for (const { listenerName } of options.listeners) {
      const child = metrics.counter('connectionCreations').labels(listenerName);
      child.inc(0);
      this.creations.set(listenerName, child);
    }
    metrics.gaugeOnScrape('connectionCount', (gauge) => {
      for (const { listenerName } of options.listeners) gauge.set({ listener: listenerName }, 0);
      for (const c of this.connections) gauge.inc({ listener: c.info.listenerName });
    });
  }

  /** Binds every listener; port 0 picks a free port (see boundListeners). */
  async start(): Promise<void> {
    for (const listener of this.options.listeners) {
      const server = this.createServer(listener);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: listener.port, host: listener.host === '' ? undefined : listener.host }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const port = (server.address() as net.AddressInfo).port;
      this.servers.push({ listener, server, port });
      this.options.logger.info(`listening on ${listener.listenerName}://${listener.host || '0.0.0.0'}:${port}`);
    }
  }

  /** The configured listeners with the ports actually bound. */
  boundListeners(): Listener[] {
    return this.servers.map(({ listener, port }) => ({ ...listener, port }));
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes every connection. */
  async stop(drainTimeoutMs: number): Promise<void> {
    // close() stops accepting at once but calls back only when every connection is gone, and
    // other brokers' fetchers keep theirs open: drain and destroy first, then await it.
    const closed = Promise.all(
      this.servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    const deadline = Date.now() + drainTimeoutMs;
    await Promise.all([...this.connections].map((c) => c.drain(deadline)));
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    await closed;
  }

  /** A plain TCP server, or a TLS one whose connections arrive once their handshake is done. */
  private createServer(listener: Listener): net.Server {
    if (!usesTls(listener.securityProtocol)) return net.createServer((socket) => this.accept(socket, listener));
    const settings = this.options.tls?.get(listener.listenerName);
    if (!settings)
      throw new Error(`listener ${listener.listenerName} is ${listener.securityProtocol} but has no TLS settings`);
    const server = tls.createServer(settings.options, (socket) => this.acceptTls(socket, listener));
    server.on('tlsClientError', (err, socket) =>
      this.options.logger.info(
        `TLS handshake from ${socket.remoteAddress}:${socket.remotePort} on ${listener.listenerName} failed: ${err.message}`,
      ),
    );
    return server;
  }

  /** ssl.client.auth=requested admits a client without a certificate, never one with an untrusted one. */
  private acceptTls(socket: tls.TLSSocket, listener: Listener): void {
    if (!socket.authorized && socket.getPeerX509Certificate() !== undefined) {
      this.options.logger.info(
        `rejecting ${socket.remoteAddress}:${socket.remotePort} on ${listener.listenerName}: client certificate not trusted (${String(socket.authorizationError)})`,
      );
      socket.destroy();
      return;
    }
    this.accept(socket, listener, tlsPrincipal(socket));
  }

  private accept(socket: net.Socket, listener: Listener, principal: KafkaPrincipal = ANONYMOUS): void {
    socket.setNoDelay(true);
    const info: ConnectionInfo = {
      id: this.nextConnectionId++,
      listenerName: listener.listenerName,
      securityProtocol: listener.securityProtocol,
      remoteAddress: socket.remoteAddress ?? '?',
      remotePort: socket.remotePort ?? 0,
      principal,
    };
    const connection = new Connection(socket, info, this.options);
    this.connections.add(connection);
    this.creations.get(listener.listenerName)?.inc();
    socket.once('close', () => this.connections.delete(connection));
  }
}

class Connection {
  private readonly decoder: FrameDecoder;
  private readonly slots: Slot[] = [];
  private closing = false;
  private drained: (() => void) | null = null;

  constructor(
    private readonly socket: net.Socket,
    readonly info: ConnectionInfo,
    private readonly options: SocketServerOptions,
  ) {
    this.decoder = new FrameDecoder(options.frameBytesMax);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => options.logger.debug(`connection ${this.describe()} error: ${err.message}`));
    socket.on('close', () => this.onClosed());
    const idleMs = options.connectionsMaxIdleMs ?? -1;
    if (idleMs > 0) {
      // Node re-arms the timer on every read and write, so a client trickling bytes is not idle
      // (Kafka counts any socket activity too); a parked request (long poll) is not idleness.
      socket.setTimeout(idleMs);
      socket.on('timeout', () => {
        if (this.slots.length === 0) this.close(`idle for more than ${idleMs} ms (connections.max.idle.ms)`, 'debug');
      });
    }
  }

  drain(deadlineMs: number): Promise<void> {
    this.socket.pause();
    if (this.slots.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadlineMs - Date.now()));
      this.drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private describe(): string {
    return `#${this.info.id} ${this.info.remoteAddress}:${this.info.remotePort}`;
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.close(`bad frame: ${(err as Error).message}`);
      return;
    }
    for (const frame of frames) {
      if (this.closing) return;
      this.start(frame);
    }
    if (this.slots.length >= this.options.inFlightMax) this.socket.pause();
  }

  private start(frame: Buffer): void {
    const slot: Slot = { done: false };
    this.slots.push(slot);
    this.options.dispatch(frame, this.info).then(
      (result) => this.complete(slot, result),
      (err: Error) => this.complete(slot, { kind: 'close', reason: `request failed: ${err.stack ?? err.message}` }),
    );
  }

  private complete(slot: Slot, result: DispatchResult): void {
    slot.done = true;
    slot.result = result;
    while (this.slots.length > 0 && this.slots[0].done) {
      const head = this.slots.shift() as Slot;
      const r = head.result as DispatchResult;
      if (r.kind === 'close') {
        this.close(r.reason);
        return;
      }
      if (r.kind === 'respond' && !this.closing) this.write(r.chunks, r.written);
      if (r.kind === 'respond' && r.closeAfter !== undefined) {
        this.close(r.closeAfter);
        return;
      }
    }
    if (this.slots.length === 0 && this.drained) this.drained();
    if (!this.closing && this.slots.length < this.options.inFlightMax && this.socket.isPaused() && !this.drained) {
      this.socket.resume();
    }
  }

  private write(chunks: Buffer[], written?: () => void): void {
    const framed = frameChunks(chunks);
    const last = framed.length - 1;
    this.socket.cork();
    for (let i = 0; i < last; i++) this.socket.write(framed[i]);
    this.socket.write(
      framed[last],
      written === undefined
        ? undefined
        : (err) => {
            if (!err) written();
          },
    );
    this.socket.uncork();
  }

  private close(reason: string, level: 'warn' | 'debug' = 'warn'): void {
    if (this.closing) return;
    this.closing = true;
    this.options.logger[level](`closing connection ${this.describe()} on ${this.info.listenerName}: ${reason}`);
    this.socket.end();
    this.socket.destroySoon();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onClosed(): void {
    this.closing = true;
    if (this.drained) this.drained();
  }
}
