// Builds the controller's requests from its context and hands them to the channel (Kafka's
// ControllerBrokerRequestBatch): LeaderAndIsr to the replicas of changed partitions,
// UpdateMetadata to every live broker, StopReplica to replicas leaving a partition.
import type { Logger } from '../../util/logger';
import type { LiveBroker, PartitionMetadata } from '../metadata/metadata-cache';
import type { ControlChannel, LeaderAndIsrPartitionError } from './control-channel';
import type { ControllerContext } from './controller-context';

/** Kafka's controller sends -2 as the leader epoch of partitions being deleted. */
export const LEADER_EPOCH_DURING_DELETE = -2;

export class ControllerSender {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly channel: ControlChannel,
    private readonly controllerId: number,
    private readonly logger: Logger,
    /** Every LeaderAndIsr answer, so the controller learns which replicas sit on offline log dirs. */
    private readonly onLeaderAndIsrResponse: (brokerId: number, errors: LeaderAndIsrPartitionError[]) => void = () =>
      undefined,
  ) {}

  /** Tells replicas the new state of changed partitions and every live broker the metadata. */
  announce(changed: Array<{ topic: string; partition: number }>): void {
    if (changed.length === 0) return;
    const perBroker = new Map<number, PartitionMetadata[]>();
    for (const { topic, partition } of changed) {
      const meta = this.ctx.metadataFor(topic, partition);
      if (!meta) continue;
      for (const r of meta.replicas) {
        if (this.ctx.liveBrokers.has(r)) perBroker.set(r, [...(perBroker.get(r) ?? []), meta]);
      }
    }
    for (const [brokerId, states] of perBroker) this.leaderAndIsr(brokerId, states);
    this.updateMetadata([...this.ctx.liveBrokers.keys()]);
  }

  /** LeaderAndIsr with the current state of every partition that has a replica on `brokerIds`. */
  leaderAndIsrForBrokers(brokerIds: Set<number>): void {
    const perBroker = new Map<number, PartitionMetadata[]>();
    for (const { topic, partition, replicas } of this.ctx.allPartitions()) {
      const meta = this.ctx.metadataFor(topic, partition);
      if (!meta) continue;
      for (const r of replicas) {
        if (this.ctx.liveBrokers.has(r) && brokerIds.has(r)) perBroker.set(r, [...(perBroker.get(r) ?? []), meta]);
      }
    }
    for (const [brokerId, states] of perBroker) this.leaderAndIsr(brokerId, states);
  }

  leaderAndIsr(brokerId: number, states: PartitionMetadata[]): void {
    if (states.length === 0) return;
    this.send(brokerId, 'LeaderAndIsr', async () => {
      const errors = await this.channel.leaderAndIsr(brokerId, {
        controllerId: this.controllerId,
        controllerEpoch: this.ctx.epoch,
        brokerEpoch: this.brokerEpochOf(brokerId),
        partitionStates: states,
        liveLeaders: this.liveLeadersOf(states),
      });
      if (errors) this.onLeaderAndIsrResponse(brokerId, errors);
    });
  }

  updateMetadata(brokerIds: number[], deletedTopics: string[] = []): void {
    const partitionStates = this.ctx.allMetadata();
    const liveBrokers = this.liveBrokers();
    for (const brokerId of brokerIds) {
      this.send(brokerId, 'UpdateMetadata', () =>
        this.channel.updateMetadata(brokerId, {
          controllerId: this.controllerId,
          controllerEpoch: this.ctx.epoch,
          brokerEpoch: this.brokerEpochOf(brokerId),
          liveBrokers,
          partitionStates,
          deletedTopics,
        }),
      );
    }
  }

  stopReplica(
    brokerId: number,
    partitions: Array<{ topic: string; partition: number; leaderEpoch: number }>,
    deletePartitions: boolean,
  ): void {
    if (partitions.length === 0 || !this.ctx.liveBrokers.has(brokerId)) return;
    this.send(brokerId, 'StopReplica', () =>
      this.channel.stopReplica(brokerId, {
        controllerId: this.controllerId,
        controllerEpoch: this.ctx.epoch,
        brokerEpoch: this.brokerEpochOf(brokerId),
        deletePartitions,
        partitions,
      }),
    );
  }

  liveBrokers(): LiveBroker[] {
    return [...this.ctx.liveBrokers.values()].map(({ brokerId, endpoints, rack }) => ({ brokerId, endpoints, rack }));
  }

  private liveLeadersOf(states: Array<{ leader: number }>): LiveBroker[] {
    const ids = new Set(states.map((s) => s.leader));
    return this.liveBrokers().filter((b) => ids.has(b.brokerId));
  }

  private brokerEpochOf(brokerId: number): number {
    return this.ctx.liveBrokers.get(brokerId)?.brokerEpoch ?? -1;
  }

  /** Hands a request to the channel without waiting for the broker (its queue keeps order). */
  private send(brokerId: number, what: string, call: () => Promise<void>): void {
    call().catch((err: Error) => this.logger.warn(`${what} to broker ${brokerId} failed: ${err.message}`));
  }
}
