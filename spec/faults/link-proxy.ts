// The fault suite's network: a TCP proxy on 127.0.0.1 between the brokers, their clients and
// ZooKeeper, that can cut, blackhole (one way or both) or delay each link. Every broker advertises
// its proxy port (and binds a random real one the proxy learns after start), and reaches ZooKeeper
// through its own proxy port, so each connection belongs to a link (source → target):
//   - to broker N: the source is told by the first request's client_id — replica-fetcher-<id>,
//     controller-<id> and broker-<id> are broker <id>, anything else is 'client';
//   - to ZooKeeper: the source is the broker owning that proxy port.
// A link's mode applies to new connections and at once to the live ones. Links are directional
// by who dials: cutting broker 1 from broker 2 both ways is `cut(1, 2)` (both dialers).
// It plugs into FaultCluster as a BrokerHooks (propsFor / started).
import * as net from 'node:net';
import { splitConnectString } from '../../lib/zk/session';
import { CLASSIFY_BYTES_MAX, firstRequestClientId, GateMode, ProxiedConnection } from './proxied-connection';

export type LinkSource = number | 'client';
export type LinkTarget = number | 'zookeeper';

/**
 * open: bytes flow. cut: live connections are reset, new ones reset once classified.
 * blackhole: connections are accepted and kept open but the chosen direction's bytes are held
 * (forward = source → target, e.g. a follower's requests; backward = the answers; both by
 * default); they flow again when the link opens. delay: every chunk arrives `delayMs` late.
 */
export type LinkMode =
  | { kind: 'open' }
  | { kind: 'cut' }
  | { kind: 'blackhole'; direction?: 'both' | 'forward' | 'backward' }
  | { kind: 'delay'; delayMs: number };

export const OPEN: LinkMode = { kind: 'open' };
export const CUT: LinkMode = { kind: 'cut' };
export const BLACKHOLE: LinkMode = { kind: 'blackhole' };

export interface LinkProxyOptions {
  brokerIds: number[];
  /**
   * The ZooKeeper to reach when a broker's properties name none (propsFor without props); normally
   * each broker's own zookeeper.connect is rerouted at its start.
   */
  zookeeperConnect?: string;
}

interface Listening {
  server: net.Server;
  port: number;
}

interface HostPort {
  host: string;
  port: number;
}

/** Where one broker's ZooKeeper link leads: the servers of its zookeeper.connect, tried in turn. */
interface ZkUpstream {
  hosts: HostPort[];
  next: number;
}

/** Unclassified connections that sent nothing for this long are dropped (a limit on idle accepts). */
const CLASSIFY_TIMEOUT_MS = 30_000;

const BROKER_CLIENT_ID = /^(?:replica-fetcher|controller|broker)-(\d+)$/;

/** Which link source a client_id belongs to. */
export function sourceOfClientId(clientId: string | null): LinkSource {
  const match = clientId === null ? null : BROKER_CLIENT_ID.exec(clientId);
  return match ? Number(match[1]) : 'client';
}

function parseHostPort(text: string): HostPort {
  const [host, port] = text.trim().split(':');
  return { host, port: Number(port) };
}

function linkKey(source: LinkSource | number, target: LinkTarget): string {
  return `${source}->${target}`;
}

function gateModes(mode: LinkMode): [GateMode, GateMode] {
  const flow: GateMode = { kind: 'flow' };
  const hold: GateMode = { kind: 'hold' };
  switch (mode.kind) {
    case 'open':
    case 'cut':
      return [flow, flow];
    case 'delay':
      return [
        { kind: 'delay', delayMs: mode.delayMs },
        { kind: 'delay', delayMs: mode.delayMs },
      ];
    case 'blackhole': {
      const direction = mode.direction ?? 'both';
      return [direction === 'backward' ? flow : hold, direction === 'forward' ? flow : hold];
    }
  }
}

function describe(mode: LinkMode): string {
  if (mode.kind === 'delay') return `delay ${mode.delayMs} ms`;
  if (mode.kind === 'blackhole' && mode.direction && mode.direction !== 'both')
    return `blackhole (${mode.direction} only)`;
  return mode.kind;
}

export class LinkProxy {
  private readonly brokerListeners = new Map<number, Listening>();
  private readonly zkListeners = new Map<number, Listening>();
  private readonly zkUpstreams = new Map<number, ZkUpstream>();
  private readonly realPorts = new Map<number, number>();
  private readonly modes = new Map<string, LinkMode>();
  private readonly live = new Map<string, Set<ProxiedConnection>>();
  private readonly pendingSockets = new Set<net.Socket>();
  /** Where mode changes are reported (the scenario's log, once the harness hands the proxy over). */
  log: (line: string) => void = () => undefined;

  private constructor(private readonly options: LinkProxyOptions) {}

