// Applies the controller's requests to this broker (whether they came over TCP or from the
// controller running in this process), with Kafka's fencing: a request from an older
// controller epoch is refused with STALE_CONTROLLER_EPOCH, one addressed to an earlier
// incarnation of this broker with STALE_BROKER_EPOCH.
import type { LeaderAndIsrCommand, StopReplicaCommand, UpdateMetadataCommand } from '../cluster/metadata/control-wire';
import type { ControlChannel } from '../cluster/controller/control-channel';
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../cluster/replication/replica-manager';
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';

export class ControlRequests {
  private highestControllerEpoch = 0;
  /** Leaders' endpoints as LeaderAndIsr named them: a follower may hear of a leader first here. */
  private readonly leaderEndpoints = new Map<number, { host: string; port: number }>();
  /** The newest broker epoch a LeaderAndIsr has been applied for (-1: none yet). */
  private toldEpoch = -1;
  private readonly toldWaiters: Array<{ brokerEpoch: number; resolve: () => void }> = [];

  constructor(
    private readonly currentBrokerEpoch: () => number,
    private readonly replicaManager: ReplicaManager,
    private readonly metadataCache: MetadataCache,
  ) {}

  async leaderAndIsr(
    request: LeaderAndIsrCommand,
  ): Promise<Array<{ topic: string; partition: number; errorCode: number }>> {
    this.fence(request.controllerEpoch, request.brokerEpoch);
    for (const leader of request.liveLeaders) {
      const endpoint = leader.endpoints[0];
      if (endpoint) this.leaderEndpoints.set(leader.brokerId, { host: endpoint.host, port: endpoint.port });
    }
    const results = await this.replicaManager.becomeLeaderOrFollower(request.partitionStates);
    if (request.brokerEpoch >= 0 && request.brokerEpoch === this.currentBrokerEpoch()) this.told(request.brokerEpoch);
    return results;
  }

  /**
   * Resolves once a LeaderAndIsr addressed to this broker's incarnation `brokerEpoch` has been
   * applied: only then does a broker that re-registered know what it leads. A waiter for an
   * older epoch is dropped when a newer one arrives (that incarnation is gone).
   */
  whenToldState(brokerEpoch: number): Promise<void> {
    if (this.toldEpoch >= brokerEpoch) return Promise.resolve();
    for (let i = this.toldWaiters.length - 1; i >= 0; i--) {
      if (this.toldWaiters[i].brokerEpoch < brokerEpoch) this.toldWaiters.splice(i, 1);
    }
    return new Promise((resolve) => this.toldWaiters.push({ brokerEpoch, resolve }));
  }

  private told(brokerEpoch: number): void {
    this.toldEpoch = Math.max(this.toldEpoch, brokerEpoch);
    for (let i = this.toldWaiters.length - 1; i >= 0; i--) {
      if (this.toldWaiters[i].brokerEpoch <= brokerEpoch) this.toldWaiters.splice(i, 1)[0].resolve();
    }
  }

  updateMetadata(request: UpdateMetadataCommand): void {
    this.fence(request.controllerEpoch, request.brokerEpoch);
    this.metadataCache.apply(request);
  }

  stopReplica(request: StopReplicaCommand): void {
    this.fence(request.controllerEpoch, request.brokerEpoch);
    this.replicaManager.stopReplicas(request.partitions, request.deletePartitions);
  }

  /** Where broker `brokerId` listens on `listenerName`: the metadata cache first, then LeaderAndIsr. */
  endpointOf(brokerId: number, listenerName: string): { host: string; port: number } | undefined {
    return this.metadataCache.endpointFor(brokerId, listenerName) ?? this.leaderEndpoints.get(brokerId);
  }

  private fence(controllerEpoch: number, brokerEpoch: number): void {
    if (controllerEpoch < this.highestControllerEpoch) {
      throw new KafkaError(
        ErrorCode.STALE_CONTROLLER_EPOCH,
        `controller epoch ${controllerEpoch} is older than ${this.highestControllerEpoch}`,
      );
    }
    if (brokerEpoch >= 0 && brokerEpoch < this.currentBrokerEpoch()) {
      throw new KafkaError(ErrorCode.STALE_BROKER_EPOCH, `broker epoch ${brokerEpoch} is stale`);
    }
    this.highestControllerEpoch = controllerEpoch;
  }
}

/** The controller's channel to the broker it runs in: no socket, same fencing. */
export function localControlChannel(requests: ControlRequests): ControlChannel {
  return {
    leaderAndIsr: (_brokerId, request) => requests.leaderAndIsr(request),
    updateMetadata: async (_brokerId, request) => requests.updateMetadata(request),
    stopReplica: async (_brokerId, request) => requests.stopReplica(request),
  };
}
