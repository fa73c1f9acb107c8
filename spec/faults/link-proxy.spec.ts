// Proves that the fault suite's link proxy tells links apart by the first request's client_id and
// applies each link's mode over real sockets: bytes pass through when open, cut resets live and
// new connections, blackhole holds bytes (one direction or both) until the link opens, delay makes
// them late; a real broker answers through it and a real ZooKeeper session loses and regains its
// connection through a broker's ZooKeeper link.
import { expect } from 'chai';
import * as net from 'node:net';
import { LinkProxy, sourceOfClientId } from './link-proxy';
import { firstRequestClientId } from './proxied-connection';
import { encodeRequestHeader } from '../../lib/protocol/header';
import { frameChunks } from '../../lib/network/frame-decoder';
import { Connection } from '../../lib/network/connection';
import { apiVersionsApi } from '../../lib/protocol/apis/api-versions';
import { sharedZooKeeper, zkChroot, openZkSession, nextSessionEvent } from '../helpers/zookeeper';
import { startBroker, stopAllBrokers } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';

/** How long a held byte must stay away to count as held (an observation window, not a wait for an outcome). */
const HELD_WINDOW_MS = 400;

function requestFrame(clientId: string | null, payload = 'ping'): Buffer {
  const header = encodeRequestHeader({ apiKey: 18, apiVersion: 0, correlationId: 1, clientId }, 1);
  return Buffer.concat(frameChunks([header, Buffer.from(payload)]));
}

/** An upstream that echoes every byte and keeps what it received. */
class EchoServer {
  received = Buffer.alloc(0);
  readonly sockets = new Set<net.Socket>();
  private constructor(
    readonly server: net.Server,
    readonly port: number,
  ) {}

