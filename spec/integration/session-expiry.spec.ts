// Proves a broker survives the expiry of its ZooKeeper session: it registers again with a new
// broker epoch, takes part in controller election again, and keeps serving; nothing it
// acknowledged is lost.
import { expect } from 'chai';
import { startBroker, stopAllBrokers } from '../helpers/broker';
import { expireSession, openZkSession } from '../helpers/zookeeper';
import { waitUntil } from '../helpers/wait';
import { kcatConsumeAll, kcatProduce } from '../helpers/kcat';
import { Admin } from '../../lib/client/admin';
import { zkChroot } from '../helpers/zookeeper';
import { getPartitionState } from '../../lib/zk/topic-znodes';

describe('ZooKeeper session expiry', function () {
  this.timeout(90000);
  afterEach(stopAllBrokers);

  it('re-registers the broker and keeps serving without losing acknowledged data', async () => {
    const broker = await startBroker({ label: 'expiry', props: { 'zookeeper.session.timeout.ms': 6000 } });
    const admin = await Admin.connect(broker.bootstrap);
    await admin.createTopics([{ topic: 'kept', numPartitions: 2, replicationFactor: 1 }]);
    admin.close();
    await kcatProduce(broker.bootstrap, 'kept', ['a:1', 'b:2', 'c:3'], ['-X', 'acks=all']);

    const session = broker.broker.zkSession;
    if (!session) throw new Error('no session');
    const oldEpoch = broker.broker.currentBrokerEpoch;
    const oldSessionId = session.sessionId;
    await expireSession(broker.connectString, session.sessionId, session.sessionPassword);

    const observer = await openZkSession(broker.connectString);
    try {
      const registration = await waitUntil(
        async () => {
          const stat = await observer.exists('/brokers/ids/0');
          return stat !== null && stat.ephemeralOwner !== oldSessionId ? stat : null;
        },
        { timeoutMs: 30000, message: 'the broker to register again under a new session' },
      );
      // The znode can be seen before the broker has recorded the epoch its creation returned.
      await waitUntil(() => broker.broker.currentBrokerEpoch === registration.czxid, {
        timeoutMs: 10000,
        message: "the broker to take the new registration's czxid as its epoch",
      });
      expect(registration.czxid).to.be.greaterThan(oldEpoch);
      await waitUntil(() => broker.broker.isController, {
        timeoutMs: 30000,
        message: 'the broker to be elected controller again',
      });
    } finally {
      await observer.close();
    }
    await kcatProduce(broker.bootstrap, 'kept', ['d:4'], ['-X', 'acks=all']);
    const all = await kcatConsumeAll(broker.bootstrap, 'kept');
    expect(all.map((m) => m.payload).sort()).to.deep.equal(['1', '2', '3', '4']);
  });

  it('lets a partition leader of a three-broker cluster lose its session without losing acknowledged writes', async () => {
    const connectString = zkChroot('expiry-cluster');
    const props = {
      'zookeeper.session.timeout.ms': 6000,
      'replica.lag.time.max.ms': 3000,
      'replica.fetch.wait.max.ms': 200,
    };
    const brokers = await Promise.all(
      [1, 2, 3].map((id) => startBroker({ label: `expiry-${id}`, connectString, brokerId: id, props })),
    );
    const bootstrap = brokers.map((b) => b.bootstrap).join(',');
    const admin = await Admin.connect(brokers[0].bootstrap);
    await admin.createTopics([
      { topic: 'kept3', numPartitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } },
    ]);
    admin.close();
    const observer = await openZkSession(connectString);
    try {
      const isrFull = await waitUntil(
        async () => {
          const st = await getPartitionState(observer, 'kept3', 0);
          return st && st.state.isr.length === 3 ? st.state : null;
        },
        { message: 'a full ISR' },
      );
      await kcatProduce(bootstrap, 'kept3', ['a:1', 'b:2'], ['-X', 'acks=all']);
      const leader = brokers.find((b) => b.broker.brokerId === isrFull.leader);
      const session = leader?.broker.zkSession;
      if (!leader || !session) throw new Error('no leader session');
      const oldEpoch = leader.broker.currentBrokerEpoch;
      await expireSession(connectString, session.sessionId, session.sessionPassword);
      await waitUntil(() => leader.broker.currentBrokerEpoch > oldEpoch, {
        timeoutMs: 30000,
        message: 'the leader to register again',
      });
      await kcatProduce(bootstrap, 'kept3', ['c:3'], ['-X', 'acks=all']);
      const all = await kcatConsumeAll(bootstrap, 'kept3');
      expect(all.map((m) => m.payload).sort()).to.deep.equal(['1', '2', '3']);
    } finally {
      await observer.close();
    }
  });
});
