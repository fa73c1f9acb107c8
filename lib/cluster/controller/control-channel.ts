// How the controller tells brokers what to do. Kafka sends LeaderAndIsr, UpdateMetadata and
// StopReplica over TCP (broker-channel.ts); the controller never touches a replica manager or
// metadata cache directly, not even its own broker's.
import type { LeaderAndIsrCommand, StopReplicaCommand, UpdateMetadataCommand } from '../metadata/control-wire';
import type { LiveBroker } from '../metadata/metadata-cache';

/** A partition the broker answered LeaderAndIsr for, with its error (KAFKA_STORAGE_ERROR: the replica's log dir is offline). */
export interface LeaderAndIsrPartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface ControlChannel {
  /** Resolves with the broker's per-partition answers (nothing when the channel cannot tell). */
  leaderAndIsr(brokerId: number, request: LeaderAndIsrCommand): Promise<LeaderAndIsrPartitionError[] | void>;
  updateMetadata(brokerId: number, request: UpdateMetadataCommand): Promise<void>;
  stopReplica(brokerId: number, request: StopReplicaCommand): Promise<void>;
  /** Tells the channel which brokers are alive and where they listen. */
  brokersChanged?(brokers: LiveBroker[]): void;
}
