// What the active controller knows, loaded from ZooKeeper at failover and kept current by
// events: live brokers (with broker epochs), replica assignments, partition leadership.
import type { LiveBroker, PartitionMetadata } from '../metadata/metadata-cache';
import type { LeaderAndIsr } from './election';

export interface LivePartitionState extends LeaderAndIsr {
  zkVersion: number;
}

export interface LiveBrokerInfo extends LiveBroker {
  brokerEpoch: number;
}

export function tp(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export class ControllerContext {
  epoch = 0;
  epochZkVersion = 0;
  readonly liveBrokers = new Map<number, LiveBrokerInfo>();
  readonly assignments = new Map<string, Map<number, number[]>>();
  readonly states = new Map<string, LivePartitionState>();
  readonly topicsToDelete = new Set<string>();
  /** Per broker, the partitions (tp keys) whose replica there sits on a failed log dir. */
  readonly replicasOnOfflineDirs = new Map<number, Set<string>>();

  reset(): void {
    this.replicasOnOfflineDirs.clear();
    this.liveBrokers.clear();
    this.assignments.clear();
    this.states.clear();
    this.topicsToDelete.clear();
  }

  liveIds(): Set<number> {
    return new Set(this.liveBrokers.keys());
  }

  /** Kafka's isReplicaOnline: the broker is alive and the partition's log dir there has not failed. */
  isReplicaOnline(brokerId: number, topic: string, partition: number): boolean {
    return (
      this.liveBrokers.has(brokerId) && !(this.replicasOnOfflineDirs.get(brokerId)?.has(tp(topic, partition)) ?? false)
    );
  }

  /** The brokers whose replica of the partition can lead or stay in its ISR. */
  onlineReplicaIds(topic: string, partition: number): Set<number> {
    return new Set([...this.liveBrokers.keys()].filter((id) => this.isReplicaOnline(id, topic, partition)));
  }

  partitionsOf(topic: string): Array<{ partition: number; replicas: number[] }> {
    const assignment = this.assignments.get(topic);
    if (!assignment) return [];
    return [...assignment.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([partition, replicas]) => ({ partition, replicas }));
  }

  allPartitions(): Array<{ topic: string; partition: number; replicas: number[] }> {
    const out = [];
    for (const topic of [...this.assignments.keys()].sort()) {
      for (const p of this.partitionsOf(topic)) out.push({ topic, ...p });
    }
    return out;
  }

  removeTopic(topic: string): void {
    for (const { partition } of this.partitionsOf(topic)) this.states.delete(tp(topic, partition));
    this.assignments.delete(topic);
    this.topicsToDelete.delete(topic);
  }

  /** The partition as brokers learn it in LeaderAndIsr/UpdateMetadata. */
  metadataFor(topic: string, partition: number): PartitionMetadata | null {
    const state = this.states.get(tp(topic, partition));
    const replicas = this.assignments.get(topic)?.get(partition);
    if (!state || !replicas) return null;
    const live = this.liveIds();
    return {
      topic,
      partition,
      controllerEpoch: state.controllerEpoch,
      leader: state.leader,
      leaderEpoch: state.leaderEpoch,
      isr: state.isr,
      zkVersion: state.zkVersion,
      replicas,
      offlineReplicas: replicas.filter((r) => !live.has(r) || !this.isReplicaOnline(r, topic, partition)),
    };
  }

  allMetadata(): PartitionMetadata[] {
    const out: PartitionMetadata[] = [];
    for (const { topic, partition } of this.allPartitions()) {
      const m = this.metadataFor(topic, partition);
      if (m) out.push(m);
    }
    return out;
  }
}
