// Proves that malformed or hostile input closes only the offending connection: garbage bytes,
// an oversized frame, a length pointing past the frame, an unknown api key. The broker keeps
// serving, shown by a kcat round trip right after each. Well-formed requests naming topics and
// groups no ZooKeeper path can hold (bytes the fault suite's fuzzer sent: a NUL, a slash, a
// control or U+FFFD character flipped into a name) get Kafka's answer on a connection that stays
// open, and a connection silent for connections.max.idle.ms is closed while a slow one is not.
import { expect } from 'chai';
import * as net from 'node:net';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';
import { Connection } from '../../lib/network/connection';
import { ErrorCode } from '../../lib/protocol/error-codes';
import {
  createPartitionsApi,
  deleteGroupsApi,
  findCoordinatorApi,
  deleteTopicsApi,
  metadataApi,
  offsetCommitApi,
  offsetFetchApi,
  produceApi,
} from '../../lib/protocol/apis';
import { encodeMessageSet } from '../../lib/protocol/legacy-message-set';
import { openZkSession } from '../helpers/zookeeper';
import { consumerOffsetsPath } from '../../lib/zk/znodes';
import { waitUntil } from '../helpers/wait';
import { metadataFrame, slowLoris } from '../faults/fuzz/idle-attacks';

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
    broker = await startBroker({
      label: 'hostile',
      props: {
        'socket.request.max.bytes': 1048576,
        'offsets.topic.num.partitions': 1,
        'offsets.topic.replication.factor': 1,
      },
    });
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

  describe('names no znode can hold', () => {
    let connection: Connection;

    before(async () => {
      // Group requests need this broker to coordinate: the first FindCoordinator creates the
      // (one-partition) offsets topic, which then covers every group id.
      const probe = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'setup' });
      try {
        await waitUntil(
          async () => {
            const found = await probe.send(findCoordinatorApi, 1, {
              key: 'fuzz-group',
              keyType: 0,
              coordinatorKeys: [],
            });
            return found.errorCode === ErrorCode.NONE;
          },
          { timeoutMs: 20000, intervalMs: 200, message: 'this broker to coordinate groups' },
        );
      } finally {
        probe.close();
      }
    });

    beforeEach(async () => {
      connection = await Connection.connect({
        host: '127.0.0.1',
        port: broker.port,
        clientId: 'samsa-fuzz',
        requestTimeoutMs: 10000,
      });
    });

    afterEach(() => connection.close());

    /** The request was answered and its connection still serves the next one. */
    async function connectionStillServes(): Promise<void> {
      expect(connection.isClosed).to.equal(false);
      const metadata = await connection.send(metadataApi, 1, {
        topics: [],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      });
      expect(metadata.brokers).to.have.length(1);
    }

    it('answers DeleteTopics and CreatePartitions of a topic named with a NUL with UNKNOWN_TOPIC_OR_PARTITION', async () => {
      const deleted = await connection.send(deleteTopicsApi, 1, {
        topics: [],
        topicNames: ['f\u0000zz-target-absent'],
        timeoutMs: 100,
      });
      expect(deleted.responses.map((r) => r.errorCode)).to.deep.equal([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
      const created = await connection.send(createPartitionsApi, 1, {
        topics: [{ name: 'fuzz-t\u0000rget', count: 2, assignments: null }],
        timeoutMs: 100,
        validateOnly: true,
      });
      expect(created.results.map((r) => r.errorCode)).to.deep.equal([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
      await connectionStillServes();
    });

    it('answers OffsetFetch for a group id with a slash or a NUL with no committed offset instead of closing', async () => {
      for (const groupId of ['fuzz/group', 'fuzz-gr\u0000up', '..']) {
        const fetched = await connection.send(offsetFetchApi, 1, {
          groupId,
          topics: [{ name: 'alive', partitionIndexes: [0] }],
          groups: [],
          requireStable: false,
        });
        expect(fetched.topics[0].partitions[0].committedOffset, groupId).to.equal(-1);
      }
      const all = await connection.send(offsetFetchApi, 3, {
        groupId: 'fuzz-gr\u0000up',
        topics: null,
        groups: [],
        requireStable: false,
      });
      expect(all.errorCode).to.equal(ErrorCode.NONE);
      expect(all.topics).to.deep.equal([]);
      await connectionStillServes();
    });

    it('refuses OffsetCommit for a group id ZooKeeper rejects and for a topic the cluster lacks, writing nothing', async () => {
      const commit = (groupId: string, topic: string) =>
        connection.send(offsetCommitApi, 2, {
          groupId,
          generationId: -1,
          memberId: '',
          groupInstanceId: null,
          retentionTimeMs: -1,
          topics: [
            {
              name: topic,
              partitions: [
                {
                  partitionIndex: 0,
                  committedOffset: 5,
                  committedLeaderEpoch: -1,
                  commitTimestamp: -1,
                  committedMetadata: '',
                },
              ],
            },
          ],
        });
      const badGroup = await commit('fuzz-\ufffdroup', 'alive');
      expect(badGroup.topics[0].partitions[0].errorCode).to.equal(ErrorCode.INVALID_GROUP_ID);
      const noTopic = await commit('fuzz-group', 'f\u00e9zz-target');
      expect(noTopic.topics[0].partitions[0].errorCode).to.equal(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const session = await openZkSession(broker.connectString);
      try {
        expect(await session.exists(consumerOffsetsPath('fuzz-group'))).to.equal(null);
      } finally {
        await session.close();
      }
      const good = await commit('fuzz-group', 'alive');
      expect(good.topics[0].partitions[0].errorCode).to.equal(ErrorCode.NONE);
      await connectionStillServes();
    });

    it('answers a Produce v1 message set whose offset passes 2^53 with CORRUPT_MESSAGE', async () => {
      const set = encodeMessageSet([{ offset: 0, key: Buffer.from('k0'), value: Buffer.from('fuzz-value-0') }], {
        magic: 0,
      });
      set[0] = 0x7f; // the message's int64 offset, as a fuzzed bit flip left it: 0x7f00000000000000
      const produced = await connection.send(produceApi, 1, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ name: 'alive', partitionData: [{ index: 0, records: set }] }],
      });
      expect(produced.responses[0].partitionResponses[0].errorCode).to.equal(ErrorCode.CORRUPT_MESSAGE);
      await connectionStillServes();
    });

    it('answers DeleteGroups of a group id with a NUL or a slash with GROUP_ID_NOT_FOUND', async () => {
      const deleted = await connection.send(deleteGroupsApi, 1, { groupsNames: ['fuzz-gr\u0000up', 'fuzz/group'] });
      expect(deleted.results.map((r) => r.errorCode)).to.deep.equal([
        ErrorCode.GROUP_ID_NOT_FOUND,
        ErrorCode.GROUP_ID_NOT_FOUND,
      ]);
      await connectionStillServes();
    });
  });
});

describe('connections.max.idle.ms', function () {
  this.timeout(60000);
  const idleMs = 1500;
  let port: number;

  before(async () => {
    const broker = await startBroker({ label: 'idle-close', props: { 'connections.max.idle.ms': idleMs } });
    port = broker.port;
  });

  after(stopAllBrokers);

  it('closes a connection that sends nothing, but not before it has been idle that long', async () => {
    const started = Date.now();
    await sendAndAwaitClose(port, Buffer.alloc(0), 15000);
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).to.be.at.least(idleMs - 100);
    expect(elapsedMs).to.be.below(idleMs + 5000);
  });

  it('keeps a client that sends a byte more often than that, and answers its request', async () => {
    // One byte every idleMs/3: the whole request takes well over idleMs, yet never goes silent.
    const request = metadataFrame(9);
    const report = await slowLoris('127.0.0.1', port, request, {
      durationMs: request.length * (idleMs / 3) + 10000,
      byteIntervalMs: idleMs / 3,
    });
    expect(report.bytesSent).to.equal(request.length);
    expect(report.closedByBroker, 'the broker closed a slow but active connection').to.equal(false);
    expect(report.answered).to.equal(true);
    expect(report.durationMs).to.be.greaterThan(idleMs * 2);
  });
});
