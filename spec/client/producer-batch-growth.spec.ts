// Proves the producer's batch growth: an idle partition's batches close at batchBytes, a busy
// partition's open batch (one with a request in flight) grows past batchBytes but never past
// the growth cap, the batch behind a busy one starts with a buffer of the busy one's size (an idle
// partition's starts small), and records still reach the broker in send order in batches of that shape.
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { Producer } from '../../lib/client/producer';
import { Cluster } from '../../lib/client/cluster';
import { SendTracker } from '../../lib/client/producer-batch';
import { GROWN_BATCH_MAX_BYTES, initialBufferBytes, RecordAccumulator } from '../../lib/client/record-accumulator';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { readBatches } from './read-back';

const VALUE = Buffer.alloc(100, 7);

function accumulator(batchBytes: number, maxRequestBytes: number): RecordAccumulator {
  return new RecordAccumulator({
    batchBytes,
    lingerMs: 5,
    maxRequestBytes,
    onBatchFull: () => undefined,
    onBatchOpened: () => undefined,
  });
}

function appendMany(acc: RecordAccumulator, count: number): void {
  const tracker = new SendTracker('t', count, () => undefined);
  for (let i = 0; i < count; i++) acc.append('t', 0, null, VALUE, null, 1700000000000, 121, tracker, i, 0);
}

describe('producer batch growth', function () {
  this.timeout(60000);

  it("closes an idle partition's batches at batchBytes", () => {
    const acc = accumulator(1024, 64 * 1024);
    appendMany(acc, 100);
    const [queue] = acc.allQueues();
    expect(queue.batches.length).to.be.at.least(10);
    for (const batch of queue.batches) expect(batch.sizeBytes).to.be.at.most(1024);
  });

  it("grows a busy partition's open batch past batchBytes up to the cap, never beyond", () => {
    const acc = accumulator(1024, 16 * 1024);
    expect(acc.growthLimitBytes).to.equal(16 * 1024);
    appendMany(acc, 1);
    const [queue] = acc.allQueues();
    queue.inFlight = true; // what the sender does when the head leaves
    queue.busy = true;
    queue.batches[0].closed = true;
    appendMany(acc, 1000);
    const behind = queue.batches.slice(1);
    expect(behind[0].sizeBytes).to.be.above(1024);
    for (const batch of behind) expect(batch.sizeBytes).to.be.at.most(16 * 1024);
    expect(behind.slice(0, -1).every((b) => b.closed && b.sizeBytes > 15 * 1024)).to.equal(true);
    expect(behind.reduce((n, b) => n + b.recordCount, 0)).to.equal(1000);
  });

  it("starts a busy partition's next batch at its previous batch's size, an idle one's at 4 KiB", () => {
    const acc = accumulator(16384, 1024 * 1024);
    appendMany(acc, 1);
    const [queue] = acc.allQueues();
    expect(queue.batches[0].initialBytes, 'idle: a small first buffer').to.equal(4096);
    queue.inFlight = true;
    queue.busy = true;
    queue.batches[0].closed = true;
    appendMany(acc, 3000);
    const grown = queue.batches[1];
    expect(grown.sizeBytes).to.be.above(300 * 1024);
    grown.closed = true; // sent
    appendMany(acc, 1);
    expect(queue.batches[2].initialBytes, 'behind a grown batch: its size').to.equal(grown.sizeBytes);
    expect(initialBufferBytes(grown, 16384, 16384), 'no growth: small').to.equal(4096);
    expect(initialBufferBytes(grown, 64 * 1024, 16384), 'never past the growth limit').to.equal(64 * 1024);
  });

  it('reads the clock when a batch opens for a send that did not read it (every message had its timestamp)', () => {
    const acc = accumulator(16384, 1024 * 1024);
    const before = Date.now();
    acc.append('t', 0, null, VALUE, null, 1000, 121, () => undefined, 0, -1);
    const [queue] = acc.allQueues();
    expect(queue.batches[0].createdMs, 'the linger counts from now, not from the record timestamp').to.be.within(
      before,
      Date.now(),
    );
  });

  it("caps growth below the broker's default message.max.bytes whatever maxRequestBytes is", () => {
    expect(accumulator(16384, 100 * 1024 * 1024).growthLimitBytes).to.equal(GROWN_BATCH_MAX_BYTES);
    expect(GROWN_BATCH_MAX_BYTES).to.be.below(1048588);
    expect(accumulator(4 * 1024 * 1024, 1024 * 1024).growthLimitBytes).to.equal(4 * 1024 * 1024);
  });

  describe('against a broker', () => {
    let broker: TestBroker;
    let reader: Cluster;

    before(async () => {
      broker = await startBroker({
        label: 'producer-batch-growth',
        props: { 'num.partitions': 1, 'auto.create.topics.enable': true },
      });
      reader = new Cluster({ brokers: [broker.bootstrap] });
      const admin = new Kafka({ clientId: 'spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.createTopics({
          topics: [{ topic: 'growth', numPartitions: 1, replicationFactor: 1 }],
          waitForLeaders: true,
        });
      } finally {
        await admin.disconnect();
      }
    });
    after(async () => {
      await reader.close();
      await stopAllBrokers();
    });

    it('ships bigger batches while a request is in flight, capped, in send order', async () => {
      const maxRequestBytes = 8192;
      const producer = new Producer({
        brokers: [broker.bootstrap],
        batchBytes: 1024,
        lingerMs: 0,
        maxRequestBytes,
        acks: 1,
      });
      const sends: Array<Promise<unknown>> = [];
      try {
        await producer.connect();
        for (let i = 0; i < 4000; i++) {
          sends.push(producer.sendOne('growth', { value: `value-${String(i).padStart(5, '0')}-${'x'.repeat(80)}` }));
          if (i % 40 === 39) await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(sends);
      } finally {
        await producer.close();
      }
      const batches = await readBatches(reader, 'growth', 0);
      const sizes = batches.map((b) => b.header.batchLength + 12);
      expect(Math.max(...sizes), 'some batch grew past batchBytes').to.be.above(1024);
      expect(Math.max(...sizes), 'no batch passed the cap').to.be.at.most(maxRequestBytes);
      const values = batches.flatMap((b) => b.records.map((r) => r.value!.toString().slice(0, 11)));
      expect(values).to.deep.equal(Array.from({ length: 4000 }, (_, i) => `value-${String(i).padStart(5, '0')}`));
    });
  });
});
