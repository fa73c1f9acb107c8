// Proves the controller's view of replicas on failed log dirs: a replica is online only while
// its broker is alive and its partition is not on that broker's offline dirs; such replicas
// cannot lead or stay in the ISR (onlineReplicaIds) and are listed in offline_replicas of the
// metadata brokers serve, alongside replicas on dead brokers — only for the partitions concerned.
import { expect } from 'chai';
import { ControllerContext, tp } from '../../../lib/cluster/controller/controller-context';

function context(): ControllerContext {
  const ctx = new ControllerContext();
  for (const id of [1, 2, 3])
    ctx.liveBrokers.set(id, { brokerId: id, endpoints: [], rack: null, brokerEpoch: 10 + id });
  ctx.assignments.set(
    'orders',
    new Map([
      [0, [1, 2, 3]],
      [1, [2, 3, 1]],
      [2, [3, 1, 4]],
    ]),
  );
  for (const p of [0, 1, 2])
    ctx.states.set(tp('orders', p), { leader: 1, leaderEpoch: 0, isr: [1, 2, 3], controllerEpoch: 1, zkVersion: 0 });
  ctx.replicasOnOfflineDirs.set(2, new Set([tp('orders', 0)]));
  return ctx;
}

describe('cluster/controller/controller-context: replicas on offline log dirs', () => {
  const cases: Array<{ broker: number; partition: number; online: boolean }> = [
    { broker: 2, partition: 0, online: false },
    { broker: 2, partition: 1, online: true },
    { broker: 1, partition: 0, online: true },
    { broker: 4, partition: 2, online: false },
  ];
  for (const c of cases) {
    it(`broker ${c.broker}'s replica of orders-${c.partition} is ${c.online ? 'online' : 'offline'}`, () => {
      expect(context().isReplicaOnline(c.broker, 'orders', c.partition)).to.equal(c.online);
    });
  }

  it('leaves an offline-dir replica out of the brokers that may lead or stay in the ISR', () => {
    const ctx = context();
    expect([...ctx.onlineReplicaIds('orders', 0)].sort()).to.deep.equal([1, 3]);
    expect([...ctx.onlineReplicaIds('orders', 1)].sort()).to.deep.equal([1, 2, 3]);
  });

  it('lists offline-dir and dead-broker replicas as offline replicas in the metadata', () => {
    const ctx = context();
    expect(ctx.metadataFor('orders', 0)?.offlineReplicas).to.deep.equal([2]);
    expect(ctx.metadataFor('orders', 1)?.offlineReplicas).to.deep.equal([]);
    expect(ctx.metadataFor('orders', 2)?.offlineReplicas).to.deep.equal([4]);
  });

  it('forgets offline replicas when the controller resigns', () => {
    const ctx = context();
    ctx.reset();
    expect(ctx.replicasOnOfflineDirs.size).to.equal(0);
  });
});
