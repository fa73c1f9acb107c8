// Proves the topic store against the real server: creation writes config then a version 2
// assignment and refuses an existing topic, config updates notify through /config/changes,
// partition state is created and updated only under the controller's epoch guard with the
// expected version, and deletion removes every topic znode.
import { expect } from 'chai';
import { ensurePersistentPaths } from '../../lib/zk/broker-registry';
import { controllerEpochGuard, ControllerEpochGuard, tryElectController } from '../../lib/zk/controller-election';
import { ControllerMovedError, TopicExistsError, ZkError } from '../../lib/zk/errors';
import { ZkSession } from '../../lib/zk/session';
import {
  createPartitionStates,
  createTopic,
  deleteTopicZnodes,
  getAssignment,
  getPartitionState,
  getTopicConfig,
  getTopicNames,
  getTopicsPendingDeletion,
  markTopicForDeletion,
  setTopicConfig,
  topicExists,
  updateAssignment,
  updatePartitionState,
} from '../../lib/zk/topic-znodes';
import { openZkSession, watchProbe, zkChroot } from '../helpers/zookeeper';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('zk/topic-znodes', () => {
  let session: ZkSession;
  let guard: ControllerEpochGuard;
  const state = { leader: 1, leaderEpoch: 0, controllerEpoch: 1, isr: [1, 2] };

  beforeEach(async () => {
    session = await openZkSession(zkChroot('topics'));
    await ensurePersistentPaths(session);
    const election = await tryElectController(session, 1);
    if (!election.won) throw new Error('a lone broker must win the election');
    guard = controllerEpochGuard(election.epochZkVersion);
  });

  afterEach(async () => {
    await session.close();
  });

  it('creates config then a version 2 assignment, and refuses an existing topic', async () => {
    const watch = watchProbe();
    expect(await getTopicNames(session, watch.watcher)).to.deep.equal([]);
    await createTopic(session, 'orders', { '0': [1, 2], '1': [2, 1] }, { 'retention.ms': '1000' });
    expect((await watch.next('/brokers/topics')).type).to.equal('childrenChanged');
    expect(await getTopicNames(session)).to.deep.equal(['orders']);
    expect(await topicExists(session, 'orders')).to.equal(true);
    expect((await session.getData('/brokers/topics/orders')).data?.toString()).to.equal(
      '{"version":2,"partitions":{"0":[1,2],"1":[2,1]},"adding_replicas":{},"removing_replicas":{}}',
    );
    const config = (await session.getData('/config/topics/orders')).data?.toString();
    expect(config).to.equal('{"version":1,"config":{"retention.ms":"1000"}}');
    const assignment = await getAssignment(session, 'orders');
    expect([...(assignment?.partitions ?? [])]).to.deep.equal([
      [0, [1, 2]],
      [1, [2, 1]],
    ]);
    expect(await rejection(createTopic(session, 'orders', new Map([[0, [1]]]), {}))).to.be.instanceOf(TopicExistsError);
    expect(await getTopicConfig(session, 'orders')).to.deep.equal({ 'retention.ms': '1000' });
    expect(await getAssignment(session, 'nope')).to.equal(null);
  });

  it('adds partitions with a conditional assignment update', async () => {
    await createTopic(session, 'grow', new Map([[0, [1]]]), {});
    const before = await getAssignment(session, 'grow');
    const version = await updateAssignment(
      session,
      'grow',
      new Map([
        [0, [1]],
        [1, [1]],
      ]),
      before?.zkVersion ?? -2,
    );
    expect(version).to.equal(1);
    expect((await getAssignment(session, 'grow'))?.partitions.size).to.equal(2);
    const stale = await rejection(updateAssignment(session, 'grow', new Map([[0, [1]]]), 0));
    expect((stale as ZkError).code).to.equal('BAD_VERSION');
  });

  it('replaces topic config and writes a version 2 change notification', async () => {
    await createTopic(session, 'cfg', new Map([[0, [1]]]), {});
    expect(await getTopicConfig(session, 'cfg')).to.deep.equal({});
    await setTopicConfig(session, 'cfg', { 'cleanup.policy': 'compact' });
    expect(await getTopicConfig(session, 'cfg')).to.deep.equal({ 'cleanup.policy': 'compact' });
    const changes = await session.getChildren('/config/changes');
    expect(changes).to.have.length(1);
    expect(changes[0]).to.match(/^config_change_\d{10}$/);
    const notification = (await session.getData(`/config/changes/${changes[0]}`)).data?.toString();
    expect(notification).to.equal('{"version":2,"entity_path":"topics/cfg"}');
  });

  it('creates partition state under the guard and updates it only at the expected version', async () => {
    await createTopic(
      session,
      'p',
      new Map([
        [0, [1, 2]],
        [1, [2, 1]],
      ]),
      {},
    );
    const created = await createPartitionStates(session, guard, [
      { topic: 'p', partition: 0, state },
      { topic: 'p', partition: 1, state: { ...state, leader: 2, isr: [2, 1] } },
    ]);
    expect(created).to.deep.equal([
      { topic: 'p', partition: 0, zkVersion: 0 },
      { topic: 'p', partition: 1, zkVersion: 0 },
    ]);
    expect(await getPartitionState(session, 'p', 1)).to.deep.equal({
      state: { ...state, leader: 2, isr: [2, 1] },
      version: 0,
    });
    const again = await createPartitionStates(session, guard, [{ topic: 'p', partition: 0, state }]);
    expect((again[0] as { error: ZkError }).error.code).to.equal('NODE_EXISTS');

    const shrunk = { ...state, leaderEpoch: 1, isr: [1] };
    expect(await updatePartitionState(session, guard, 'p', 0, shrunk, 0)).to.equal(1);
    expect(await getPartitionState(session, 'p', 0)).to.deep.equal({ state: shrunk, version: 1 });
    const stale = await rejection(updatePartitionState(session, guard, 'p', 0, state, 0));
    expect(stale).to.be.instanceOf(ZkError).and.not.instanceOf(ControllerMovedError);
    expect((stale as ZkError).code).to.equal('BAD_VERSION');
    expect((stale as ZkError).opIndex).to.equal(0);
    expect(await getPartitionState(session, 'p', 5)).to.equal(null);
  });

  it('refuses partition state writes from a controller that moved', async () => {
    await createTopic(session, 'm', new Map([[0, [1]]]), {});
    await createPartitionStates(session, guard, [{ topic: 'm', partition: 0, state }]);
    const moved = controllerEpochGuard(guard.version + 1);
    expect(await rejection(updatePartitionState(session, moved, 'm', 0, state, 0))).to.be.instanceOf(
      ControllerMovedError,
    );
    expect(
      await rejection(createPartitionStates(session, moved, [{ topic: 'm', partition: 1, state }])),
    ).to.be.instanceOf(ControllerMovedError);
  });

  it('marks a topic for deletion and removes all of its znodes', async () => {
    await createTopic(session, 'gone', new Map([[0, [1]]]), { 'retention.ms': '1' });
    await createPartitionStates(session, guard, [{ topic: 'gone', partition: 0, state }]);
    expect(await markTopicForDeletion(session, 'gone')).to.equal(true);
    expect(await markTopicForDeletion(session, 'gone')).to.equal(false);
    expect(await getTopicsPendingDeletion(session)).to.deep.equal(['gone']);
    await deleteTopicZnodes(session, guard, 'gone');
    expect(await topicExists(session, 'gone')).to.equal(false);
    expect(await session.exists('/config/topics/gone')).to.equal(null);
    expect(await getTopicsPendingDeletion(session)).to.deep.equal([]);
    await deleteTopicZnodes(session, guard, 'gone');
  });
});
