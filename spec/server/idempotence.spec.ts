// Proves idempotent producing over real sockets: InitProducerId hands out distinct ids from
// blocks claimed in /latest_producer_id_block (Kafka's JSON) by every broker of a cluster, and
// refuses transactional ids; a resent batch is answered with its original offset and stored
// once; a sequence gap gets OUT_OF_ORDER_SEQUENCE_NUMBER and an old epoch INVALID_PRODUCER_EPOCH;
// after a broker restart on the same log dir a resent batch is still recognised.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { Connection } from '../../lib/network/connection';
import { produceTo, valuesOf } from '../helpers/raw-partition';
import { initProducerIdApi } from '../../lib/protocol/apis/init-producer-id';
import { encodeRecordBatch } from '../../lib/protocol/records';
import { ErrorCode } from '../../lib/protocol/error-codes';
import { Admin } from '../../lib/client/admin';

const TOPIC = 'idem';

function connect(broker: TestBroker): Promise<Connection> {
  return Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'idempotence-spec' });
}

async function initProducerId(conn: Connection, version = 4, transactionalId: string | null = null) {
  return conn.send(initProducerIdApi, version, {
    transactionalId,
    transactionTimeoutMs: 60000,
    producerId: -1,
    producerEpoch: -1,
  });
}

function batch(producerId: number, producerEpoch: number, baseSequence: number, values: string[]): Promise<Buffer> {
  return encodeRecordBatch({
    producerId,
    producerEpoch,
    baseSequence,
    baseTimestamp: Date.now(),
    records: values.map((v) => ({ key: null, value: Buffer.from(v) })),
  });
}

function produce(conn: Connection, records: Buffer, acks = -1): Promise<{ errorCode: number; baseOffset: number }> {
  return produceTo(conn, TOPIC, records, { acks, timeoutMs: 5000 });
}

function fetchValues(conn: Connection): Promise<string[]> {
  return valuesOf(conn, TOPIC);
}

describe('idempotent producing over the wire', function () {
  this.timeout(60000);
  const connections: Connection[] = [];
  afterEach(async () => {
    for (const conn of connections.splice(0)) conn.close();
    await stopAllBrokers();
  });

  it('hands out distinct producer ids from every broker, claiming blocks in ZooKeeper as Kafka does', async () => {
    const connectString = zkChroot('idempotence-ids');
    const brokers = [
      await startBroker({ label: 'idem-ids-0', connectString, brokerId: 0 }),
      await startBroker({ label: 'idem-ids-1', connectString, brokerId: 1 }),
    ];
    const [c0, c1] = await Promise.all(brokers.map(connect));
    connections.push(c0, c1);
    const answers = [
      await initProducerId(c0, 0),
      await initProducerId(c1, 4),
      await initProducerId(c0, 2),
      await initProducerId(c1, 3),
    ];
    for (const a of answers) expect(a).to.include({ errorCode: 0, producerEpoch: 0 });
    const ids = answers.map((a) => a.producerId);
    expect(new Set(ids).size).to.equal(4);
    expect(ids).to.deep.equal([0, 1000, 1, 1001]);
    const session = await openZkSession(connectString);
    try {
      const { data } = await session.getData('/latest_producer_id_block');
      expect(data?.toString()).to.equal('{"version":1,"broker":1,"block_start":"1000","block_end":"1999"}');
    } finally {
      await session.close();
    }
    // v3+ naming an existing non-transactional producer still gets a new id, as in Kafka 2.8.
    const bumped = await c0.send(initProducerIdApi, 3, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: 0,
      producerEpoch: 0,
    });
    expect(bumped).to.include({ errorCode: 0, producerId: 2, producerEpoch: 0 });
    expect(await initProducerId(c0, 4, 'txn')).to.include({
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      producerId: -1,
    });
    expect(await initProducerId(c0, 4, '')).to.include({ errorCode: ErrorCode.INVALID_REQUEST });
  });

  it('dedups resent batches, refuses gaps and old epochs, and still dedups after a restart', async () => {
    const connectString = zkChroot('idempotence-produce');
    let broker = await startBroker({ label: 'idem-produce', connectString });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }]);
    admin.close();
    let conn = await connect(broker);
    connections.push(conn);
    const { producerId } = await initProducerId(conn);
    const first = await batch(producerId, 0, 0, ['a', 'b']);
    const second = await batch(producerId, 0, 2, ['c']);
    expect(await produce(conn, first)).to.include({ errorCode: 0, baseOffset: 0 });
    expect(await produce(conn, second)).to.include({ errorCode: 0, baseOffset: 2 });
    expect(await produce(conn, first)).to.include({ errorCode: 0, baseOffset: 0 });
    expect(await produce(conn, second, 1)).to.include({ errorCode: 0, baseOffset: 2 });
    expect(await produce(conn, await batch(producerId, 0, 5, ['gap']))).to.include({
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(await produce(conn, await batch(producerId, 1, 0, ['d']))).to.include({ errorCode: 0, baseOffset: 3 });
    expect(await produce(conn, await batch(producerId, 0, 3, ['old']))).to.include({
      errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
    });
    expect(await fetchValues(conn)).to.deep.equal(['a', 'b', 'c', 'd']);

    conn.close();
    await broker.stop();
    broker = await startBroker({ label: 'idem-produce', connectString, logDir: broker.logDir });
    conn = await connect(broker);
    connections.push(conn);
    const resent = await batch(producerId, 1, 0, ['d']);
    // Retrying is safe here: the batch is idempotent. Wait until the partition is led again.
    const answer = await waitUntil(
      async () => {
        const r = await produce(conn, resent);
        return r.errorCode === ErrorCode.NONE ? r : null;
      },
      { timeoutMs: 20000, message: 'the restarted broker to lead the partition' },
    );
    expect(answer.baseOffset).to.equal(3);
    expect(await produce(conn, await batch(producerId, 1, 1, ['e']))).to.include({ errorCode: 0, baseOffset: 4 });
    expect(await fetchValues(conn)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });
});
