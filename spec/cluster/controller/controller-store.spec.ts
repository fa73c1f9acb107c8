// Proves the controller's partition-state writes over the real ZooKeeper tell apart the three
// outcomes the controller must treat differently: written (including a retried write that had
// already reached ZooKeeper before its connection was lost, recognised by reading it back, as
// Kafka's update checker does), a real conflict (someone else's version), and ZooKeeper out of
// reach (StoreUnavailableError: nothing written, worth retrying).
import { expect } from 'chai';
import { StoreUnavailableError, ZkControllerStore } from '../../../lib/cluster/controller/controller-store';
import { silentLogger } from '../../../lib/util/logger';
import { ensurePersistentPaths } from '../../../lib/zk/broker-registry';
import { controllerEpochGuard, tryElectController } from '../../../lib/zk/controller-election';
import { ZkError } from '../../../lib/zk/errors';
import { ZkSession } from '../../../lib/zk/session';
import { createPartitionStates, createTopic } from '../../../lib/zk/topic-znodes';
import { nextSessionEvent, openZkSession, sharedZooKeeper, silencingProxy, zkChroot } from '../../helpers/zookeeper';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('ZkControllerStore.updatePartitionState', () => {
  const state = { leader: 1, leaderEpoch: 0, controllerEpoch: 1, isr: [1, 2] };
  let connectString: string;
  let session: ZkSession;
  let epochZkVersion: number;

  beforeEach(async () => {
    connectString = zkChroot('controller-store');
    session = await openZkSession(connectString);
    await ensurePersistentPaths(session);
    const election = await tryElectController(session, 1);
    if (!election.won) throw new Error('a lone broker must win the election');
    epochZkVersion = election.epochZkVersion;
    await createTopic(session, 't', new Map([[0, [1, 2]]]), {});
    await createPartitionStates(session, controllerEpochGuard(epochZkVersion), [{ topic: 't', partition: 0, state }]);
  });

  afterEach(async () => {
    await session.close();
  });

  it('counts a retried write that already reached ZooKeeper as written, and a different state as a conflict', async () => {
    const store = new ZkControllerStore(() => session);
    const shrunk = { ...state, isr: [1] };
    expect(await store.updatePartitionState(epochZkVersion, 't', 0, shrunk, 0)).to.equal(1);
    // The same write again at the old version: its first attempt was applied, so it is done.
    expect(await store.updatePartitionState(epochZkVersion, 't', 0, shrunk, 0)).to.equal(1);
    const other = await rejection(store.updatePartitionState(epochZkVersion, 't', 0, { ...state, isr: [2] }, 0));
    expect(other).to.be.instanceOf(ZkError);
    expect((other as ZkError).code).to.equal('BAD_VERSION');
  });

  it('reports ZooKeeper out of reach as StoreUnavailableError, and writes nothing', async () => {
    const proxy = await silencingProxy(sharedZooKeeper().port);
    const chroot = connectString.slice(connectString.indexOf('/'));
    const cutOff = await ZkSession.connect(`127.0.0.1:${proxy.port}${chroot}`, {
      sessionTimeoutMs: 10_000,
      requestTimeoutMs: 1500,
      logger: silentLogger(),
    });
    try {
      const disconnected = nextSessionEvent(cutOff, 'disconnected', 8000);
      proxy.cut(true);
      await disconnected;
      const store = new ZkControllerStore(() => cutOff);
      const error = await rejection(store.updatePartitionState(epochZkVersion, 't', 0, { ...state, isr: [1] }, 0));
      expect(error).to.be.instanceOf(StoreUnavailableError);
      expect((await session.getData('/brokers/topics/t/partitions/0/state')).stat.version).to.equal(0);
    } finally {
      await cutOff.close();
      await proxy.close();
    }
  });
});
