// Proves compatibility with kafkajs: its admin client creates a topic, reads its metadata and
// offsets and deletes it, its producer writes keyed messages with headers, and kcat reads back exactly what
// kafkajs wrote.
import { expect } from 'chai';
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll } from '../helpers/kcat';

describe('kafkajs against one broker', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startBroker({ label: 'kafkajs' });
    kafka = new Kafka({
      clientId: 'spec',
      brokers: [broker.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
  });

  after(stopAllBrokers);

  it('creates a topic, reads its metadata and offsets, and deletes it with the admin client', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await admin.createTopics({
        topics: [{ topic: 'js-admin', numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      expect(created).to.equal(true);
      expect(await admin.listTopics()).to.include('js-admin');
      const { topics } = await admin.fetchTopicMetadata({ topics: ['js-admin'] });
      expect(topics).to.have.length(1);
      expect(topics[0].partitions.map((p) => p.partitionId).sort()).to.deep.equal([0, 1, 2]);
      for (const p of topics[0].partitions) {
        expect(p.leader).to.equal(0);
        expect(p.replicas).to.deep.equal([0]);
        expect(p.isr).to.deep.equal([0]);
      }
      const offsets = await admin.fetchTopicOffsets('js-admin');
      expect(offsets.map((o) => [o.partition, o.offset, o.low, o.high]).sort()).to.deep.equal([
        [0, '0', '0', '0'],
        [1, '0', '0', '0'],
        [2, '0', '0', '0'],
      ]);
      // The broker answers DeleteTopics once the topic has left its metadata.
      await admin.deleteTopics({ topics: ['js-admin'] });
      expect(await admin.listTopics()).to.not.include('js-admin');
    } finally {
      await admin.disconnect();
    }
  });

  it('produces with the kafkajs producer; kcat reads back exactly what it wrote', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'js-produce', numPartitions: 2, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = Array.from({ length: 500 }, (_, i) => ({
      key: `k${i % 7}`,
      value: `value-${i}`,
      headers: { n: String(i) },
    }));
    try {
      await producer.send({ topic: 'js-produce', acks: -1, messages: messages.slice(0, 250) });
      await producer.send({
        topic: 'js-produce',
        acks: 1,
        compression: CompressionTypes.GZIP,
        messages: messages.slice(250),
      });
      const offsets = await admin.fetchTopicOffsets('js-produce');
      const total = offsets.reduce((sum, o) => sum + Number(o.high), 0);
      expect(total).to.equal(500);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    const read = await kcatConsumeAll(broker.bootstrap, 'js-produce');
    expect(read.map((m) => `${m.key}=${m.payload}`).sort()).to.deep.equal(
      messages.map((m) => `${m.key}=${m.value}`).sort(),
    );
    const keyPartition = new Map<string, number>();
    for (const m of read) {
      const before = keyPartition.get(m.key as string);
      if (before !== undefined) expect(m.partition).to.equal(before);
      keyPartition.set(m.key as string, m.partition);
    }
  });
});