  static start(): Promise<EchoServer> {
    return new Promise((resolve) => {
      let echo: EchoServer | null = null;
      const server = net.createServer((socket) => {
        echo?.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('data', (chunk: Buffer) => {
          if (echo) echo.received = Buffer.concat([echo.received, chunk]);
          socket.write(chunk);
        });
      });
      server.listen(0, '127.0.0.1', () => {
        echo = new EchoServer(server, (server.address() as net.AddressInfo).port);
        resolve(echo);
      });
    });
  }

  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A dialer that keeps every byte it gets back and whether its socket closed. */
class Dialer {
  received = Buffer.alloc(0);
  closed = false;
  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static open(port: number, firstBytes: Buffer): Promise<Dialer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.write(firstBytes);
        resolve(new Dialer(socket));
      });
      socket.once('error', reject);
    });
  }

  async untilReceived(bytes: number, what: string): Promise<void> {
    await waitUntil(() => this.received.length >= bytes, { timeoutMs: 5000, message: what });
  }
}

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('LinkProxy', function () {
  this.timeout(30_000);
  let echo: EchoServer;
  let proxy: LinkProxy;
  const dialers: Dialer[] = [];

  async function dial(clientId: string | null, payload = 'ping'): Promise<Dialer> {
    const dialer = await Dialer.open(proxy.portOf(1), requestFrame(clientId, payload));
    dialers.push(dialer);
    return dialer;
  }

  beforeEach(async () => {
    echo = await EchoServer.start();
    proxy = await LinkProxy.start({ brokerIds: [1, 2], zookeeperConnect: `127.0.0.1:${echo.port}/chroot` });
    proxy.started(1, echo.port);
  });

  afterEach(async () => {
    for (const d of dialers.splice(0)) d.socket.destroy();
    await proxy.stop();
    await echo.stop();
    await stopAllBrokers();
  });

  it('reads the client_id of a request header and maps broker client ids to their broker', () => {
    const frame = requestFrame('replica-fetcher-12');
    expect(firstRequestClientId(frame)).to.equal('replica-fetcher-12');
    expect(firstRequestClientId(frame.subarray(0, 16))).to.equal('more');
    expect(firstRequestClientId(requestFrame(null))).to.equal(null);
    const table: Array<[string | null, number | 'client']> = [
      ['replica-fetcher-3', 3],
      ['controller-1', 1],
      ['broker-22', 22],
      ['rdkafka', 'client'],
      ['kafka-python-2.0.2', 'client'],
      ['broker-x', 'client'],
      [null, 'client'],
    ];
    for (const [clientId, source] of table) expect(sourceOfClientId(clientId), String(clientId)).to.equal(source);
  });

  it('advertises its port and routes ZooKeeper through a per-broker port with the chroot kept', () => {
    const props = proxy.propsFor(2, { 'zookeeper.connect': '127.0.0.1:2181,127.0.0.1:2182/other' });
    expect(props['advertised.listeners']).to.equal(`PLAINTEXT://127.0.0.1:${proxy.portOf(2)}`);
    expect(props.listeners).to.equal('PLAINTEXT://127.0.0.1:0');
    expect(props['zookeeper.connect']).to.match(/^127\.0\.0\.1:\d+\/other$/);
    expect(proxy.propsFor(1)['zookeeper.connect']).to.match(/^127\.0\.0\.1:\d+\/chroot$/);
    expect(props['zookeeper.connect']).to.not.equal(proxy.propsFor(1)['zookeeper.connect']);
  });

  it('passes bytes both ways and files the connection under the dialing broker', async () => {
    const frame = requestFrame('replica-fetcher-2');
    const dialer = await dial('replica-fetcher-2');
    await dialer.untilReceived(frame.length, 'the echo');
    expect(dialer.received.equals(frame)).to.equal(true);
    expect(proxy.connectionCount(2, 1)).to.equal(1);
    expect(proxy.connectionCount('client', 1)).to.equal(0);
  });

  it('cut resets the live connections of the link and the new ones, and leaves other links alone', async () => {
    const follower = await dial('replica-fetcher-2');
    const client = await dial('rdkafka');
    await follower.untilReceived(1, 'the follower echo');
    proxy.cut(1, 2);
    await waitUntil(() => follower.closed, { timeoutMs: 5000, message: 'the live connection to be cut' });
    const again = await dial('controller-2');
    await waitUntil(() => again.closed, { timeoutMs: 5000, message: 'a new connection to be reset' });
    expect(again.received.length).to.equal(0);
    client.socket.write('more');
    await client.untilReceived(requestFrame('rdkafka').length + 4, 'the client echo');
    proxy.heal();
    const healed = await dial('replica-fetcher-2');
    await healed.untilReceived(1, 'an echo after heal');
  });

  it('blackhole keeps the connection open and holds the bytes until the link opens', async () => {
    proxy.setLink(2, 1, { kind: 'blackhole' });
    const dialer = await dial('broker-2');
    await settle(HELD_WINDOW_MS);
    expect(echo.received.length, 'bytes reached the server').to.equal(0);
    expect(dialer.closed).to.equal(false);
    expect(proxy.connectionCount(2, 1)).to.equal(1);
    proxy.heal();
    await dialer.untilReceived(requestFrame('broker-2').length, 'the held bytes to flow after heal');
  });

  it('one-way blackhole of the answers: the request arrives, the answer is held', async () => {
    proxy.setLink(2, 1, { kind: 'blackhole', direction: 'backward' });
    const frame = requestFrame('replica-fetcher-2');
    const dialer = await dial('replica-fetcher-2');
    await waitUntil(() => echo.received.length >= frame.length, {
      timeoutMs: 5000,
      message: 'the request to reach the server',
    });
    await settle(HELD_WINDOW_MS);
    expect(dialer.received.length, 'an answer came back').to.equal(0);
    proxy.setLink(2, 1, { kind: 'open' });
    await dialer.untilReceived(frame.length, 'the held answer after heal');
  });

  it('one-way blackhole of the requests: nothing arrives, later requests wait behind', async () => {
    proxy.setLink(2, 1, { kind: 'blackhole', direction: 'forward' });
    const dialer = await dial('replica-fetcher-2');
    dialer.socket.write('second');
    await settle(HELD_WINDOW_MS);
    expect(echo.received.length).to.equal(0);
    proxy.heal();
    await dialer.untilReceived(requestFrame('replica-fetcher-2').length + 6, 'both requests answered in order');
    expect(dialer.received.subarray(-6).toString()).to.equal('second');
  });

  it('delay makes each direction late by the given time', async () => {
    const delayMs = 300;
    proxy.setLink('client', 1, { kind: 'delay', delayMs });
    const startMs = Date.now();
    const dialer = await dial('kcat');
    await dialer.untilReceived(requestFrame('kcat').length, 'the delayed echo');
    const elapsedMs = Date.now() - startMs;
    expect(elapsedMs).to.be.at.least(2 * delayMs - 20);
    expect(elapsedMs).to.be.below(2 * delayMs + 2000);
  });

  it('carries real Kafka requests to a real broker, by the dialer broker id', async () => {
    const broker = await startBroker({ label: 'link-proxy' });
    proxy.started(1, broker.port);
    const connection = await Connection.connect({
      host: '127.0.0.1',
      port: proxy.portOf(1),
      clientId: 'replica-fetcher-2',
      requestTimeoutMs: 5000,
    });
    try {
      const response = await connection.send(apiVersionsApi, 0, { clientSoftwareName: '', clientSoftwareVersion: '' });
      expect(response.errorCode).to.equal(0);
      expect(proxy.connectionCount(2, 1)).to.equal(1);
      proxy.cut(2, 1);
      await waitUntil(() => connection.isClosed, { timeoutMs: 5000, message: 'the broker connection to be cut' });
    } finally {
      connection.close();
    }
  });

  it('a real ZooKeeper session through a broker link disconnects when cut and reconnects on heal', async () => {
    await proxy.stop();
    const connectString = zkChroot('link-proxy');
    proxy = await LinkProxy.start({ brokerIds: [1] });
    expect(connectString.startsWith(sharedZooKeeper().connectString)).to.equal(true);
    const session = await openZkSession(
      proxy.propsFor(1, { 'zookeeper.connect': connectString })['zookeeper.connect'],
      20_000,
    );
    try {
      await session.create('/probe', Buffer.from('x'));
      const disconnected = nextSessionEvent(session, 'disconnected', 10_000);
      proxy.cut(1, 'zookeeper');
      await disconnected;
      const connected = nextSessionEvent(session, 'connected', 15_000);
      proxy.heal();
      await connected;
      expect((await session.getData('/probe')).data?.toString()).to.equal('x');
    } finally {
      await session.close();
    }
  });
});
