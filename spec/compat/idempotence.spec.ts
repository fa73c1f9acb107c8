// Proves third-party idempotent producers work against Samsa: kafkajs with `idempotent: true`
// and kcat (librdkafka) with enable.idempotence=true get producer ids, write batches carrying
// them, and every message is read back exactly once, in order.
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Connection } from '../../lib/network/connection';
import { fetchApi } from '../../lib/protocol/apis/fetch';
import { decodeRecordBatches } from '../../lib/protocol/records';

/** Producer ids of the batches stored in partition 0 of `topic`. */
async function storedProducerIds(broker: TestBroker, topic: string): Promise<number[]> {
  const conn = await Connection.connect({ host: '127.0.0.1', port: broker.port, clientId: 'idempotence-compat' });
  try {
    const response = (await conn.send(fetchApi, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 24,
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
              fetchOffset: 0,
              lastFetchedEpoch: -1,
              logStartOffset: -1,
              partitionMaxBytes: 1 << 24,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    } as never)) as any;
    const batches = await decodeRecordBatches(response.responses[0].partitionResponses[0].recordSet);
    return [...new Set(batches.map((b) => b.header.producerId))];
  } finally {
    conn.close();
  }
}

describe('idempotent producers from other clients', function () {
  this.timeout(120000);
  let broker: TestBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startBroker({ label: 'idempotence-compat' });
    kafka = new Kafka({
      clientId: 'spec',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: ['js-idem', 'kcat-idem'].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
  });

  after(stopAllBrokers);

  it('kafkajs with idempotent: true writes every message exactly once, in order', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const values = Array.from({ length: 300 }, (_, i) => `js-${i}`);
    try {
      for (let i = 0; i < values.length; i += 50) {
        await producer.send({
          topic: 'js-idem',
          acks: -1,
          messages: values.slice(i, i + 50).map((value) => ({ value })),
        });
      }
    } finally {
      await producer.disconnect();
    }
    const read = await kcatConsumeAll(broker.bootstrap, 'js-idem');
    expect(read.map((m) => m.payload)).to.deep.equal(values);
    expect(read.map((m) => m.offset)).to.deep.equal(values.map((_, i) => i));
    const producerIds = await storedProducerIds(broker, 'js-idem');
    expect(producerIds).to.have.length(1);
    expect(producerIds[0]).to.be.at.least(0);
  });

  it('kcat with enable.idempotence=true writes every message exactly once, in order', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `:kcat-${i}`);
    await kcatProduce(broker.bootstrap, 'kcat-idem', lines, ['-p', '0', '-X', 'enable.idempotence=true']);
    const read = await kcatConsumeAll(broker.bootstrap, 'kcat-idem');
    expect(read.map((m) => m.payload)).to.deep.equal(lines.map((l) => l.slice(1)));
    const producerIds = await storedProducerIds(broker, 'kcat-idem');
    expect(producerIds).to.have.length(1);
    expect(producerIds[0]).to.be.at.least(0);
  });
});
