// Proves the KafkaController gauges' definitions against hand-built controller contexts: only
// the active controller reports (1 and the cluster's counts; an inactive one reports all 0), a
// partition is offline when its leader is none, dead, or on a failed log dir, imbalanced when its
// leader is not its first replica, and topics being deleted count in neither.
import { expect } from 'chai';
import { ControllerContext, tp } from '../../lib/cluster/controller/controller-context';
import { controllerCounts } from '../../lib/cluster/controller/controller-metrics';

function context(live: number[], partitions: Array<[string, number, number[], number]>): ControllerContext {
  const ctx = new ControllerContext();
  for (const id of live) ctx.liveBrokers.set(id, { brokerId: id, endpoints: [], rack: null, brokerEpoch: 1 });
  for (const [topic, partition, replicas, leader] of partitions) {
    if (!ctx.assignments.has(topic)) ctx.assignments.set(topic, new Map());
    ctx.assignments.get(topic)?.set(partition, replicas);
    ctx.states.set(tp(topic, partition), { leader, leaderEpoch: 0, isr: replicas, controllerEpoch: 1, zkVersion: 0 });
  }
  return ctx;
}

describe('KafkaController gauges', () => {
  it('reports nothing but zeros on a broker that is not the active controller', () => {
    expect(controllerCounts(null)).to.deep.equal({
      activeControllerCount: 0,
      offlinePartitionsCount: 0,
      globalPartitionCount: 0,
      globalTopicCount: 0,
      preferredReplicaImbalanceCount: 0,
    });
  });

  it('counts offline and imbalanced partitions as Kafka defines them', () => {
    const healthy = context(
      [1, 2, 3],
      [
        ['a', 0, [1, 2, 3], 1],
        ['a', 1, [2, 3, 1], 2],
        ['b', 0, [3, 1, 2], 3],
      ],
    );
    expect(controllerCounts(healthy)).to.deep.equal({
      activeControllerCount: 1,
      offlinePartitionsCount: 0,
      globalPartitionCount: 3,
      globalTopicCount: 2,
      preferredReplicaImbalanceCount: 0,
    });

    const degraded = context(
      [1, 2],
      [
        ['a', 0, [1, 2, 3], -1], // no leader
        ['a', 1, [3, 1, 2], 3], // leader's broker is dead
        ['b', 0, [2, 1], 1], // led by a live, non-preferred replica
        ['c', 0, [1, 2], 1], // healthy
      ],
    );
    degraded.replicasOnOfflineDirs.set(1, new Set([tp('c', 0)]));
    const counts = controllerCounts(degraded);
    expect(counts.offlinePartitionsCount, 'no leader, a dead leader, a leader on a failed dir').to.equal(3);
    expect(counts.preferredReplicaImbalanceCount, 'a-0 (none), b-0').to.equal(2);
    expect(counts.globalPartitionCount).to.equal(4);

    degraded.topicsToDelete.add('a');
    const deleting = controllerCounts(degraded);
    expect(deleting.offlinePartitionsCount, 'a topic being deleted is not offline').to.equal(1);
    expect(deleting.globalTopicCount).to.equal(3);
  });
});
