// Proves that malformed or hostile input closes only the offending connection: garbage bytes,
// an oversized frame, a length pointing past the frame, an unknown api key. The broker keeps
// serving, shown by a kcat round trip right after each.
import { expect } from 'chai';
import * as net from 'node:net';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';

/** Sends raw bytes and resolves when the broker closes the connection (or rejects on timeout). */
function sendAndAwaitClose(port: number, bytes: Buffer, timeoutMs = 10000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the broker did not close the connection'));
    }, timeoutMs);
    socket.on('data', (c) => received.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(received));
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

describe('hostile input on the wire', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let round = 0;

  before(async () => {
    broker = await startBroker({ label: 'hostile', props: { 'socket.request.max.bytes': 1048576 } });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'alive', numPartitions: 1, replicationFactor: 1 }]);
    admin.close();
  });

  after(stopAllBrokers);

  async function stillServes(): Promise<void> {
    round++;
    await kcatProduce(broker.bootstrap, 'alive', [`k:round-${round}`]);
    const all = await kcatConsumeAll(broker.bootstrap, 'alive');
    expect(all.map((m) => m.payload)).to.include(`round-${round}`);
  }

  it('closes the connection on garbage bytes', async () => {
    const garbage = Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n');
    await sendAndAwaitClose(broker.port, garbage);
    await stillServes();
  });

  it('closes the connection on a frame larger than socket.request.max.bytes without reading it', async () => {
    const header = Buffer.alloc(4);
    header.writeInt32BE(1048576 * 50);
    await sendAndAwaitClose(broker.port, header);
    await stillServes();
  });

  it('closes the connection when an inner length points past the frame', async () => {
    // Metadata v1 header, then a topics array claiming 1000 entries with no bytes behind it.
    const payload = Buffer.alloc(2 + 2 + 4 + 2 + 4);
    payload.writeInt16BE(3, 0);
    payload.writeInt16BE(1, 2);
    payload.writeInt32BE(7, 4);
    payload.writeInt16BE(-1, 8);
    payload.writeInt32BE(1000, 10);
    await sendAndAwaitClose(broker.port, frame(payload));
    await stillServes();
  });

  it('closes the connection on an unknown api key and on an unsupported version', async () => {
    const unknown = Buffer.alloc(10);
    unknown.writeInt16BE(999, 0);
    unknown.writeInt16BE(0, 2);
    unknown.writeInt32BE(1, 4);
    unknown.writeInt16BE(-1, 8);
    await sendAndAwaitClose(broker.port, frame(unknown));
    const tooNew = Buffer.from(unknown);
    tooNew.writeInt16BE(3, 0); // Metadata
    tooNew.writeInt16BE(99, 2);
    await sendAndAwaitClose(broker.port, frame(tooNew));
    await stillServes();
  });

  it('answers an ApiVersions request of an unknown version with a v0 UNSUPPORTED_VERSION response', async () => {
    // Header v2 (ApiVersions v3+ is flexible): client id null, then an empty tagged-field section.
    const request = Buffer.alloc(11);
    request.writeInt16BE(18, 0);
    request.writeInt16BE(77, 2);
    request.writeInt32BE(42, 4);
    request.writeInt16BE(-1, 8);
    const response = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: broker.port }, () => socket.write(frame(request)));
      let got = Buffer.alloc(0);
      socket.on('data', (c) => {
        got = Buffer.concat([got, c]);
        if (got.length >= 4 && got.length >= 4 + got.readInt32BE(0)) {
          socket.destroy();
          resolve(got);
        }
      });
      socket.on('error', reject);
    });
    expect(response.readInt32BE(4)).to.equal(42); // correlation id, header v0
    expect(response.readInt16BE(8)).to.equal(35); // UNSUPPORTED_VERSION
    const count = response.readInt32BE(10);
    expect(count).to.be.greaterThan(0);
    expect(response.readInt16BE(14)).to.equal(18);
    expect(response.readInt16BE(16)).to.equal(0);
    expect(response.readInt16BE(18)).to.equal(3);
  });
});
