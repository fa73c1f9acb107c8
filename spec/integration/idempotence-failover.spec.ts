// Proves producer state survives a leader crash: batches of an idempotent producer are
// replicated (acks=all) to three brokers; after the leader is SIGKILLed, the new leader answers
// a resent batch with its original offset without storing it again, refuses a sequence gap,
// and appends the next batch in sequence.
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { TestCluster } from '../helpers/cluster';
import { stopAllBrokers } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';
import { produceTo, valuesOf } from '../helpers/raw-partition';
import { initProducerIdApi } from '../../lib/protocol/apis/init-producer-id';
import { encodeRecordBatch } from '../../lib/protocol/records';
import { ErrorCode } from '../../lib/protocol/error-codes';

const TOPIC = 'idem-failover';

function batch(producerId: number, baseSequence: number, values: string[]): Promise<Buffer> {
  return encodeRecordBatch({
    producerId,
    producerEpoch: 0,
    baseSequence,
    baseTimestamp: Date.now(),
    records: values.map((v) => ({ key: null, value: Buffer.from(v) })),
  });
}

function produce(conn: Connection, records: Buffer): Promise<{ errorCode: number; baseOffset: number }> {
  return produceTo(conn, TOPIC, records, { timeoutMs: 10000 });
}

function committedValues(conn: Connection): Promise<string[]> {
  return valuesOf(conn, TOPIC);
}

describe('idempotent producing across a leader crash', function () {
  this.timeout(120000);
  let cluster: TestCluster;
  const connections: Connection[] = [];

  before(async () => {
    cluster = await TestCluster.start('idempotence-failover', [1, 2, 3]);
    const kafka = new Kafka({ clientId: 'spec', brokers: cluster.bootstrap().split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [
          {
            topic: TOPIC,
            numPartitions: 1,
            replicationFactor: 3,
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
    await cluster.waitForState(TOPIC, 0, (s) => s.isr.length === 3, 'a full ISR');
  });

  after(async () => {
    for (const conn of connections.splice(0)) conn.close();
    await cluster?.stop();
    await stopAllBrokers();
  });

  function connectTo(brokerId: number): Promise<Connection> {
    const broker = cluster.brokers.get(brokerId);
    if (!broker) throw new Error(`broker ${brokerId} is not running`);
    return Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'idempotence-failover' }).then((c) => {
      connections.push(c);
      return c;
    });
  }

  it('lets the new leader recognise a resent batch and keep checking sequences', async () => {
    const oldLeader = (await cluster.state(TOPIC, 0)).leader;
    const conn = await connectTo(oldLeader);
    const { producerId } = await conn.send(initProducerIdApi, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1,
      producerEpoch: -1,
    });
    const batches = [
      await batch(producerId, 0, ['a', 'b']),
      await batch(producerId, 2, ['c']),
      await batch(producerId, 3, ['d', 'e']),
    ];
    const offsets: number[] = [];
    for (const b of batches) {
      const answer = await produce(conn, b);
      expect(answer.errorCode).to.equal(ErrorCode.NONE);
      offsets.push(answer.baseOffset);
    }
    expect(offsets).to.deep.equal([0, 2, 3]);

    await cluster.stopBroker(oldLeader, 'SIGKILL');
    const state = await cluster.waitForState(TOPIC, 0, (s) => s.leader >= 0 && s.leader !== oldLeader, 'a new leader');
    const next = await connectTo(state.leader);
    // The resend is safe to repeat while the new leader settles in: it is idempotent.
    const resent = await waitUntil(
      async () => {
        const r = await produce(next, batches[2]);
        return r.errorCode === ErrorCode.NONE ? r : null;
      },
      { timeoutMs: 30000, message: 'the new leader to accept the resent batch' },
    );
    expect(resent.baseOffset).to.equal(3);
    expect(await produce(next, batches[1])).to.include({ errorCode: 0, baseOffset: 2 });
    expect(await produce(next, await batch(producerId, 9, ['gap']))).to.include({
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(await produce(next, await batch(producerId, 5, ['f']))).to.include({ errorCode: 0, baseOffset: 5 });
    expect(await committedValues(next)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
