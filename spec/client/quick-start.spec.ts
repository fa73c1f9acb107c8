// Proves the README's client quick start works as printed: the same calls, in the same order,
// through the package root's exports, against a real broker.
import { expect } from 'chai';
import { Producer, Consumer } from '../../lib';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';

describe('client quick start (README)', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startBroker({
      label: 'quick-start',
      props: { 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 },
    });
  });
  after(stopAllBrokers);

  it('produces and consumes in ten lines', async () => {
    const seen: string[] = [];
    const log = (...parts: Array<string | undefined>) => seen.push(parts.join(' '));
    // --- the README's lines, with the broker address replaced ---
    const producer = new Producer({ brokers: [broker.bootstrap] });
    await producer.send({ topic: 'orders', messages: [{ key: 'order-1', value: 'coffee' }] });
    await producer.close();

    const consumer = new Consumer({ brokers: [broker.bootstrap], groupId: 'billing', fromBeginning: true });
    await consumer.connect();
    consumer.subscribe(['orders']);
    for await (const message of consumer) {
      log(message.key?.toString(), message.value?.toString());
      break;
    }
    await consumer.close();
    // ---
    expect(seen).to.deep.equal(['order-1 coffee']);
  });
});
