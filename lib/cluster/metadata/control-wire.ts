// The controller's requests as data (what LeaderAndIsr, UpdateMetadata and StopReplica say)
// and their translation to and from Kafka's wire bodies. Both ends use this file: the
// controller encodes, a broker's handlers decode, so the two can never disagree.
import type {
  LeaderAndIsrRequest as WireLeaderAndIsr,
  LeaderAndIsrPartitionState,
} from '../../protocol/apis/leader-and-isr';
import type {
  UpdateMetadataRequest as WireUpdateMetadata,
  UpdateMetadataPartitionState,
} from '../../protocol/apis/update-metadata';
import type { StopReplicaRequest as WireStopReplica } from '../../protocol/apis/stop-replica';
import { ZERO_UUID } from '../../protocol/schema-types';
import type { LiveBroker, MetadataUpdate, PartitionMetadata } from './metadata-cache';

/** Versions this broker sends (it serves the whole range Kafka 2.8 defines). */
export const LEADER_AND_ISR_VERSION = 4;
export const UPDATE_METADATA_VERSION = 6;
export const STOP_REPLICA_VERSION = 3;

export interface LeaderAndIsrCommand {
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  partitionStates: PartitionMetadata[];
  liveLeaders: LiveBroker[];
}

export interface StopReplicaCommand {
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  deletePartitions: boolean;
  partitions: Array<{ topic: string; partition: number; leaderEpoch: number }>;
}

export interface UpdateMetadataCommand extends MetadataUpdate {
  brokerEpoch: number;
}

const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

function groupByTopic<T extends { topic: string }, W>(
  items: T[],
  map: (item: T) => W,
): Array<{ topicName: string; items: W[] }> {
  const byTopic = new Map<string, W[]>();
  for (const item of items) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), map(item)]);
  return [...byTopic.entries()].map(([topicName, list]) => ({ topicName, items: list }));
}

export function leaderAndIsrToWire(c: LeaderAndIsrCommand): WireLeaderAndIsr {
  const topics = groupByTopic(c.partitionStates, (p): LeaderAndIsrPartitionState => ({
    topicName: p.topic,
    partitionIndex: p.partition,
    controllerEpoch: p.controllerEpoch,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: p.isr,
    zkVersion: p.zkVersion,
    replicas: p.replicas,
    addingReplicas: [],
    removingReplicas: [],
    isNew: false,
  }));
  return {
    controllerId: c.controllerId,
    controllerEpoch: c.controllerEpoch,
    brokerEpoch: c.brokerEpoch,
    type: 0,
    ungroupedPartitionStates: [],
    topicStates: topics.map((t) => ({ topicName: t.topicName, topicId: ZERO_UUID, partitionStates: t.items })),
    liveLeaders: c.liveLeaders.map((b) => ({
      brokerId: b.brokerId,
      hostName: b.endpoints[0]?.host ?? '',
      port: b.endpoints[0]?.port ?? -1,
    })),
  };
}

export function leaderAndIsrFromWire(w: WireLeaderAndIsr, version: number): LeaderAndIsrCommand {
  const states =
    version >= 2
      ? w.topicStates.flatMap((t) => t.partitionStates.map((p) => ({ ...p, topicName: t.topicName })))
      : w.ungroupedPartitionStates;
  return {
    controllerId: w.controllerId,
    controllerEpoch: w.controllerEpoch,
    brokerEpoch: w.brokerEpoch,
    partitionStates: states.map((p) => ({
      topic: p.topicName,
      partition: p.partitionIndex,
      controllerEpoch: p.controllerEpoch,
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      isr: p.isr,
      zkVersion: p.zkVersion,
      replicas: p.replicas,
      offlineReplicas: [],
    })),
    liveLeaders: w.liveLeaders.map((l) => ({
      brokerId: l.brokerId,
      rack: null,
      endpoints: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: l.hostName, port: l.port }],
    })),
  };
}

