// Proves the consumer's fetch pipeline against a real broker: a response is handed out lazily, a
// chunk of whole batches (at least CHUNK_RECORDS records, not the whole response) per next(), with
// offsets contiguous across chunks; a partition is fetched again while its last response still
// waits undelivered (two responses pending at once), never more than MAX_PENDING_FETCHES; a rewind
// (seek) drops what waits and delivers from the new offset; gzip batches decode the same way.
import { expect } from 'chai';
import { Cluster } from '../../lib/client/cluster';
import {
  CHUNK_RECORDS,
  ConsumerFetchLoop,
  MAX_PENDING_FETCHES,
  ReadyBatch,
} from '../../lib/client/consumer-fetch-loop';
import { Producer } from '../../lib/client/producer';
import { Admin } from '../../lib/client/admin';
import { silentLogger } from '../../lib/util/logger';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';

const valueOf = (i: number) => `value-${String(i).padStart(6, '0')}`;

describe('consumer fetch loop', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let cluster: Cluster;
  const loops: ConsumerFetchLoop[] = [];

  /** Writes records [from, to) as sends of 20 (each its own batch: one send in flight at a time). */
  async function produce(topic: string, from: number, to: number, compression: 'none' | 'gzip' = 'none') {
    const producer = new Producer({ brokers: [broker.bootstrap], acks: 1, lingerMs: 0, compression });
    try {
      for (let i = from; i < to; i += 20) {
        const count = Math.min(20, to - i);
        await producer.send({ topic, messages: Array.from({ length: count }, (_, j) => ({ value: valueOf(i + j) })) });
      }
    } finally {
      await producer.close();
    }
  }

  function openLoop(topic: string): ConsumerFetchLoop {
    const loop = new ConsumerFetchLoop(
      cluster,
      { maxWaitMs: 100, minBytes: 1, maxBytes: 50 * 1024 * 1024, maxPartitionBytes: 1024 * 1024, checkCrcs: true },
      'earliest',
      silentLogger(),
    );
    loops.push(loop);
    loop.setPartitions([{ topic, partition: 0, offset: 0 }]);
    return loop;
  }

  async function nextBatch(loop: ConsumerFetchLoop): Promise<ReadyBatch> {
    return waitUntil(() => loop.next(100), { message: 'a batch from the fetch loop', timeoutMs: 20000 });
  }

  /** Takes batches until `count` messages came, checking they continue at `from` in order. */
  async function drain(loop: ConsumerFetchLoop, from: number, count: number): Promise<void> {
    let expected = from;
    while (expected < from + count) {
      const batch = await nextBatch(loop);
      for (const m of batch.messages) {
        expect(m.offset).to.equal(expected);
        expect(m.value!.toString()).to.equal(valueOf(expected));
        expected++;
      }
      batch.state.position = expected;
    }
    expect(expected).to.equal(from + count);
  }

  before(async () => {
    broker = await startBroker({ label: 'consumer-fetch-loop', props: { 'num.partitions': 1 } });
    cluster = new Cluster({ brokers: [broker.bootstrap] });
    const admin = new Admin({ brokers: [broker.bootstrap] });
    try {
      await admin.createTopics([
        { topic: 'lazy', numPartitions: 1, replicationFactor: 1 },
        { topic: 'rewound', numPartitions: 1, replicationFactor: 1 },
        { topic: 'zipped', numPartitions: 1, replicationFactor: 1 },
      ]);
    } finally {
      await admin.close();
    }
    await produce('lazy', 0, 3000);
  });
  afterEach(() => {
    for (const loop of loops.splice(0)) loop.close();
  });
  after(async () => {
    await cluster.close();
    await stopAllBrokers();
  });

  it('hands a response out a chunk at a time and fetches again while one waits', async () => {
    const loop = openLoop('lazy');
    const first = await nextBatch(loop);
    expect(first.messages.length, 'one chunk, not the whole response').to.be.within(CHUNK_RECORDS, CHUNK_RECORDS + 20);
    expect(first.messages.map((m) => m.offset)).to.deep.equal(first.messages.map((_, i) => i));
    const state = first.state;
    state.position = first.messages.length;
    expect(state.pending.length, 'the rest of the response still waits').to.equal(1);
    const response = state.pending[0];
    expect(response.decodedTo, 'decoded only up to the chunk').to.be.below(response.fetch.records!.length);
    await produce('lazy', 3000, 4000);
    // Taking the second chunk sends the partition's next fetch although the response is not used up.
    const second = await nextBatch(loop);
    expect(second.messages[0].offset).to.equal(first.messages.length);
    state.position = second.messages[second.messages.length - 1].offset + 1;
    await waitUntil(() => state.pending.length === 2, { message: 'a second response fetched while the first waits' });
    expect(state.pending[0]).to.equal(response);
    await produce('lazy', 4000, 5000);
    await drain(loop, state.position, 5000 - state.position);
    expect(state.pending.length).to.be.at.most(MAX_PENDING_FETCHES);
  });

  it('drops what waits on a rewind and delivers from the new offset', async () => {
    await produce('rewound', 0, 2500);
    const loop = openLoop('rewound');
    const first = await nextBatch(loop);
    expect(first.messages.length).to.be.below(2500);
    loop.rewind(first.state, 1700);
    expect(first.state.pending).to.deep.equal([]);
    await drain(loop, 1700, 800);
  });

  it('decodes gzip batches a chunk at a time too', async () => {
    await produce('zipped', 0, 2500, 'gzip');
    const loop = openLoop('zipped');
    const first = await nextBatch(loop);
    expect(first.messages.length).to.be.within(CHUNK_RECORDS, CHUNK_RECORDS + 20);
    first.state.position = first.messages.length;
    await drain(loop, 0 + first.messages.length, 2500 - first.messages.length);
  });
});
