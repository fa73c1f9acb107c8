// Delivers the controller's LeaderAndIsr / UpdateMetadata / StopReplica to this broker's own
// replica manager and metadata cache, with the same fencing a remote broker applies: requests
// from an older controller epoch, or for an older incarnation of this broker, are refused.
import type { ControlChannel, LeaderAndIsrRequest, StopReplicaRequest, UpdateMetadataRequest } from '../cluster/controller/control-channel';
import type { MetadataCache } from '../cluster/metadata/metadata-cache';
import type { ReplicaManager } from '../cluster/replication/replica-manager';
import { KafkaError } from '../protocol/kafka-error';
import { ErrorCode } from '../protocol/error-codes';

export class ControlRequestFence {
  private highestControllerEpoch = 0;

  constructor(private readonly currentBrokerEpoch: () => number) {}

  check(controllerEpoch: number, brokerEpoch: number): void {
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

export class LocalControlChannel implements ControlChannel {
  constructor(
    private readonly localBrokerId: number,
    private readonly fence: ControlRequestFence,
    private readonly replicaManager: ReplicaManager,
    private readonly metadataCache: MetadataCache,
  ) {}

  async leaderAndIsr(brokerId: number, request: LeaderAndIsrRequest): Promise<void> {
    this.requireLocal(brokerId);
    this.fence.check(request.controllerEpoch, request.brokerEpoch);
    await this.replicaManager.becomeLeaderOrFollower(request.partitionStates);
  }

  async updateMetadata(brokerId: number, request: UpdateMetadataRequest): Promise<void> {
    this.requireLocal(brokerId);
    this.fence.check(request.controllerEpoch, request.brokerEpoch);
    this.metadataCache.apply(request);
  }

  async stopReplica(brokerId: number, request: StopReplicaRequest): Promise<void> {
    this.requireLocal(brokerId);
    this.fence.check(request.controllerEpoch, request.brokerEpoch);
    this.replicaManager.stopReplicas(request.partitions, request.deletePartitions);
  }

  private requireLocal(brokerId: number): void {
    // Control requests to other brokers travel over TCP; that channel comes with replication.
    if (brokerId !== this.localBrokerId) throw new Error(`broker ${brokerId} is not reachable from this channel`);
  }
}
