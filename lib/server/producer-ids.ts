// The producer ids InitProducerId hands out: ProducerIdManager's blocks claimed in ZooKeeper
// (lib/zk/producer-id-block), one manager per broker, built by the composition root. ZooKeeper
// trouble is transient for the client, so it becomes a retriable code here, not in the handler.
import { ErrorCode } from '../protocol/error-codes';
import type { Logger } from '../util/logger';
import type { ProducerIdManager } from '../zk/producer-id-block';

export interface ProducerIdAllocation {
  /** NONE, or COORDINATOR_NOT_AVAILABLE when no id can be claimed now (producerId is then -1). */
  errorCode: number;
  producerId: number;
}

/** What InitProducerId needs: a fresh cluster-unique producer id. */
export interface ProducerIdSource {
  nextProducerId(): Promise<ProducerIdAllocation>;
}

export function producerIdSource(
  manager: Pick<ProducerIdManager, 'generateProducerId'>,
  logger: Logger,
): ProducerIdSource {
  return {
    async nextProducerId(): Promise<ProducerIdAllocation> {
      try {
        return { errorCode: ErrorCode.NONE, producerId: await manager.generateProducerId() };
      } catch (err) {
        logger.warn(`InitProducerId: no producer id available: ${(err as Error).message}`);
        return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1 };
      }
    },
  };
}
