// The controller's requests arriving at this broker over TCP: LeaderAndIsr, UpdateMetadata,
// StopReplica. Each is translated by control-wire and applied by ControlRequests, which
// fences stale controller and broker epochs (a KafkaError the dispatcher answers with).
import type { LeaderAndIsrRequest, LeaderAndIsrResponse } from '../../protocol/apis/leader-and-isr';
import type { UpdateMetadataRequest, UpdateMetadataResponse } from '../../protocol/apis/update-metadata';
import type { StopReplicaRequest, StopReplicaResponse } from '../../protocol/apis/stop-replica';
import { leaderAndIsrFromWire, stopReplicaFromWire, updateMetadataFromWire } from '../../cluster/metadata/control-wire';
import { ErrorCode } from '../../protocol/error-codes';
import { ZERO_UUID } from '../../protocol/schema-types';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleLeaderAndIsr(services: BrokerServices) {
  return async (ctx: RequestContext, request: LeaderAndIsrRequest): Promise<LeaderAndIsrResponse> => {
    const command = leaderAndIsrFromWire(request, ctx.header.apiVersion);
    const results = await services.controlRequests.leaderAndIsr(command);
    const partitionErrors = results.map((r) => ({
      topicName: r.topic,
      partitionIndex: r.partition,
      errorCode: r.errorCode,
    }));
    return { errorCode: ErrorCode.NONE, partitionErrors, topics: [{ topicId: ZERO_UUID, partitionErrors }] };
  };
}

export function handleUpdateMetadata(services: BrokerServices) {
  return (ctx: RequestContext, request: UpdateMetadataRequest): UpdateMetadataResponse => {
    services.controlRequests.updateMetadata(updateMetadataFromWire(request, ctx.header.apiVersion));
    return { errorCode: ErrorCode.NONE };
  };
}

export function handleStopReplica(services: BrokerServices) {
  return (ctx: RequestContext, request: StopReplicaRequest): StopReplicaResponse => {
    const command = stopReplicaFromWire(request, ctx.header.apiVersion);
    services.controlRequests.stopReplica(command);
    return {
      errorCode: ErrorCode.NONE,
      partitionErrors: command.partitions.map((p) => ({
        topicName: p.topic,
        partitionIndex: p.partition,
        errorCode: ErrorCode.NONE,
      })),
    };
  };
}
