// Proves the idempotent Producer against an in-process broker: it obtains a producer id, keeps
// several batches of one partition in flight, and the partition then holds every message exactly
// once in send order, in batches of one producer id with consecutive sequences; it refuses acks
// other than 'all' and too many requests in flight, fails (rather than splits) a batch refused as
// too large and then starts over under a new producer id, and Kafka's enable.idempotence maps onto it.
import { expect } from 'chai';
import { Producer, ProducerOptions } from '../../lib/client/producer';
import { producerOptionsFromProperties } from '../../lib/client/producer-config';
import { Cluster } from '../../lib/client/cluster';
import { ClientError } from '../../lib/client/errors';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { createTopicWithKafkajs, readBatches } from './read-back';

describe('client Producer (idempotent)', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let reader: Cluster;
  const producers: Producer[] = [];
  const open = (options: Partial<ProducerOptions> = {}): Producer => {
    const producer = new Producer({ brokers: [broker.bootstrap], idempotent: true, ...options });
    producers.push(producer);
    return producer;
  };
  const createTopic = (topic: string, numPartitions: number, configs: Record<string, string> = {}): Promise<void> =>
    createTopicWithKafkajs(broker.bootstrap, topic, numPartitions, configs);
  const refusal = (options: Partial<ProducerOptions>): ClientError | null => {
    try {
      open(options);
      return null;
    } catch (error) {
      return error as ClientError;
    }
  };

  before(async () => {
    broker = await startBroker({
      label: 'client-producer-idempotent',
      props: { 'num.partitions': 1, 'auto.create.topics.enable': true },
    });
    reader = new Cluster({ brokers: [broker.bootstrap] });
  });
  afterEach(async () => {
    await Promise.all(producers.splice(0).map((p) => p.close().catch(() => undefined)));
  });
  after(async () => {
    await reader.close();
    await stopAllBrokers();
  });

  for (const compression of ['none', 'gzip'] as const) {
    it(`pipelines batches of a partition and stores each message once, in order, with consecutive sequences (${compression})`, async () => {
      const topic = `idempotent-pipeline-${compression}`;
      await createTopic(topic, 1);
      const producer = open({ lingerMs: 2, batchBytes: 1024, compression });
      await producer.connect();
      const identity = producer.producerIdentity;
      expect(identity).to.not.equal(null);
      const count = 3000;
      const values = Array.from({ length: count }, (_, i) => `m${String(i).padStart(5, '0')}-${'x'.repeat(60)}`);
      const results = await Promise.all(values.map((value) => producer.sendOne(topic, { value })));
      expect(results.map((r) => r.offset)).to.deep.equal(values.map((_, i) => i));
      expect(producer.maxPartitionInFlightSeen, 'batches of the partition in flight at once').to.be.greaterThan(1);
      expect(producer.maxPartitionInFlightSeen).to.be.at.most(5);

      const batches = await readBatches(reader, topic, 0);
      expect(batches.length).to.be.greaterThan(10);
      expect(batches.flatMap((b) => b.records.map((r) => r.value?.toString()))).to.deep.equal(values);
      let sequence = 0;
      for (const { header } of batches) {
        expect(header.producerId).to.equal(identity!.producerId);
        expect(header.producerEpoch).to.equal(identity!.producerEpoch);
        expect(header.baseSequence).to.equal(sequence);
        if (compression === 'none') expect(header.batchLength + 12, 'batches close at batchBytes').to.be.at.most(1024);
        sequence += header.recordCount;
      }
    });
  }

  it('obtains its producer id on the first send when connect() was not called', async () => {
    const producer = open();
    const [result] = await producer.send({ topic: 'idempotent-lazy', messages: [{ value: 'a' }, { value: 'b' }] });
    expect(result.offset).to.equal(0);
    expect(producer.producerIdentity?.producerId).to.be.at.least(0);
    const [batch] = await readBatches(reader, 'idempotent-lazy', 0);
    expect(batch.header.producerId).to.equal(producer.producerIdentity!.producerId);
    expect(batch.header.baseSequence).to.equal(0);
  });

  it('refuses acks other than all and more than 5 requests in flight, like Kafka', () => {
    for (const acks of [0, 1] as const) {
      const error = refusal({ acks });
      expect(error).to.be.instanceOf(ClientError);
      expect(error!.code).to.equal('INVALID_ARGUMENT');
    }
    expect(refusal({ maxInFlight: 6 })?.code).to.equal('INVALID_ARGUMENT');
    expect(refusal({ maxInFlightPerPartition: 0 })?.code).to.equal('INVALID_ARGUMENT');
    expect(refusal({ acks: -1 })).to.equal(null);
    expect(refusal({ acks: 1, idempotent: false })).to.equal(null);
  });

  it('fails a batch refused as too large instead of splitting it, then goes on under a new producer id', async () => {
    const topic = 'idempotent-too-large';
    await createTopic(topic, 1, { 'max.message.bytes': '2000' });
    const producer = open({ batchBytes: 16384, lingerMs: 50 });
    await producer.connect();
    const first = producer.producerIdentity!.producerId;
    const values = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}-${'x'.repeat(96)}`);
    const error = await producer.send({ topic, messages: values.map((value) => ({ value })) }).then(
      () => null,
      (e: unknown) => e as ClientError,
    );
    expect(error?.code).to.equal('MESSAGE_TOO_LARGE');
    const [later] = await producer.send({ topic, messages: [{ value: 'small' }] });
    expect(later.offset).to.equal(0);
    expect(producer.producerIdentity!.producerId).to.not.equal(first);
    const batches = await readBatches(reader, topic, 0);
    expect(batches.map((b) => [b.header.producerId, b.header.baseSequence])).to.deep.equal([
      [producer.producerIdentity!.producerId, 0],
    ]);
  });

  it('maps enable.idempotence', () => {
    expect(producerOptionsFromProperties({ 'enable.idempotence': 'true' }).options.idempotent).to.equal(true);
    expect(producerOptionsFromProperties({ 'enable.idempotence': 'false' }).options.idempotent).to.equal(false);
    expect(() => producerOptionsFromProperties({ 'enable.idempotence': 'yes' })).to.throw(ClientError);
  });
});