  /** Opens two proxy ports per broker: the one it advertises and the one it reaches ZooKeeper by. */
  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    const proxy = new LinkProxy(options);
    try {
      for (const id of options.brokerIds) {
        proxy.brokerListeners.set(id, await proxy.listen((socket) => proxy.acceptForBroker(id, socket)));
        proxy.zkListeners.set(id, await proxy.listen((socket) => proxy.acceptForZooKeeper(id, socket)));
      }
    } catch (err) {
      await proxy.stop();
      throw err;
    }
    return proxy;
  }

  /** The port broker `id` advertises (clients and other brokers dial it). */
  portOf(id: number): number {
    const listening = this.brokerListeners.get(id);
    if (!listening) throw new Error(`broker ${id} has no proxy port`);
    return listening.port;
  }

  /**
   * BrokerHooks: advertise the proxy port, bind a random real one, and reach ZooKeeper through
   * this broker's ZooKeeper port (the servers and chroot of its zookeeper.connect kept; without
   * one, e.g. when asked only for log.dirs, ZooKeeper is left out).
   */
  propsFor(id: number, props: Record<string, string | number | boolean> = {}): Record<string, string> {
    const zk = this.zkListeners.get(id);
    if (!zk) throw new Error(`broker ${id} has no proxy port`);
    const advertised = {
      listeners: 'PLAINTEXT://127.0.0.1:0',
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${this.portOf(id)}`,
    };
    const connect = props['zookeeper.connect'] ?? this.options.zookeeperConnect;
    if (connect === undefined) return advertised;
    const { hosts, chroot } = splitConnectString(String(connect));
    this.zkUpstreams.set(id, { hosts: hosts.split(',').map(parseHostPort), next: 0 });
    return { ...advertised, 'zookeeper.connect': `127.0.0.1:${zk.port}${chroot ?? ''}` };
  }

  /** BrokerHooks: the real port broker `id` bound at this (re)start. */
  started(id: number, port: number): void {
    this.realPorts.set(id, port);
  }

  modeOf(source: LinkSource, target: LinkTarget): LinkMode {
    return this.modes.get(linkKey(source, target)) ?? OPEN;
  }

  /** Sets one directional link (connections `source` dials to `target`). */
  setLink(source: LinkSource, target: LinkTarget, mode: LinkMode): void {
    const key = linkKey(source, target);
    if (mode.kind === 'open') this.modes.delete(key);
    else this.modes.set(key, mode);
    this.log(`link ${key}: ${describe(mode)}`);
    for (const connection of [...(this.live.get(key) ?? [])]) this.apply(connection, mode);
  }

  /** Both dialing directions between two brokers, or between a broker and ZooKeeper. */
  cut(a: number, b: number | 'zookeeper', mode: LinkMode = CUT): void {
    this.setLink(a, b, mode);
    if (b !== 'zookeeper') this.setLink(b, a, mode);
  }

  /** Broker `id` cut from the other brokers and ZooKeeper; its clients still reach it. */
  isolate(id: number, mode: LinkMode = CUT): void {
    for (const other of this.brokerListeners.keys()) if (other !== id) this.cut(id, other, mode);
    this.cut(id, 'zookeeper', mode);
  }

  /** Every link open again; held bytes flow. */
  heal(): void {
    for (const key of [...this.modes.keys()]) {
      this.modes.delete(key);
      this.log(`link ${key}: open`);
      for (const connection of [...(this.live.get(key) ?? [])]) this.apply(connection, OPEN);
    }
  }

  /** Live connections on a link (for specs and notes). */
  connectionCount(source: LinkSource, target: LinkTarget): number {
    return this.live.get(linkKey(source, target))?.size ?? 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.pendingSockets) socket.destroy();
    this.pendingSockets.clear();
    for (const set of this.live.values()) for (const connection of set) connection.close();
    this.live.clear();
    const all = [...this.brokerListeners.values(), ...this.zkListeners.values()];
    this.brokerListeners.clear();
    this.zkListeners.clear();
    await Promise.all(all.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve()))));
  }

  private listen(onSocket: (socket: net.Socket) => void): Promise<Listening> {
    return new Promise((resolve, reject) => {
      const server = net.createServer(onSocket);
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port }));
    });
  }

  /** Each new connection tries the next server, as a ZooKeeper client moves on after a failure. */
  private acceptForZooKeeper(id: number, socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    const upstream = this.zkUpstreams.get(id);
    if (!upstream) return void socket.destroy();
    const host = upstream.hosts[upstream.next++ % upstream.hosts.length];
    this.join(linkKey(id, 'zookeeper'), socket, host, Buffer.alloc(0));
  }

  /** Reads until the first request's client_id is known, then joins the link it names. */
  private acceptForBroker(id: number, socket: net.Socket): void {
    this.pendingSockets.add(socket);
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), CLASSIFY_TIMEOUT_MS);
    const forget = (): void => {
      clearTimeout(timer);
      this.pendingSockets.delete(socket);
    };
    socket.on('error', () => socket.destroy());
    socket.once('close', forget);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const clientId = firstRequestClientId(buffered);
      if (clientId === 'more' && buffered.length < CLASSIFY_BYTES_MAX) return;
      socket.off('data', onData);
      socket.off('close', forget);
      forget();
      const source = sourceOfClientId(clientId === 'more' ? null : clientId);
      const port = this.realPorts.get(id);
      if (port === undefined) return void socket.resetAndDestroy();
      this.join(linkKey(source, id), socket, { host: '127.0.0.1', port }, buffered);
    };
    socket.on('data', onData);
  }

  /** Joins an accepted socket to its server under the link's current mode. */
  private join(key: string, down: net.Socket, upstream: HostPort, firstBytes: Buffer): void {
    const mode = this.modes.get(key) ?? OPEN;
    if (mode.kind === 'cut') return void (down.readyState === 'open' ? down.resetAndDestroy() : down.destroy());
    const up = net.connect({ host: upstream.host, port: upstream.port });
    up.setNoDelay(true);
    down.setNoDelay(true);
    const connection = new ProxiedConnection(down, up);
    let set = this.live.get(key);
    if (!set) this.live.set(key, (set = new Set()));
    set.add(connection);
    connection.onClose(() => set?.delete(connection));
    const [forward, backward] = gateModes(mode);
    connection.open(forward, backward, firstBytes);
  }

  private apply(connection: ProxiedConnection, mode: LinkMode): void {
    if (mode.kind === 'cut') return connection.close(true);
    const [forward, backward] = gateModes(mode);
    connection.setModes(forward, backward);
  }
}
