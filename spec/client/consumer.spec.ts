// Proves the Samsa Consumer against a real broker: group-less reading from earliest, a given
// offset and latest; two members splitting a 6-partition topic; pause/resume and seek; close
// leaving the group at once (the survivor owns everything long before the session timeout);
// commits visible to a new member and in ZooKeeper; heartbeats keeping a member with a slow
// handler; a long-poll fetch returning as soon as data arrives; and, on three broker processes,
// a member finding the new coordinator after the old one is killed.
import { expect } from 'chai';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { Consumer, ConsumerOptions, TopicPartition } from '../../lib/client/consumer';
import { Cluster } from '../../lib/client/cluster';
import { Fetcher } from '../../lib/client/fetcher';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { waitUntil } from '../helpers/wait';
import { openZkSession } from '../helpers/zookeeper';
import { TestCluster } from '../helpers/cluster';
import { kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';
import { partitionForGroup } from '../../lib/coordinator/partition-for-group';

describe('client Consumer', function () {
  this.timeout(60000);
  let broker: TestBroker;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];

  const open = (options: Partial<ConsumerOptions> = {}): Consumer => {
    const consumer = new Consumer({
      brokers: [broker.bootstrap],
      maxWaitMs: 200,
      heartbeatIntervalMs: 300,
      ...options,
    });
    consumers.push(consumer);
    return consumer;
  };
  const send = async (topic: string, partition: number, values: string[]) => {
    await producer.send({ topic, acks: -1, messages: values.map((value, i) => ({ partition, key: `k${i}`, value })) });
  };
  const createTopic = async (topic: string, numPartitions: number) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  };
  const positionKnown = (c: Consumer, tp: TopicPartition) => () => {
    try {
      return c.position(tp) >= 0;
    } catch {
      return false;
    }
  };

  before(async () => {
    broker = await startBroker({
      label: 'client-consumer',
      props: {
        'offsets.topic.num.partitions': 3,
        'offsets.topic.replication.factor': 1,
        'group.initial.rebalance.delay.ms': 0,
        'group.min.session.timeout.ms': 1000,
      },
    });
    kafka = new Kafka({ clientId: 'spec', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await createTopic('plain', 2);
    await send(
      'plain',
      0,
      Array.from({ length: 10 }, (_, i) => `v${i}`),
    );
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  after(async () => {
    await producer.disconnect();
    await stopAllBrokers();
  });

  it('reads assigned partitions from earliest and from a given offset without a group', async () => {
    const fromStart = open();
    fromStart.assign([{ topic: 'plain', partition: 0, offset: 'earliest' }]);
    const got: string[] = [];
    for await (const m of fromStart) {
      got.push(`${m.offset}:${String(m.key)}=${String(m.value)}`);
      if (got.length === 10) break;
    }
    expect(got).to.deep.equal(Array.from({ length: 10 }, (_, i) => `${i}:k${i}=v${i}`));
    expect(fromStart.position({ topic: 'plain', partition: 0 })).to.equal(10);

    const fromFour = open();
    fromFour.assign([{ topic: 'plain', partition: 0, offset: 4 }]);
    const offsets: number[] = [];
    for await (const m of fromFour.messages()) {
      offsets.push(m.offset);
      if (offsets.length === 6) break;
    }
    expect(offsets).to.deep.equal([4, 5, 6, 7, 8, 9]);
  });

  it('resets an out-of-range position by autoOffsetReset', async () => {
    const consumer = open({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'plain', partition: 0, offset: 1000 }]);
    const offsets: number[] = [];
    for await (const m of consumer) {
      offsets.push(m.offset);
      if (offsets.length === 3) break;
    }
    expect(offsets).to.deep.equal([0, 1, 2]);
  });

  it('reads only new messages from latest', async () => {
    const consumer = open();
    consumer.assign([{ topic: 'plain', partition: 1, offset: 'latest' }]);
    const values: string[] = [];
    const running = consumer.run({
      eachMessage: async ({ message }) => {
        values.push(String(message.value));
      },
    });
    await waitUntil(positionKnown(consumer, { topic: 'plain', partition: 1 }), {
      message: 'the latest offset to be resolved',
    });
    await send('plain', 1, ['new-a', 'new-b']);
    await waitUntil(() => values.length >= 2, { message: 'the two new messages' });
    expect(values).to.deep.equal(['new-a', 'new-b']);
    await consumer.close();
    await running;
  });

  it('splits a 6-partition topic between two members of a group', async () => {
    await createTopic('six', 6);
    for (let p = 0; p < 6; p++) await send('six', p, [`m${p}a`, `m${p}b`]);
    const seen: string[] = [];
    const members = [open({ groupId: 'split', fromBeginning: true }), open({ groupId: 'split', fromBeginning: true })];
    const owned = members.map(() => [] as TopicPartition[]);
    members.forEach((c, i) => {
      c.on('assign', (tps: TopicPartition[]) => {
        owned[i] = tps;
      });
      c.subscribe(['six']);
      void c.run({
        eachMessage: async ({ message }) => {
          seen.push(String(message.value));
        },
      });
    });
    await waitUntil(() => owned[0].length > 0 && owned[1].length > 0 && owned[0].length + owned[1].length === 6, {
      timeoutMs: 30000,
      message: 'both members to own partitions',
    });
    const all = [...owned[0], ...owned[1]].map((tp) => tp.partition).sort();
    expect(all).to.deep.equal([0, 1, 2, 3, 4, 5]);
    // The range assignor (the default) gives contiguous halves.
    expect(owned.map((tps) => tps.map((tp) => tp.partition).join(',')).sort()).to.deep.equal(['0,1,2', '3,4,5']);
    await waitUntil(() => seen.length >= 12, { timeoutMs: 20000, message: 'all twelve messages' });
    expect(new Set(seen).size).to.equal(12);
  });

  it('stops delivering a paused partition and restarts on resume', async () => {
    await createTopic('pausing', 2);
    const consumer = open();
    consumer.assign([
      { topic: 'pausing', partition: 0, offset: 'earliest' },
      { topic: 'pausing', partition: 1, offset: 'earliest' },
    ]);
    const got: Array<[number, string]> = [];
    const running = consumer.run({
      eachMessage: async ({ partition, message }) => {
        got.push([partition, String(message.value)]);
      },
    });
    await waitUntil(positionKnown(consumer, { topic: 'pausing', partition: 0 }), { message: 'the consumer to start' });
    consumer.pause([{ topic: 'pausing', partitions: [0] }]);
    expect(consumer.paused()).to.deep.equal([{ topic: 'pausing', partition: 0 }]);
    await send('pausing', 0, ['p0-a', 'p0-b']);
    await send('pausing', 1, ['p1-a']);
    await waitUntil(() => got.some(([p]) => p === 1), { message: 'the unpaused partition to deliver' });
    // One more fetch round for both partitions has passed: partition 0 must still be silent.
    await send('pausing', 1, ['p1-b']);
    await waitUntil(() => got.filter(([p]) => p === 1).length === 2, { message: 'the second message of partition 1' });
    expect(got.filter(([p]) => p === 0)).to.deep.equal([]);
    consumer.resume([{ topic: 'pausing' }]);
    await waitUntil(() => got.filter(([p]) => p === 0).length === 2, { message: 'the resumed partition to deliver' });
    expect(got.filter(([p]) => p === 0).map(([, v]) => v)).to.deep.equal(['p0-a', 'p0-b']);
    await consumer.close();
    await running;
  });

  it('re-delivers from an earlier offset after seek', async () => {
    const consumer = open();
    consumer.assign([{ topic: 'plain', partition: 0, offset: 'earliest' }]);
    const offsets: number[] = [];
    let sought = false;
    const running = consumer.run({
      eachMessage: async ({ message }) => {
        offsets.push(message.offset);
        if (message.offset === 5 && !sought) {
          sought = true;
          consumer.seek({ topic: 'plain', partition: 0, offset: 2 });
        }
      },
    });
    await waitUntil(() => offsets.length >= 14, { message: 'the messages after the seek' });
    expect(offsets.slice(0, 14)).to.deep.equal([0, 1, 2, 3, 4, 5, 2, 3, 4, 5, 6, 7, 8, 9]);
    await consumer.close();
    await running;
  });

  it('leaves the group on close: the other member owns everything well before the session timeout', async () => {
    await createTopic('leaving', 6);
    const options = { groupId: 'leave-g', sessionTimeoutMs: 30000, heartbeatIntervalMs: 300 };
    const [a, b] = [open(options), open(options)];
    let ownedByA: TopicPartition[] = [];
    let ownedByB: TopicPartition[] = [];
    a.on('assign', (tps: TopicPartition[]) => {
      ownedByA = tps;
    });
    b.on('assign', (tps: TopicPartition[]) => {
      ownedByB = tps;
    });
    a.subscribe(['leaving']);
    b.subscribe(['leaving']);
    const runs = [a.run({ eachMessage: async () => undefined }), b.run({ eachMessage: async () => undefined })];
    await waitUntil(() => ownedByA.length > 0 && ownedByB.length > 0, {
      timeoutMs: 30000,
      message: 'the two members to share the topic',
    });
    const started = Date.now();
    await b.close();
    await runs[1];
    await waitUntil(() => ownedByA.length === 6, {
      timeoutMs: 10000,
      message: 'the survivor to own all six partitions',
    });
    expect(Date.now() - started).to.be.below(10000);
    expect(a.assignment().map((tp) => tp.partition)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('commits consumed positions that a new member and ZooKeeper see', async () => {
    await createTopic('committed', 2);
    await send('committed', 0, ['a0', 'a1', 'a2']);
    await send('committed', 1, ['b0', 'b1']);
    const first = open({ groupId: 'commit-g', autoCommit: false, fromBeginning: true });
    first.subscribe(['committed']);
    const seen: string[] = [];
    const running = first.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    await waitUntil(() => seen.length === 5, { timeoutMs: 20000, message: 'the first member to read five messages' });
    await first.commit();
    await first.close();
    await running;

    const zk = await openZkSession(broker.connectString);
    try {
      const read = async (p: number) =>
        (await zk.getData(`/consumers/commit-g/offsets/committed/${p}`)).data?.toString();
      expect([await read(0), await read(1)]).to.deep.equal(['3', '2']);
    } finally {
      await zk.close();
    }
    await send('committed', 1, ['b2']);
    const second = open({ groupId: 'commit-g', fromBeginning: true });
    second.subscribe(['committed']);
    const later: string[] = [];
    const again = second.run({
      eachMessage: async ({ message }) => {
        later.push(String(message.value));
      },
    });
    await waitUntil(() => later.length >= 1, { timeoutMs: 20000, message: 'the new member to read the new message' });
    expect(later).to.deep.equal(['b2']);
    await second.close();
    await again;
  });

  it('keeps its membership while a slow handler outlasts the session timeout', async () => {
    await createTopic('slow', 1);
    await send('slow', 0, ['first', 'second']);
    const consumer = open({ groupId: 'slow-g', sessionTimeoutMs: 1500, heartbeatIntervalMs: 200, fromBeginning: true });
    const generations: number[] = [];
    consumer.on('rebalance', (e: { generationId: number }) => generations.push(e.generationId));
    consumer.subscribe(['slow']);
    const done: string[] = [];
    const running = consumer.run({
      eachMessage: async ({ message }) => {
        if (String(message.value) === 'first') await new Promise((r) => setTimeout(r, 3000));
        done.push(String(message.value));
      },
    });
    await waitUntil(() => done.length === 2, { timeoutMs: 20000, message: 'both messages handled' });
    expect(generations).to.have.length(1);
    await consumer.close();
    await running;
  });

  it('long-polls: a fetch waits for data and returns as soon as it arrives', async () => {
    await createTopic('long-poll', 1);
    const cluster = new Cluster({ brokers: [broker.bootstrap] });
    try {
      await cluster.refreshMetadata(['long-poll']);
      const fetcher = new Fetcher(cluster, {
        maxWaitMs: 10000,
        minBytes: 1,
        maxBytes: 1 << 20,
        maxPartitionBytes: 1 << 20,
      });
      const started = Date.now();
      const fetching = fetcher.fetchFrom(cluster.leaderOf('long-poll', 0), [
        { topic: 'long-poll', partition: 0, fetchOffset: 0 },
      ]);
      await new Promise((r) => setTimeout(r, 500));
      await send('long-poll', 0, ['wake']);
      const [result] = await fetching;
      const elapsed = Date.now() - started;
      expect(result.records?.length ?? 0).to.be.above(0);
      expect(elapsed).to.be.within(450, 5000);
    } finally {
      await cluster.close();
    }
  });
});

describe('client Consumer when the coordinator dies', function () {
  this.timeout(90000);
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start('client-consumer-failover', [1, 2, 3], {
      'offsets.topic.num.partitions': 3,
      'group.initial.rebalance.delay.ms': 0,
    });
  });
  after(async () => {
    await cluster.stop();
  });

  it('finds the new coordinator and keeps consuming from the committed offsets', async () => {
    const admin = await Admin.connect(cluster.bootstrap().split(',')[0]);
    await admin.createTopics([{ topic: 'work', numPartitions: 3, replicationFactor: 3 }]);
    admin.close();
    await kcatProduce(
      cluster.bootstrap(),
      'work',
      Array.from({ length: 30 }, (_, i) => `k${i}:v${i}`),
      ['-X', 'acks=all'],
    );
    const consumer = new Consumer({
      brokers: cluster.bootstrap().split(','),
      groupId: 'workers',
      fromBeginning: true,
      heartbeatIntervalMs: 300,
      autoCommitIntervalMs: 100,
      maxWaitMs: 200,
    });
    const values: string[] = [];
    consumer.subscribe(['work']);
    const running = consumer.run({
      eachMessage: async ({ message }) => {
        values.push(String(message.value));
      },
    });
    try {
      await waitUntil(() => values.length >= 30, { timeoutMs: 30000, message: 'the first 30 messages' });
      await waitUntil(
        async () => {
          const children = await cluster.session
            .getChildren('/consumers/workers/offsets/work')
            .catch(() => [] as string[]);
          const offsets = await Promise.all(
            children.map(async (c) =>
              Number(String((await cluster.session.getData(`/consumers/workers/offsets/work/${c}`)).data)),
            ),
          );
          return offsets.reduce((a, b) => a + b, 0) === 30;
        },
        { timeoutMs: 20000, message: 'offsets committed up to 30' },
      );
      const slot = partitionForGroup('workers', 3);
      const coordinator = (await cluster.state('__consumer_offsets', slot)).leader;
      await cluster.stopBroker(coordinator, 'SIGKILL');
      await cluster.waitForState(
        '__consumer_offsets',
        slot,
        (st) => st.leader >= 0 && st.leader !== coordinator,
        'a new coordinator',
        30000,
      );
      await kcatProduce(
        cluster.bootstrap(),
        'work',
        Array.from({ length: 10 }, (_, i) => `n${i}:w${i}`),
        ['-X', 'acks=all'],
      );
      await waitUntil(() => new Set(values).size >= 40, {
        timeoutMs: 60000,
        message: 'the 10 messages produced after the failover',
      });
      expect([...new Set(values)].sort()).to.deep.equal(
        [...Array.from({ length: 30 }, (_, i) => `v${i}`), ...Array.from({ length: 10 }, (_, i) => `w${i}`)].sort(),
      );
      expect(values.filter((v) => v.startsWith('v'))).to.have.length(30);
    } finally {
      await consumer.close();
      await running.catch(() => undefined);
    }
  });
});
