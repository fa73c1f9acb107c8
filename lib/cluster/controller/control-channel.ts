// How the controller tells brokers what to do. Kafka sends LeaderAndIsr, UpdateMetadata and
// StopReplica over TCP (broker-channel.ts); the controller never touches a replica manager or
// metadata cache directly, not even its own broker's.
import type { LeaderAndIsrCommand, StopReplicaCommand, UpdateMetadataCommand } from '../metadata/control-wire';
import type { LiveBroker } from '../metadata/metadata-cache';

export interface ControlChannel {
  leaderAndIsr(brokerId: number, request: LeaderAndIsrCommand): Promise<void>;
  updateMetadata(brokerId: number, request: UpdateMetadataCommand): Promise<void>;
  stopReplica(brokerId: number, request: StopReplicaCommand): Promise<void>;
  /** Tells the channel which brokers are alive and where they listen. */
  brokersChanged?(brokers: LiveBroker[]): void;
}
