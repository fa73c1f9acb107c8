// Proves the Admin client against two in-process brokers on a real ZooKeeper: topics are
// created (also validate-only), listed, described and deleted; added partitions get a leader and
// take writes; describeCluster names the controller; listOffsets reads earliest/latest from the
// leaders; a kafkajs consumer group is listed, described (with its decoded assignment), its
// committed offsets fetched and the group deleted once empty; failures are ClientErrors naming
// each failed topic with Kafka's error code.
// describeConfigs reports a topic's override with its source and synonyms and asks each
// broker resource of that broker.
// alterGroupOffsets writes an empty group's offsets (with metadata) to ZooKeeper, where
// fetchOffsets reads them back, and is refused per partition while the group has a member.
import { expect } from 'chai';
import { Kafka, logLevel, Consumer } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { Admin } from '../../lib/client/admin';
import { ClientError } from '../../lib/client/errors';

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome, 'expected a ClientError').to.be.instanceOf(ClientError);
  return outcome as ClientError;
}

describe('Admin', function () {
  this.timeout(60000);
  let brokers: TestBroker[];
  let admin: Admin;
  let kafka: Kafka;
  let connectString: string;

  before(async () => {
    connectString = zkChroot('admin');
    const props = {
      'offsets.topic.num.partitions': 2,
      'offsets.topic.replication.factor': 1,
      'group.initial.rebalance.delay.ms': 0,
    };
    brokers = [await startBroker({ label: 'admin-1', connectString, brokerId: 1, props })];
    brokers.push(await startBroker({ label: 'admin-2', connectString, brokerId: 2, props }));
    // Both brokers must know both (the controller's UpdateMetadata) before topics with RF 2 can be made.
    await waitUntil(() => brokers.every((b) => b.broker.metadataCache?.liveBrokers().length === 2), {
      message: 'both brokers in every metadata cache',
    });
    admin = new Admin({ brokers: [brokers[0].bootstrap], clientId: 'admin-spec' });
    await admin.connect();
    kafka = new Kafka({
      clientId: 'spec',
      brokers: brokers.map((b) => b.bootstrap),
      logLevel: logLevel.NOTHING,
      retry: { retries: 8 },
    });
  });

  after(async () => {
    await admin?.close();
    await stopAllBrokers();
  });

  it('describes the cluster: id, controller and brokers', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.clusterId).to.equal(brokers[0].broker.clusterId);
    const controller = brokers.find((b) => b.broker.isController);
    expect(cluster.controllerId).to.equal(controller?.broker.brokerId);
    expect(cluster.brokers.map((b) => [b.nodeId, b.port])).to.deep.equal(
      brokers.map((b) => [b.broker.brokerId, b.port]),
    );
  });

  it('creates (and validates), lists, describes and deletes topics', async () => {
    await admin.createTopics([{ topic: 'checked', numPartitions: 3, replicationFactor: 2 }], { validateOnly: true });
    expect(await admin.listTopics()).to.not.include('checked');
    await admin.createTopics([
      { topic: 'events', numPartitions: 3, replicationFactor: 2, configs: { 'retention.ms': '3600000' } },
      { topic: 'placed', replicaAssignment: { 0: [2, 1], 1: [1, 2] } },
    ]);
    expect(await admin.listTopics()).to.include.members(['events', 'placed']);
    const { topics, controllerId } = await admin.describeTopics(['events', 'placed']);
    expect(controllerId).to.be.oneOf([1, 2]);
    const placed = topics.find((t) => t.name === 'placed');
    expect(placed?.partitions.map((p) => [p.partition, p.leader, p.replicas])).to.deep.equal([
      [0, 2, [2, 1]],
      [1, 1, [1, 2]],
    ]);
    expect(topics.find((t) => t.name === 'events')?.partitions).to.have.length(3);

    await admin.createTopics([{ topic: 'doomed', numPartitions: 1, replicationFactor: 1 }]);
    await admin.deleteTopics(['doomed']);
    await waitUntil(async () => !(await admin.listTopics()).includes('doomed'), { message: 'doomed to disappear' });
  });

  it('reports failures with their codes, per topic', async () => {
    const exists = await failure(
      admin.createTopics([
        { topic: 'events', numPartitions: 1, replicationFactor: 1 },
        { topic: 'fresh', numPartitions: 1, replicationFactor: 1 },
      ]),
    );
    expect(exists.code).to.equal('TOPIC_ALREADY_EXISTS');
    expect(exists.partitions.map((p) => [p.topic, p.code])).to.deep.equal([['events', 'TOPIC_ALREADY_EXISTS']]);
    const rf = await failure(admin.createTopics([{ topic: 'wide', numPartitions: 1, replicationFactor: 3 }]));
    expect(rf).to.include({ code: 'INVALID_REPLICATION_FACTOR', errorCode: 38, retriable: false });
    const unknown = await failure(admin.describeTopics(['events', 'nowhere']));
    expect(unknown.code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    expect(unknown.partitions.map((p) => p.topic)).to.deep.equal(['nowhere']);
    const gone = await failure(admin.deleteTopics(['nowhere']));
    expect(gone.code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('adds partitions that get a leader and take writes; refuses shrinking and bad assignments', async () => {
    await admin.createTopics([{ topic: 'widen', numPartitions: 1, replicationFactor: 1 }]);
    await admin.createPartitions([{ topic: 'widen', count: 2 }], { validateOnly: true });
    expect((await admin.describeTopics(['widen'])).topics[0].partitions).to.have.length(1);
    await admin.createPartitions([{ topic: 'widen', count: 3, assignments: [[2], [1]] }]);
    const { topics } = await admin.describeTopics(['widen']);
    expect(topics[0].partitions.map((p) => [p.partition, p.leader, p.isr])).to.deep.include.members([
      [1, 2, [2]],
      [2, 1, [1]],
    ]);

    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'widen',
        acks: -1,
        messages: [
          { partition: 2, value: 'a' },
          { partition: 2, value: 'b' },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const [latest] = await admin.listOffsets([{ topic: 'widen', partition: 2, timestamp: 'latest' }]);
    expect(latest).to.include({ topic: 'widen', partition: 2, offset: 2 });

    const shrink = await failure(admin.createPartitions([{ topic: 'widen', count: 2 }]));
    expect(shrink).to.include({ code: 'INVALID_PARTITIONS', errorCode: 37 });
    expect(shrink.partitions[0]).to.include({ topic: 'widen', partition: -1, code: 'INVALID_PARTITIONS' });
    const missing = await failure(admin.createPartitions([{ topic: 'nowhere', count: 2 }]));
    expect(missing.code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    const bad = await failure(admin.createPartitions([{ topic: 'widen', count: 4, assignments: [[7]] }]));
    expect(bad.code).to.equal('INVALID_REPLICA_ASSIGNMENT');
  });

  it('lists earliest and latest offsets from the partition leaders', async () => {
    await admin.createTopics([{ topic: 'counted', replicaAssignment: { 0: [1], 1: [2] } }]);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'counted',
        acks: -1,
        messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `v${i}` })),
      });
      await producer.send({
        topic: 'counted',
        acks: -1,
        messages: Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `w${i}` })),
      });
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.listOffsets([
      { topic: 'counted', partition: 0, timestamp: 'earliest' },
      { topic: 'counted', partition: 0, timestamp: 'latest' },
      { topic: 'counted', partition: 1, timestamp: 'latest' },
    ]);
    expect(offsets.map((o) => [o.partition, o.offset])).to.have.deep.members([
      [0, 0],
      [0, 5],
      [1, 3],
    ]);
    const missing = await failure(admin.listOffsets([{ topic: 'counted', partition: 7, timestamp: 'latest' }]));
    expect(missing.partitions[0]).to.include({ topic: 'counted', partition: 7 });
  });

  describe('consumer groups', () => {
    let consumer: Consumer | null = null;

    afterEach(async () => {
      await consumer?.disconnect();
      consumer = null;
    });

    it('lists and describes a kafkajs group, fetches its offsets and deletes it once empty', async () => {
      await admin.createTopics([{ topic: 'grouped', numPartitions: 2, replicationFactor: 1 }]);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: 'grouped',
        acks: -1,
        messages: [
          { partition: 0, value: 'a' },
          { partition: 1, value: 'b' },
          { partition: 1, value: 'c' },
        ],
      });
      await producer.disconnect();

      consumer = kafka.consumer({ groupId: 'watchers', sessionTimeout: 10000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic: 'grouped', fromBeginning: true });
      let seen = 0;
      await consumer.run({
        autoCommitThreshold: 1,
        eachMessage: async () => {
          seen += 1;
        },
      });
      await waitUntil(() => seen >= 3, { message: 'the consumer to read 3 messages' });
      // kafkajs commits after each message, so partition 1 is seen at 1 before it reaches 2.
      const committed = await waitUntil(
        async () => {
          const offsets = await admin.fetchOffsets('watchers', ['grouped']);
          return offsets.length === 2 && offsets.reduce((sum, o) => sum + o.offset, 0) === 3 ? offsets : null;
        },
        { message: 'offsets of watchers to be committed up to the end of both partitions' },
      );
      expect(committed.map((o) => [o.partition, o.offset])).to.deep.equal([
        [0, 1],
        [1, 2],
      ]);
      expect((await admin.fetchOffsets('watchers')).map((o) => o.topic)).to.deep.equal(['grouped', 'grouped']);

      const groups = await admin.listGroups();
      expect(groups.find((g) => g.groupId === 'watchers')).to.deep.include({ protocolType: 'consumer' });
      const [described] = await admin.describeGroups(['watchers']);
      expect(described).to.include({ groupId: 'watchers', state: 'Stable', protocolType: 'consumer' });
      expect(described.members).to.have.length(1);
      expect(described.members[0].clientId).to.equal('spec');
      expect(described.members[0].subscription).to.deep.equal(['grouped']);
      expect(described.members[0].assignment).to.deep.equal([{ topic: 'grouped', partitions: [0, 1] }]);

      const busy = await failure(admin.deleteGroups(['watchers']));
      expect(busy.code).to.equal('NON_EMPTY_GROUP');
      await consumer.disconnect();
      consumer = null;
      await waitUntil(async () => (await admin.describeGroups(['watchers']))[0].state === 'Empty', {
        message: 'watchers to be empty',
      });
      await admin.deleteGroups(['watchers']);
      expect((await admin.listGroups()).map((g) => g.groupId)).to.not.include('watchers');
      const [dead] = await admin.describeGroups(['watchers']);
      expect(dead.state).to.equal('Dead');
    });
  });

  it('describes topic and broker configs, each broker resource from its own broker', async () => {
    await admin.createTopics([
      { topic: 'configs-described', numPartitions: 1, replicationFactor: 1, configs: { 'retention.ms': '86400000' } },
    ]);
    const [topic, broker2] = await admin.describeConfigs(
      [
        { type: 'topic', name: 'configs-described' },
        { type: 'broker', name: '2', configNames: ['broker.id', 'num.partitions'] },
      ],
      { includeSynonyms: true },
    );
    expect(topic).to.include({ type: 'topic', name: 'configs-described' });
    const retention = topic.configs.find((c) => c.name === 'retention.ms');
    expect(retention).to.deep.include({
      value: '86400000',
      source: 'DYNAMIC_TOPIC_CONFIG',
      isDefault: false,
      readOnly: false,
      isSensitive: false,
    });
    expect(retention?.synonyms?.map((s) => [s.name, s.source])).to.deep.equal([
      ['retention.ms', 'DYNAMIC_TOPIC_CONFIG'],
      ['log.retention.hours', 'DEFAULT_CONFIG'],
    ]);
    expect(topic.configs.find((c) => c.name === 'cleanup.policy')).to.deep.include({
      value: 'delete',
      source: 'DEFAULT_CONFIG',
      isDefault: true,
    });
    expect(broker2.configs.map((c) => [c.name, c.value, c.source])).to.deep.equal([
      ['broker.id', '2', 'STATIC_BROKER_CONFIG'],
      ['num.partitions', '1', 'DEFAULT_CONFIG'],
    ]);
    const plain = await admin.describeConfigs([
      { type: 'topic', name: 'configs-described', configNames: ['retention.ms'] },
    ]);
    expect(plain[0].configs).to.deep.equal([
      {
        name: 'retention.ms',
        value: '86400000',
        source: 'DYNAMIC_TOPIC_CONFIG',
        isDefault: false,
        readOnly: false,
        isSensitive: false,
      },
    ]);
    const missing = await failure(admin.describeConfigs([{ type: 'topic', name: 'no-such-topic' }]));
    expect(missing.code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    expect(missing.partitions.map((p) => p.topic)).to.deep.equal(['no-such-topic']);
  });

  it('alters the committed offsets of an empty group and refuses while the group has a member', async () => {
    await admin.createTopics([{ topic: 'rewound', numPartitions: 2, replicationFactor: 1 }]);
    await admin.alterGroupOffsets('rewinders', [
      { topic: 'rewound', partition: 0, offset: 7, metadata: 'by admin' },
      { topic: 'rewound', partition: 1, offset: 0 },
    ]);
    const session = await openZkSession(connectString);
    try {
      expect(String((await session.getData('/consumers/rewinders/offsets/rewound/0')).data)).to.equal('7');
      expect(String((await session.getData('/consumers/rewinders/offsets/rewound/1')).data)).to.equal('0');
    } finally {
      await session.close();
    }
    expect(await admin.fetchOffsets('rewinders', ['rewound'])).to.deep.equal([
      { topic: 'rewound', partition: 0, offset: 7, metadata: 'by admin' },
      { topic: 'rewound', partition: 1, offset: 0, metadata: '' },
    ]);
    const negative = await failure(
      admin.alterGroupOffsets('rewinders', [{ topic: 'rewound', partition: 0, offset: -1 }]),
    );
    expect(negative.code).to.equal('INVALID_ARGUMENT');

    const member = kafka.consumer({ groupId: 'rewinders-busy', sessionTimeout: 10000, heartbeatInterval: 500 });
    let joined = false;
    member.on(member.events.GROUP_JOIN, () => {
      joined = true;
    });
    try {
      await member.connect();
      await member.subscribe({ topic: 'rewound' });
      await member.run({ eachMessage: async () => undefined });
      await waitUntil(() => joined, { message: 'the member to join rewinders-busy' });
      const busy = await failure(
        admin.alterGroupOffsets('rewinders-busy', [{ topic: 'rewound', partition: 1, offset: 3 }]),
      );
      expect(busy.code).to.be.oneOf(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS']);
      expect(busy.retriable).to.equal(false);
      expect(busy.partitions.map((p) => [p.topic, p.partition, p.code])).to.deep.equal([['rewound', 1, busy.code]]);
      expect((await admin.fetchOffsets('rewinders-busy', ['rewound'])).map((o) => o.offset)).to.deep.equal([-1, -1]);
    } finally {
      await member.disconnect();
    }
  });
});
