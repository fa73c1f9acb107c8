// Requests brokers send to the controller: AlterIsr (a leader's ISR change) and
// ControlledShutdown (move my leaderships away before I stop). A broker that is not the
// controller answers NOT_CONTROLLER (the controller's NotControllerError, through the
// dispatcher) so the sender looks the controller up again.
import type { AlterIsrRequest, AlterIsrResponse } from '../../protocol/apis/alter-isr';
import type { ControlledShutdownRequest, ControlledShutdownResponse } from '../../protocol/apis/controlled-shutdown';
import { ErrorCode } from '../../protocol/error-codes';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleAlterIsr(services: BrokerServices) {
  return async (_ctx: RequestContext, request: AlterIsrRequest): Promise<AlterIsrResponse> => {
    const partitions = request.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        leaderEpoch: p.leaderEpoch,
        newIsr: p.newIsr,
        currentIsrVersion: p.currentIsrVersion,
      })),
    );
    const result = await services.controller().alterIsr(request.brokerId, request.brokerEpoch, partitions);
    const byTopic = new Map<string, AlterIsrResponse['topics'][number]['partitions']>();
    for (const r of result.partitions) {
      byTopic.set(r.topic, [
        ...(byTopic.get(r.topic) ?? []),
        {
          partitionIndex: r.partition,
          errorCode: r.errorCode,
          leaderId: r.leaderId,
          leaderEpoch: r.leaderEpoch,
          isr: r.isr,
          currentIsrVersion: r.currentIsrVersion,
        },
      ]);
    }
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      topics: [...byTopic.entries()].map(([name, ps]) => ({ name, partitions: ps })),
    };
  };
}

export function handleControlledShutdown(services: BrokerServices) {
  return async (_ctx: RequestContext, request: ControlledShutdownRequest): Promise<ControlledShutdownResponse> => {
    const remaining = await services.controller().controlledShutdown(request.brokerId, request.brokerEpoch);
    return {
      errorCode: ErrorCode.NONE,
      remainingPartitions: remaining.map((p) => ({ topicName: p.topic, partitionIndex: p.partition })),
    };
  };
}
