// Proves wire compatibility with librdkafka: kcat lists the broker and its topics, produces
// 20,000 keyed messages with snappy and with gzip at acks=all, and reads them back
// byte-identical, with equal keys in one partition and per-partition order preserved.
import { expect } from 'chai';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { kcatConsumeAll, kcatMetadata, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';

const MESSAGES = 20000;
const PARTITIONS = 4;

function keyedLines(tag: string): Array<{ key: string; value: string }> {
  const out = [];
  for (let i = 0; i < MESSAGES; i++) {
    out.push({ key: `key-${i % 101}`, value: `${tag}-${i}-${'x'.repeat(i % 50)}` });
  }
  return out;
}

describe('kcat (librdkafka) against one broker', function () {
  this.timeout(180000);
  let broker: TestBroker;

  before(async () => {
    broker = await startBroker({ label: 'kcat' });
    const admin = await Admin.connect(broker.bootstrap);
    try {
      await admin.createTopics([
        { topic: 'snappy-topic', numPartitions: PARTITIONS, replicationFactor: 1 },
        { topic: 'gzip-topic', numPartitions: PARTITIONS, replicationFactor: 1 },
      ]);
    } finally {
      admin.close();
    }
  });

  after(stopAllBrokers);

  it('lists the broker and its topics with kcat -L', async () => {
    const md = await kcatMetadata(broker.bootstrap);
    expect(md.brokers).to.deep.equal([{ id: 0, name: broker.bootstrap }]);
    expect(md.controllerid).to.equal(0);
    const names = md.topics.map((t: { topic: string }) => t.topic).sort();
    expect(names).to.include.members(['gzip-topic', 'snappy-topic']);
    const snappy = md.topics.find((t: { topic: string }) => t.topic === 'snappy-topic');
    expect(snappy.partitions).to.have.length(PARTITIONS);
    for (const p of snappy.partitions) {
      expect(p.leader).to.equal(0);
      expect(p.replicas).to.deep.equal([{ id: 0 }]);
      expect(p.isrs).to.deep.equal([{ id: 0 }]);
    }
  });

  for (const codec of ['snappy', 'gzip']) {
    it(`round-trips ${MESSAGES} keyed messages compressed with ${codec} at acks=all`, async () => {
      const topic = `${codec}-topic`;
      const sent = keyedLines(codec);
      await kcatProduce(broker.bootstrap, topic, sent.map((m) => `${m.key}:${m.value}`), ['-z', codec, '-X', 'acks=all']);
      const received = await kcatConsumeAll(broker.bootstrap, topic);
      expect(received).to.have.length(MESSAGES);

      const sentValues = sent.map((m) => `${m.key}:${m.value}`).sort();
      const gotValues = received.map((m) => `${m.key}:${m.payload}`).sort();
      expect(gotValues).to.deep.equal(sentValues);

      const partitionOfKey = new Map<string, number>();
      for (const m of received) {
        const seen = partitionOfKey.get(m.key as string);
        if (seen !== undefined) expect(m.partition, `key ${m.key}`).to.equal(seen);
        partitionOfKey.set(m.key as string, m.partition);
      }
      expect(new Set(partitionOfKey.values()).size).to.be.greaterThan(1);

      for (let p = 0; p < PARTITIONS; p++) {
        const inPartition = received.filter((m) => m.partition === p);
        const offsets = inPartition.map((m) => m.offset);
        expect(offsets).to.deep.equal(offsets.map((_, i) => i));
        const expectedOrder = sent.filter((m) => partitionOfKey.get(m.key) === p).map((m) => m.value);
        expect(inPartition.map((m) => m.payload)).to.deep.equal(expectedOrder);
      }
    });
  }
});
