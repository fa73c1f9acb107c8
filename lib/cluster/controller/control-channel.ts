// How the controller tells brokers what to do. Kafka sends LeaderAndIsr, UpdateMetadata and
// StopReplica over TCP; the broker that hosts the controller reaches itself through the same
// interface, so the controller never touches the replica manager or metadata cache directly.
import type { MetadataUpdate, PartitionMetadata } from '../metadata/metadata-cache';

export interface LeaderAndIsrRequest {
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  partitionStates: PartitionMetadata[];
}

export interface StopReplicaRequest {
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  deletePartitions: boolean;
  partitions: Array<{ topic: string; partition: number }>;
}

export interface UpdateMetadataRequest extends MetadataUpdate {
  brokerEpoch: number;
}

export interface ControlChannel {
  leaderAndIsr(brokerId: number, request: LeaderAndIsrRequest): Promise<void>;
  updateMetadata(brokerId: number, request: UpdateMetadataRequest): Promise<void>;
  stopReplica(brokerId: number, request: StopReplicaRequest): Promise<void>;
}
