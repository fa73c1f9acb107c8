// Proves DescribeLogDirs against an in-process broker on a real ZooKeeper: the Admin client sees
// the broker's one log dir with every partition log of a topic, each partition's size equal to
// the bytes of its segment files on disk and an offset lag of 0; a topic filter limits the answer
// to the partitions named; a broker not in the cluster fails alone; a v0 request (not flexible) gets the same sizes.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { Admin } from '../../lib/client/admin';
import { BrokerConnection } from '../../lib/client/broker-connection';
import { describeLogDirsApi } from '../../lib/protocol/apis/describe-log-dirs';
import { ErrorCode } from '../../lib/protocol/error-codes';

/** Bytes of the .log segment files of one partition dir, read from disk. */
function segmentBytes(logDir: string, topic: string, partition: number): number {
  const dir = path.join(logDir, `${topic}-${partition}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

describe('DescribeLogDirs', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let admin: Admin;

  before(async () => {
    broker = await startBroker({ label: 'describe-log-dirs', brokerId: 3 });
    admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'sized', numPartitions: 3, replicationFactor: 1 }]);
    const kafka = new Kafka({ clientId: 'spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'sized',
        acks: -1,
        messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 2, value: `record ${i}`.repeat(i + 1) })),
      });
    } finally {
      await producer.disconnect();
    }
  });

  after(async () => {
    await admin?.close();
    await stopAllBrokers();
  });

  it("reports each partition log's size on disk and a lag of 0, per broker and log dir", async () => {
    const brokers = await admin.describeLogDirs();
    expect(brokers.map((b) => [b.brokerId, b.error])).to.deep.equal([[3, null]]);
    const dirs = brokers[0].logDirs;
    expect(dirs.map((d) => [d.logDir, d.error])).to.deep.equal([[path.resolve(broker.logDir), null]]);
    const sized = dirs[0].replicas.filter((r) => r.topic === 'sized').sort((a, b) => a.partition - b.partition);
    expect(sized.map((r) => r.partition)).to.deep.equal([0, 1, 2]);
    for (const r of sized) {
      expect(r.sizeBytes, `size of sized-${r.partition}`).to.equal(segmentBytes(broker.logDir, 'sized', r.partition));
      expect(r.offsetLag).to.equal(0);
    }
    expect(sized[0].sizeBytes).to.be.greaterThan(0);
    expect(sized[2].sizeBytes).to.equal(0);
  });

  it('limits the answer to the partitions asked about', async () => {
    const [only] = await admin.describeLogDirs({ topics: { sized: [1], absent: [0] } });
    expect(only.logDirs[0].replicas.map((r) => `${r.topic}-${r.partition}`)).to.deep.equal(['sized-1']);
  });

  it('gives a broker that cannot answer its own error, keeping the others', async () => {
    const answers = await admin.describeLogDirs({ brokerIds: [3, 99] });
    expect(answers.map((b) => [b.brokerId, b.error, b.logDirs.length])).to.deep.equal([
      [3, null, 1],
      [99, 'LEADER_NOT_AVAILABLE', 0],
    ]);
  });

  it('answers a v0 request with the same sizes', async () => {
    const connection = await BrokerConnection.open({ host: '127.0.0.1', port: broker.port, clientId: 'spec' }, -1);
    try {
      const { version, response } = await connection.request(
        describeLogDirsApi,
        { topics: [{ topic: 'sized', partitions: [0] }] },
        { max: 0 },
      );
      expect(version).to.equal(0);
      expect(response.results).to.have.length(1);
      expect(response.results[0].errorCode).to.equal(ErrorCode.NONE);
      expect(response.results[0].topics).to.deep.equal([
        {
          name: 'sized',
          partitions: [
            {
              partitionIndex: 0,
              partitionSize: segmentBytes(broker.logDir, 'sized', 0),
              offsetLag: 0,
              isFutureKey: false,
            },
          ],
        },
      ]);
    } finally {
      await connection.close();
    }
  });
});
