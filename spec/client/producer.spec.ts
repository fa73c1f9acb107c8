// Proves the Producer against an in-process broker: sends within one linger window travel as a
// few batches, keyed records land on their murmur2 partition and unkeyed ones reach every
// partition, acks 0/1/all all deliver, headers and timestamps survive, flush and close drain what
// was accepted, a closed producer refuses sends, a broker's per-partition refusal rejects the send
// with its code and partition, and the producer can find the brokers through ZooKeeper.
import { expect } from 'chai';
import { Producer, ProducerOptions } from '../../lib/client/producer';
import { Cluster } from '../../lib/client/cluster';
import { ClientError } from '../../lib/client/errors';
import { partitionForKey } from '../../lib/client/partitioner';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { createTopicWithKafkajs, readBatches } from './read-back';

describe('client Producer', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let reader: Cluster;
  const producers: Producer[] = [];
  const open = (options: Partial<ProducerOptions> = {}): Producer => {
    const producer = new Producer({ brokers: [broker.bootstrap], ...options });
    producers.push(producer);
    return producer;
  };
  const createTopic = (topic: string, numPartitions: number, configs: Record<string, string> = {}): Promise<void> =>
    createTopicWithKafkajs(broker.bootstrap, topic, numPartitions, configs);
  const readAll = async (topic: string, partition: number) =>
    (await readBatches(reader, topic, partition)).flatMap((b) => b.records);

  before(async () => {
    broker = await startBroker({
      label: 'client-producer',
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

  it('sends many messages of one linger window as a few batches, in send order', async () => {
    await createTopic('producer-batching', 1);
    const producer = open({ lingerMs: 50, batchBytes: 16384 });
    await producer.connect();
    const sends = Array.from({ length: 500 }, (_, i) => producer.sendOne('producer-batching', { value: `v${i}` }));
    const results = await Promise.all(sends);
    expect(results.map((r) => r.offset)).to.deep.equal(results.map((_, i) => i));
    const batches = await readBatches(reader, 'producer-batching', 0);
    expect(batches.length).to.be.within(1, 3);
    expect(batches.flatMap((b) => b.records.map((r) => r.value?.toString()))).to.deep.equal(
      results.map((_, i) => `v${i}`),
    );
  });

  it('closes a batch at batchBytes', async () => {
    await createTopic('producer-batch-bytes', 1);
    const producer = open({ lingerMs: 200, batchBytes: 1024 });
    const value = Buffer.alloc(100, 1);
    await producer.send({ topic: 'producer-batch-bytes', messages: Array.from({ length: 50 }, () => ({ value })) });
    const batches = await readBatches(reader, 'producer-batch-bytes', 0);
    expect(batches.length).to.be.within(6, 10);
    for (const batch of batches) expect(batch.header.batchLength + 12).to.be.at.most(1024);
  });

  it('puts keyed messages on their murmur2 partition and spreads unkeyed ones over every partition', async () => {
    await createTopic('producer-partitions', 3);
    const producer = open({ lingerMs: 1 });
    const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`);
    const keyed = await producer.send({
      topic: 'producer-partitions',
      messages: keys.map((key) => ({ key, value: key })),
    });
    keyed.forEach((r, i) => expect(r.partition).to.equal(partitionForKey(Buffer.from(keys[i]), 3)));
    const unkeyedPartitions = new Set<number>();
    for (let round = 0; round < 6; round++) {
      const results = await producer.send({
        topic: 'producer-partitions',
        messages: [{ value: `u${round}a` }, { value: `u${round}b` }],
      });
      for (const r of results) unkeyedPartitions.add(r.partition);
    }
    expect([...unkeyedPartitions].sort()).to.deep.equal([0, 1, 2]);
    for (let p = 0; p < 3; p++) {
      for (const record of await readAll('producer-partitions', p)) {
        const key = record.key?.toString();
        if (key !== undefined) expect(partitionForKey(Buffer.from(key), 3)).to.equal(p);
      }
    }
  });

  for (const acks of [0, 1, 'all'] as const) {
    it(`delivers with acks=${acks}`, async () => {
      const topic = `producer-acks-${acks}`;
      await createTopic(topic, 1);
      const producer = open({ acks });
      const results = await producer.send({
        topic,
        messages: Array.from({ length: 20 }, (_, i) => ({ value: `a${i}` })),
      });
      expect(results.map((r) => r.offset)).to.deep.equal(acks === 0 ? Array(20).fill(-1) : results.map((_, i) => i));
      await producer.close();
      expect((await readAll(topic, 0)).map((r) => r.value?.toString())).to.deep.equal(results.map((_, i) => `a${i}`));
    });
  }

  it('keeps headers, keys, null values and explicit timestamps', async () => {
    await createTopic('producer-headers', 2);
    const producer = open();
    const [result] = await producer.send({
      topic: 'producer-headers',
      messages: [
        {
          key: Buffer.from([1, 2]),
          value: null,
          partition: 1,
          timestamp: 1600000000123,
          headers: { text: 'x', bin: Buffer.from([0, 255]) },
        },
      ],
    });
    expect(result).to.deep.equal({ topic: 'producer-headers', partition: 1, offset: 0, timestamp: 1600000000123 });
    const [record] = await readAll('producer-headers', 1);
    expect(record.key).to.deep.equal(Buffer.from([1, 2]));
    expect(record.value).to.equal(null);
    expect(record.timestamp).to.equal(1600000000123);
    expect(record.headers.map((h) => [h.key, h.value])).to.deep.equal([
      ['text', Buffer.from('x')],
      ['bin', Buffer.from([0, 255])],
    ]);
  });

  it('flush() sends a lingering batch at once and waits for it', async () => {
    await createTopic('producer-flush', 1);
    const producer = open({ lingerMs: 30000 });
    await producer.connect();
    let settled = false;
    const sent = producer.sendOne('producer-flush', { value: 'f' }).then((r) => {
      settled = true;
      return r;
    });
    const started = Date.now();
    await producer.flush();
    expect(settled).to.equal(true);
    expect(Date.now() - started).to.be.below(5000);
    expect((await sent).offset).to.equal(0);
  });

  it('close() drains queued sends, then refuses new ones with CLOSED', async () => {
    await createTopic('producer-close', 1);
    const producer = open({ lingerMs: 30000 });
    const sends = Array.from({ length: 100 }, (_, i) => producer.sendOne('producer-close', { value: `c${i}` }));
    await producer.close();
    expect((await Promise.all(sends)).map((r) => r.offset)).to.deep.equal(sends.map((_, i) => i));
    const error = await producer.sendOne('producer-close', { value: 'late' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ClientError);
    expect((error as ClientError).code).to.equal('CLOSED');
  });

  it('rejects a too-large record with MESSAGE_TOO_LARGE and the partition, and delivers the rest', async () => {
    await createTopic('producer-too-large', 1, { 'max.message.bytes': '2000' });
    const producer = open({ batchBytes: 1000, retries: 3 });
    const big = producer.sendOne('producer-too-large', { value: Buffer.alloc(5000) });
    const small = producer.sendOne('producer-too-large', { value: 'small' });
    const error = (await big.then(
      () => null,
      (e: unknown) => e,
    )) as ClientError;
    expect(error).to.be.instanceOf(ClientError);
    expect(error.code).to.equal('MESSAGE_TOO_LARGE');
    expect(error.retriable).to.equal(false);
    expect(error.partitions).to.deep.include.members([
      {
        topic: 'producer-too-large',
        partition: 0,
        code: 'MESSAGE_TOO_LARGE',
        errorCode: 10,
        message: error.partitions[0].message,
      },
    ]);
    expect((await small).offset).to.equal(0);
  });

  it('splits a batch the broker refuses as too large and delivers every record in order', async () => {
    await createTopic('producer-split', 1, { 'max.message.bytes': '2000' });
    const producer = open({ batchBytes: 16384, lingerMs: 50 });
    const values = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}-${'x'.repeat(96)}`);
    const results = await producer.send({
      topic: 'producer-split',
      messages: values.map((value, i) => ({ key: `k${i}`, value, headers: { n: String(i) } })),
    });
    expect(results.map((r) => r.offset)).to.deep.equal(values.map((_, i) => i));
    const batches = await readBatches(reader, 'producer-split', 0);
    expect(batches.length, 'the 10 KiB batch went out in pieces').to.be.greaterThan(4);
    const records = batches.flatMap((b) => b.records);
    expect(records.map((r) => r.value?.toString())).to.deep.equal(values);
    expect(records.map((r) => r.key?.toString())).to.deep.equal(values.map((_, i) => `k${i}`));
    expect(records.map((r) => r.headers[0].value?.toString())).to.deep.equal(values.map((_, i) => String(i)));
  });

  it('rejects sends to a missing topic when creation is not allowed, and invalid partitions', async () => {
    const producer = open({ allowAutoTopicCreation: false });
    const missing = await producer.sendOne('producer-missing', { value: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((missing as ClientError).code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    await createTopic('producer-invalid', 1);
    const invalid = await producer.sendOne('producer-invalid', { value: 'x', partition: 5 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((invalid as ClientError).code).to.equal('INVALID_ARGUMENT');
  });

  it('finds the brokers through ZooKeeper', async () => {
    const producer = new Producer({ zookeeper: broker.connectString });
    producers.push(producer);
    const [result] = await producer.send({ topic: 'producer-zk', messages: [{ value: 'z' }] });
    expect(result.offset).to.equal(0);
    expect((await readAll('producer-zk', 0)).map((r) => r.value?.toString())).to.deep.equal(['z']);
  });
});
