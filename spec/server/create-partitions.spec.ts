// Proves CreatePartitions on the wire: kafkajs's admin adds partitions to a two-broker cluster,
// the controller notices the enlarged /brokers/topics/<t> and brings the new partitions online
// (state znodes in Kafka's layout, leaders a producer can write to); shrinking or keeping the
// count is INVALID_PARTITIONS; unknown topics, bad manual assignments, validate_only and a
// request to a broker that is not the controller get Kafka's answers.
import { expect } from 'chai';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, stopAllBrokers, TestBroker } from '../helpers/broker';
import { openZkSession, zkChroot } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { getAssignment, getPartitionState } from '../../lib/zk/topic-znodes';
import { BrokerConnection } from '../../lib/client/broker-connection';
import { createPartitionsApi, CreatePartitionsRequest } from '../../lib/protocol/apis/create-partitions';
import { ErrorCode } from '../../lib/protocol/error-codes';
import type { ZkSession } from '../../lib/zk/session';

describe('CreatePartitions', function () {
  this.timeout(60000);
  let brokers: TestBroker[];
  let kafka: Kafka;
  let zk: ZkSession;

  before(async () => {
    const connectString = zkChroot('create-partitions');
    brokers = [await startBroker({ label: 'cp-1', connectString, brokerId: 1 })];
    brokers.push(await startBroker({ label: 'cp-2', connectString, brokerId: 2 }));
    await waitUntil(() => brokers.every((b) => b.broker.metadataCache?.liveBrokers().length === 2), {
      message: 'both brokers in every metadata cache',
    });
    zk = await openZkSession(connectString);
    kafka = new Kafka({
      clientId: 'spec',
      brokers: brokers.map((b) => b.bootstrap),
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [
          { topic: 'grow', numPartitions: 2, replicationFactor: 2 },
          { topic: 'fixed', numPartitions: 2, replicationFactor: 1 },
        ],
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
  });

  after(async () => {
    await zk?.close();
    await stopAllBrokers();
  });

  const controller = () => brokers.find((b) => b.broker.isController) as TestBroker;
  const other = () => brokers.find((b) => !b.broker.isController) as TestBroker;

  async function send(
    target: TestBroker,
    body: Partial<CreatePartitionsRequest> & Pick<CreatePartitionsRequest, 'topics'>,
    version = 3,
  ) {
    const connection = await BrokerConnection.open({ host: '127.0.0.1', port: target.port, clientId: 'spec' }, -1);
    try {
      const { response } = await connection.request(
        createPartitionsApi,
        { timeoutMs: 10000, validateOnly: false, ...body },
        { max: version, min: version },
      );
      return response.results;
    } finally {
      connection.close();
    }
  }

  it('kafkajs adds partitions; the controller elects their leaders and writes their state', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 5 }] });
      // The controller's broker answered; the other learns the partitions one UpdateMetadata later.
      const topics = await waitUntil(
        async () => {
          const answer = await admin.fetchTopicMetadata({ topics: ['grow'] });
          return answer.topics[0].partitions.length === 5 ? answer.topics : null;
        },
        { message: 'kafkajs to see 5 partitions of grow' },
      );
      expect(topics[0].partitions.map((p) => p.partitionId).sort()).to.deep.equal([0, 1, 2, 3, 4]);
      for (const p of topics[0].partitions) {
        expect(p.replicas).to.have.members([1, 2]);
        expect(p.leader).to.equal(p.replicas[0]);
      }
    } finally {
      await admin.disconnect();
    }
    const assignment = await getAssignment(zk, 'grow');
    expect([...(assignment?.partitions.keys() ?? [])].sort()).to.deep.equal([0, 1, 2, 3, 4]);
    for (const p of [2, 3, 4]) {
      const stored = await getPartitionState(zk, 'grow', p);
      const replicas = assignment?.partitions.get(p) as number[];
      expect(stored?.state, `state of grow-${p}`).to.deep.include({ leader: replicas[0], leaderEpoch: 0 });
      expect(stored?.state.isr).to.have.members([1, 2]);
    }

    const producer = kafka.producer();
    await producer.connect();
    try {
      const [sent] = await producer.send({
        topic: 'grow',
        acks: -1,
        messages: [{ partition: 4, value: 'to the new partition' }],
      });
      expect(sent).to.include({ partition: 4, errorCode: 0 });
    } finally {
      await producer.disconnect();
    }
  });

  it('answers INVALID_PARTITIONS to a shrink or an unchanged count, through kafkajs too', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const error = await admin.createPartitions({ topicPartitions: [{ topic: 'fixed', count: 1 }] }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(JSON.stringify(error) + String(error)).to.match(/INVALID_PARTITIONS|higher than the requested/);
    } finally {
      await admin.disconnect();
    }
    const [shrink, same] = await send(controller(), {
      topics: [
        { name: 'fixed', count: 1, assignments: null },
        { name: 'grow', count: 5, assignments: null },
      ],
    });
    expect(shrink).to.deep.equal({
      name: 'fixed',
      errorCode: ErrorCode.INVALID_PARTITIONS,
      errorMessage: 'Topic currently has 2 partitions, which is higher than the requested 1.',
    });
    expect(same).to.deep.equal({
      name: 'grow',
      errorCode: ErrorCode.INVALID_PARTITIONS,
      errorMessage: 'Topic already has 5 partitions.',
    });
  });

  it('checks topics and manual assignments; validate_only changes nothing; only the controller serves it', async () => {
    const results = await send(
      controller(),
      {
        topics: [
          { name: 'missing', count: 3, assignments: null },
          { name: 'fixed', count: 4, assignments: [{ brokerIds: [1] }] },
          { name: 'fixed', count: 4, assignments: null },
        ],
      },
      1,
    );
    expect(results.map((r) => r.errorCode)).to.deep.equal([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.INVALID_REQUEST,
      ErrorCode.INVALID_REQUEST,
    ]);

    const bad = await send(
      controller(),
      { topics: [{ name: 'fixed', count: 3, assignments: [{ brokerIds: [9] }] }] },
      0,
    );
    expect(bad[0].errorCode).to.equal(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(bad[0].errorMessage).to.match(/Unknown broker/);
    const wrongCount = await send(controller(), {
      topics: [{ name: 'fixed', count: 4, assignments: [{ brokerIds: [1] }] }],
    });
    expect(wrongCount[0].errorCode).to.equal(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    const duplicated = await send(controller(), {
      topics: [{ name: 'grow', count: 6, assignments: [{ brokerIds: [2, 2] }] }],
    });
    expect(duplicated[0].errorCode).to.equal(ErrorCode.INVALID_REPLICA_ASSIGNMENT);

    const validated = await send(
      controller(),
      { topics: [{ name: 'fixed', count: 3, assignments: [{ brokerIds: [2] }] }], validateOnly: true },
      2,
    );
    expect(validated).to.deep.equal([{ name: 'fixed', errorCode: 0, errorMessage: null }]);
    expect((await getAssignment(zk, 'fixed'))?.partitions.size).to.equal(2);

    const notController = await send(other(), { topics: [{ name: 'fixed', count: 3, assignments: null }] });
    expect(notController[0].errorCode).to.equal(ErrorCode.NOT_CONTROLLER);

    const placed = await send(controller(), {
      topics: [{ name: 'fixed', count: 3, assignments: [{ brokerIds: [2] }] }],
    });
    expect(placed[0].errorCode).to.equal(0);
    expect((await getAssignment(zk, 'fixed'))?.partitions.get(2)).to.deep.equal([2]);
    const state = await waitUntil(() => getPartitionState(zk, 'fixed', 2), { message: 'state of fixed-2' });
    expect(state.state).to.deep.include({ leader: 2, isr: [2] });
  });

  it('a controller elected later watches the topics it loaded and brings their new partitions online', async () => {
    const leaving = controller();
    const survivor = other();
    await leaving.stop();
    await waitUntil(() => survivor.broker.isController, {
      message: `broker ${survivor.broker.brokerId} to take over as controller`,
    });
    const results = await send(survivor, {
      topics: [{ name: 'fixed', count: 4, assignments: [{ brokerIds: [survivor.broker.brokerId] }] }],
    });
    expect(results[0]).to.include({ name: 'fixed', errorCode: 0 });
    const stored = await getPartitionState(zk, 'fixed', 3);
    expect(stored?.state).to.deep.include({ leader: survivor.broker.brokerId, isr: [survivor.broker.brokerId] });
  });
});
