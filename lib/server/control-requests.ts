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

  constructor(
    private readonly currentBrokerEpoch: () => number,
    private readonly replicaManager: ReplicaManager,
    private readonly metadataCache: MetadataCache,
  ) {}

  async leaderAndIsr(request: LeaderAndIsrCommand): Promise<Array<{ topic: string; partition: number; errorCode: number }>> {
    this.fence(request.controllerEpoch, request.brokerEpoch);
    for (const leader of request.liveLeaders) {
      const endpoint = leader.endpoints[0];
      if (endpoint) this.leaderEndpoints.set(leader.brokerId, { host: endpoint.host, port: endpoint.port });
    }
    return this.replicaManager.becomeLeaderOrFollower(request.partitionStates);
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
      throw new KafkaError(ErrorCode.STALE_CONTROLLER_EPOCH,
        `controller epoch ${controllerEpoch} is older than ${this.highestControllerEpoch}`);
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
