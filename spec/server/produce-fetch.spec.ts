// Proves the produce and fetch paths over real sockets: batches are stored as sent (only
// baseOffset and leader epoch rewritten) and fetched back byte for byte; a corrupt batch is
// rejected whole with CORRUPT_MESSAGE; acks=0 gets no response; a long-poll fetch returns as
// soon as a produce arrives; ListOffsets answers earliest, latest and by timestamp; responses
// keep request order on a pipelined connection; Metadata auto-creates topics.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';
import { produceApi } from '../../lib/protocol/apis/produce';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { listOffsetsApi } from '../../lib/protocol/apis/list-offsets';
import { metadataApi } from '../../lib/protocol/apis/metadata';
import { encodeRecordBatch, decodeRecordBatches } from '../../lib/protocol/records';
import { Admin } from '../../lib/client/admin';

function produceBody(topic: string, records: Buffer, acks = 1) {
  return {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  };
}

function fetchBody(topic: string, fetchOffset: number, maxWaitMs = 0, minBytes = 1) {
  return {
    replicaId: -1,
    maxWaitMs,
    minBytes,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset,
            lastFetchedEpoch: -1,
            logStartOffset: -1,
            partitionMaxBytes: 1 << 20,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  } as never;
}

async function batchOf(values: string[], timestamp = Date.now()): Promise<Buffer> {
  return encodeRecordBatch({
    compression: 'none',
    baseTimestamp: timestamp,
    records: values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(v), timestamp: timestamp + i })),
  });
}

