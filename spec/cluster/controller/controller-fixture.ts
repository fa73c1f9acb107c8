// A controller without ZooKeeper for specs: a real ControllerContext, ControllerSender and
// ControllerRequests; the control channel records what would go to each broker, and the state
// write succeeds (bumping zkVersion) as the controller's conditional write would, unless the
// fixture is told every write meets a conflict or finds ZooKeeper unreachable.
import { ControllerContext, tp } from '../../../lib/cluster/controller/controller-context';
import { ControllerSender } from '../../../lib/cluster/controller/controller-sender';
import { ControllerRequests, StateWrite } from '../../../lib/cluster/controller/controller-requests';
import type { ControlChannel } from '../../../lib/cluster/controller/control-channel';
import type { LeaderAndIsrCommand, StopReplicaCommand } from '../../../lib/cluster/metadata/control-wire';
import type { LeaderAndIsr } from '../../../lib/cluster/controller/election';
import { silentLogger } from '../../../lib/util/logger';

export interface Sent {
  leaderAndIsr: Array<{ brokerId: number; request: LeaderAndIsrCommand }>;
  stopReplica: Array<{ brokerId: number; request: StopReplicaCommand }>;
  updateMetadata: number[];
}

/** `outcome`: what every state write reports ('unavailable': ZooKeeper unreachable, nothing written). */
export function controllerFixture(live: number[], outcome: StateWrite = 'written') {
  const ctx = new ControllerContext();
  ctx.epoch = 7;
  for (const id of live) ctx.liveBrokers.set(id, { brokerId: id, endpoints: [], rack: null, brokerEpoch: 100 + id });
  const sent: Sent = { leaderAndIsr: [], stopReplica: [], updateMetadata: [] };
  const channel: ControlChannel = {
    leaderAndIsr: async (brokerId, request) => {
      sent.leaderAndIsr.push({ brokerId, request });
    },
    stopReplica: async (brokerId, request) => {
      sent.stopReplica.push({ brokerId, request });
    },
    updateMetadata: async (brokerId) => {
      sent.updateMetadata.push(brokerId);
    },
  };
  const writes: Array<{ topic: string; partition: number; state: LeaderAndIsr }> = [];
  const requests = new ControllerRequests(
    ctx,
    new ControllerSender(ctx, channel, 9, silentLogger()),
    silentLogger(),
    async (topic, partition, state, zkVersion) => {
      if (outcome !== 'written') return outcome;
      writes.push({ topic, partition, state });
      ctx.states.set(tp(topic, partition), { ...state, zkVersion: zkVersion + 1 });
      return outcome;
    },
  );
  const addPartition = (topic: string, partition: number, replicas: number[], leader: number, isr: number[]) => {
    ctx.assignments.set(
      topic,
      new Map([...(ctx.assignments.get(topic) ?? new Map<number, number[]>()), [partition, replicas]]),
    );
    ctx.states.set(tp(topic, partition), { leader, leaderEpoch: 3, isr, controllerEpoch: 5, zkVersion: 4 });
  };
  return { ctx, sent, writes, requests, addPartition };
}