export function updateMetadataToWire(c: UpdateMetadataCommand): WireUpdateMetadata {
  const topics = groupByTopic(c.partitionStates, (p): UpdateMetadataPartitionState => ({
    topicName: p.topic,
    partitionIndex: p.partition,
    controllerEpoch: p.controllerEpoch,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: p.isr,
    zkVersion: p.zkVersion,
    replicas: p.replicas,
    offlineReplicas: p.offlineReplicas,
  }));
  // A deleted topic travels as partitions whose leader is -2 (Kafka's LeaderDuringDelete).
  const deleted = (c.deletedTopics ?? []).map((topicName) => ({
    topicName,
    topicId: ZERO_UUID,
    partitionStates: [
      {
        topicName,
        partitionIndex: 0,
        controllerEpoch: c.controllerEpoch,
        leader: LEADER_DURING_DELETE,
        leaderEpoch: 0,
        isr: [],
        zkVersion: 0,
        replicas: [],
        offlineReplicas: [],
      },
    ],
  }));
  return {
    controllerId: c.controllerId,
    controllerEpoch: c.controllerEpoch,
    brokerEpoch: c.brokerEpoch,
    ungroupedPartitionStates: [],
    topicStates: [
      ...topics.map((t) => ({ topicName: t.topicName, topicId: ZERO_UUID, partitionStates: t.items })),
      ...deleted,
    ],
    liveBrokers: c.liveBrokers.map((b) => ({
      id: b.brokerId,
      v0Host: b.endpoints[0]?.host ?? '',
      v0Port: b.endpoints[0]?.port ?? -1,
      rack: b.rack,
      endpoints: b.endpoints.map((e) => ({
        host: e.host,
        port: e.port,
        listener: e.listenerName,
        securityProtocol: Math.max(0, SECURITY_PROTOCOLS.indexOf(e.securityProtocol)),
      })),
    })),
  };
}

export const LEADER_DURING_DELETE = -2;

export function updateMetadataFromWire(w: WireUpdateMetadata, version: number): UpdateMetadataCommand {
  const states =
    version >= 5
      ? w.topicStates.flatMap((t) => t.partitionStates.map((p) => ({ ...p, topicName: t.topicName })))
      : w.ungroupedPartitionStates;
  const deletedTopics = [...new Set(states.filter((p) => p.leader === LEADER_DURING_DELETE).map((p) => p.topicName))];
  return {
    controllerId: w.controllerId,
    controllerEpoch: w.controllerEpoch,
    brokerEpoch: w.brokerEpoch,
    deletedTopics,
    partitionStates: states
      .filter((p) => p.leader !== LEADER_DURING_DELETE)
      .map((p) => ({
        topic: p.topicName,
        partition: p.partitionIndex,
        controllerEpoch: p.controllerEpoch,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        isr: p.isr,
        zkVersion: p.zkVersion,
        replicas: p.replicas,
        offlineReplicas: p.offlineReplicas,
      })),
    liveBrokers: w.liveBrokers.map((b) => ({
      brokerId: b.id,
      rack: b.rack,
      endpoints:
        version === 0
          ? [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: b.v0Host, port: b.v0Port }]
          : b.endpoints.map((e) => {
              const securityProtocol = SECURITY_PROTOCOLS[e.securityProtocol] ?? 'PLAINTEXT';
              return { listenerName: e.listener || securityProtocol, securityProtocol, host: e.host, port: e.port };
            }),
    })),
  };
}

export function stopReplicaToWire(c: StopReplicaCommand): WireStopReplica {
  const topics = groupByTopic(c.partitions, (p) => ({
    partitionIndex: p.partition,
    leaderEpoch: p.leaderEpoch,
    deletePartition: c.deletePartitions,
  }));
  return {
    controllerId: c.controllerId,
    controllerEpoch: c.controllerEpoch,
    brokerEpoch: c.brokerEpoch,
    deletePartitions: c.deletePartitions,
    ungroupedPartitions: [],
    topics: [],
    topicStates: topics.map((t) => ({ topicName: t.topicName, partitionStates: t.items })),
  };
}

export function stopReplicaFromWire(w: WireStopReplica, version: number): StopReplicaCommand {
  const base = { controllerId: w.controllerId, controllerEpoch: w.controllerEpoch, brokerEpoch: w.brokerEpoch };
  if (version >= 3) {
    const partitions = w.topicStates.flatMap((t) =>
      t.partitionStates.map((p) => ({
        topic: t.topicName,
        partition: p.partitionIndex,
        leaderEpoch: p.leaderEpoch,
        deletePartition: p.deletePartition,
      })),
    );
    return { ...base, deletePartitions: partitions.some((p) => p.deletePartition), partitions };
  }
  const partitions =
    version === 0
      ? w.ungroupedPartitions.map((p) => ({ topic: p.topicName, partition: p.partitionIndex, leaderEpoch: -1 }))
      : w.topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition, leaderEpoch: -1 })));
  return { ...base, deletePartitions: w.deletePartitions, partitions };
}