describe('produce and fetch over the wire', function () {
  this.timeout(30000);
  let broker: TestBroker;
  let conn: Connection;

  before(async () => {
    broker = await startBroker({ label: 'produce-fetch' });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics(
      ['t1', 't2', 'poll', 'offsets', 'order'].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    );
    admin.close();
    conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'spec' });
  });

  after(async () => {
    conn.close();
    await stopAllBrokers();
  });

  it('stores batches as sent and fetches the same bytes back, offsets assigned in place', async () => {
    const first = await batchOf(['a', 'b', 'c']);
    const second = await batchOf(['d', 'e']);
    const r1 = await conn.send(produceApi, 7, produceBody('t1', first));
    const r2 = await conn.send(produceApi, 3, produceBody('t1', second));
    expect(r1.responses[0].partitionResponses[0]).to.include({ errorCode: 0, baseOffset: 0 });
    expect(r2.responses[0].partitionResponses[0]).to.include({ errorCode: 0, baseOffset: 3 });
    const fetched = (await conn.send(fetchApi, 11, fetchBody('t1', 0))) as any;
    const p = fetched.responses[0].partitionResponses[0];
    expect(p.errorCode).to.equal(0);
    expect(p.highWatermark).to.equal(5);
    const stored = p.recordSet as Buffer;
    expect(stored.length).to.equal(first.length + second.length);
    // Bytes after baseOffset(8)+length(4)+epoch(4) are exactly what was sent.
    expect(stored.subarray(16, first.length).equals(first.subarray(16))).to.equal(true);
    expect(stored.subarray(first.length + 16).equals(second.subarray(16))).to.equal(true);
    const decoded = await decodeRecordBatches(stored);
    expect(decoded.flatMap((b) => b.records.map((r) => [r.offset, r.value?.toString()]))).to.deep.equal([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
      [4, 'e'],
    ]);
    const fromMiddle = (await conn.send(fetchApi, 4, fetchBody('t1', 3))) as any;
    const later = await decodeRecordBatches(fromMiddle.responses[0].partitionResponses[0].recordSet);
    expect(later[0].records.map((r) => r.offset)).to.deep.equal([3, 4]);
  });

  it('rejects a corrupt batch whole with CORRUPT_MESSAGE and appends nothing of that partition', async () => {
    const good = await batchOf(['ok']);
    const bad = Buffer.from(await batchOf(['x', 'y']));
    bad[bad.length - 1] ^= 0xff;
    const r = await conn.send(produceApi, 7, produceBody('t2', Buffer.concat([good, bad])));
    expect(r.responses[0].partitionResponses[0].errorCode).to.equal(2);
    const truncated = (await batchOf(['z'])).subarray(0, 40);
    const r2 = await conn.send(produceApi, 7, produceBody('t2', truncated));
    expect(r2.responses[0].partitionResponses[0].errorCode).to.equal(2);
    const offsets = (await conn.send(listOffsetsApi, 1, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        { name: 't2', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] },
      ],
    } as never)) as any;
    expect(offsets.topics[0].partitions[0].offset).to.equal(0);
  });

  it('appends acks=0 produces without answering them', async () => {
    conn.sendNoResponse(produceApi, 7, produceBody('t2', await batchOf(['silent']), 0));
    const r = await conn.send(produceApi, 7, produceBody('t2', await batchOf(['loud'])));
    expect(r.responses[0].partitionResponses[0]).to.include({ errorCode: 0, baseOffset: 1 });
  });

  it('returns a long-poll fetch as soon as a produce arrives, well before max_wait_ms', async () => {
    const waiting = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'poller' });
    try {
      const started = Date.now();
      const pending = waiting.send(fetchApi, 11, fetchBody('poll', 0, 2000));
      await waitUntil(() => broker.broker.replicas?.fetchPurgatory.size === 1, { message: 'the fetch to park' });
      await conn.send(produceApi, 7, produceBody('poll', await batchOf(['wake'])));
      const response = (await pending) as any;
      const elapsed = Date.now() - started;
      expect((response.responses[0].partitionResponses[0].recordSet as Buffer).length).to.be.greaterThan(0);
      expect(elapsed).to.be.lessThan(1500);
      const idleStart = Date.now();
      const idle = (await waiting.send(fetchApi, 11, fetchBody('poll', 1, 300))) as any;
      expect(Date.now() - idleStart).to.be.at.least(250);
      expect((idle.responses[0].partitionResponses[0].recordSet as Buffer).length).to.equal(0);
    } finally {
      waiting.close();
    }
  });

  it('answers ListOffsets for earliest, latest and a timestamp (v0 and v1+)', async () => {
    const base = 1_700_000_000_000;
    await conn.send(produceApi, 7, produceBody('offsets', await batchOf(['a', 'b'], base)));
    await conn.send(produceApi, 7, produceBody('offsets', await batchOf(['c', 'd'], base + 1000)));
    const ask = async (timestamp: number, version = 1) => {
      const r = (await conn.send(listOffsetsApi, version, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [
          { name: 'offsets', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] },
        ],
      } as never)) as any;
      return r.topics[0].partitions[0];
    };
    expect((await ask(-2)).offset).to.equal(0);
    expect((await ask(-1)).offset).to.equal(4);
    expect((await ask(base + 1)).offset).to.equal(1);
    expect((await ask(base + 1000)).offset).to.equal(2);
    expect((await ask(base + 5000)).offset).to.equal(-1);
    expect((await ask(-1, 0)).oldStyleOffsets).to.deep.equal([4]);
  });

  it('keeps responses in request order when requests are pipelined', async () => {
    const batches = await Promise.all(Array.from({ length: 50 }, (_, i) => batchOf([`v${i}`])));
    const results = await Promise.all(batches.map((b) => conn.send(produceApi, 7, produceBody('order', b))));
    expect(results.map((r) => r.responses[0].partitionResponses[0].baseOffset)).to.deep.equal(batches.map((_, i) => i));
  });

  it('auto-creates a topic on Metadata when allowed, answering LEADER_NOT_AVAILABLE first', async () => {
    const ask = () =>
      conn.send(metadataApi, 9, {
        topics: [{ name: 'auto-made', topicId: '' }],
        allowAutoTopicCreation: true,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      } as never) as Promise<any>;
    const first = await ask();
    expect([5, 0]).to.include(first.topics[0].errorCode);
    const ready = await waitUntil(
      async () => {
        const r = await ask();
        return r.topics[0].errorCode === 0 && r.topics[0].partitions[0]?.leaderId === 0 ? r : null;
      },
      { message: 'auto-created topic to get a leader' },
    );
    expect(ready.topics[0].partitions).to.have.length(1);
    const noCreate = (await conn.send(metadataApi, 9, {
      topics: [{ name: 'not-made', topicId: '' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    } as never)) as any;
    expect(noCreate.topics[0].errorCode).to.equal(3);
    const brokersOnly = (await conn.send(metadataApi, 9, {
      topics: [],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    } as never)) as any;
    expect(brokersOnly.topics).to.deep.equal([]);
    expect(brokersOnly.brokers).to.have.length(1);
  });
});
