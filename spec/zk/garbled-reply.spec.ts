// A ZooKeeper server that answers a request with an error code the client library does not know
// (seen from a real server shutting down mid-reply) must not crash the broker: the session drops
// that connection, reconnects, and the request it was waiting on fails within its timeout. The
// server here is a bare TCP socket speaking just enough of ZooKeeper's framing to get there.
import { expect } from 'chai';
import * as net from 'node:net';
import { ZkSession } from '../../lib/zk/session';
import { silentLogger } from '../../lib/util/logger';
import { waitUntil } from '../helpers/wait';

const UNKNOWN_CODE = 22151168;

function frame(body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** ConnectResponse: protocol version, timeout, session id, 16-byte password. */
function connectResponse(timeoutMs: number): Buffer {
  const body = Buffer.alloc(4 + 4 + 8 + 4 + 16);
  body.writeInt32BE(0, 0);
  body.writeInt32BE(timeoutMs, 4);
  body.writeBigInt64BE(0x1234n, 8);
  body.writeInt32BE(16, 16);
  return frame(body);
}

/** ReplyHeader: xid, zxid, err. */
function replyHeader(xid: number, err: number): Buffer {
  const body = Buffer.alloc(16);
  body.writeInt32BE(xid, 0);
  body.writeBigInt64BE(1n, 4);
  body.writeInt32BE(err, 12);
  return frame(body);
}

/** Accepts connections; the first request of each connection after the handshake gets `err`. */
function garblingServer(): Promise<{ server: net.Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let buffered = Buffer.alloc(0);
    let handshaken = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const body = buffered.subarray(4, 4 + buffered.readInt32BE(0));
        buffered = buffered.subarray(4 + body.length);
        if (!handshaken) {
          handshaken = true;
          socket.write(connectResponse(10000));
          continue;
        }
        const xid = body.readInt32BE(0);
        socket.write(replyHeader(xid, xid === -2 ? 0 : UNKNOWN_CODE));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as net.AddressInfo).port, connections: () => connections });
    }),
  );
}

describe('zk/garbled reply', () => {
  it('drops the connection on an unknown error code instead of throwing out of the socket handler', async () => {
    const fake = await garblingServer();
    const session = await ZkSession.connect(`127.0.0.1:${fake.port}`, {
      sessionTimeoutMs: 10000,
      requestTimeoutMs: 1000,
      logger: silentLogger(),
    });
    try {
      const failure = await session.getData('/anything').then(
        () => null,
        (error: Error) => error,
      );
      expect(failure, 'the request answered with a garbled code fails').to.be.instanceOf(Error);
      await waitUntil(() => fake.connections() >= 2, { timeoutMs: 10000, message: 'the client reconnects' });
    } finally {
      await session.close();
      await new Promise((resolve) => fake.server.close(resolve));
    }
  });
});
