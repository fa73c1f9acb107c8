// InitProducerId: hands idempotent producers a cluster-unique producer id at epoch 0. Any broker
// answers (Kafka routes this to a transaction coordinator only when a transactional id is
// given). Without a transactional id Kafka 2.8 allocates a fresh id whatever producer id and
// epoch a v3+ request names, so does Samsa. Samsa has no transaction coordinator: a
// transactional id is answered COORDINATOR_NOT_AVAILABLE (as FindCoordinator does for key type
// 1), an empty one INVALID_REQUEST as in Kafka. Ids come from blocks claimed in ZooKeeper
// (lib/zk/producer-id-block); one manager per broker lives in this handler's closure.
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/apis/init-producer-id';
import { ErrorCode } from '../../protocol/error-codes';
import { ProducerIdManager } from '../../zk/producer-id-block';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';

export function handleInitProducerId(services: BrokerServices) {
  const manager = new ProducerIdManager({
    brokerId: () => services.config.brokerId,
    session: () => services.groups.session(),
    logger: services.logger,
  });
  return async (_ctx: RequestContext, request: InitProducerIdRequest): Promise<InitProducerIdResponse> => {
    if (request.transactionalId === '') return failed(ErrorCode.INVALID_REQUEST);
    if (request.transactionalId !== null) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    try {
      const producerId = await manager.generateProducerId();
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
    } catch (err) {
      // ZooKeeper trouble is transient for the client: a retriable code makes it ask again.
      services.logger.warn(`InitProducerId: no producer id available: ${(err as Error).message}`);
      return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
  };
}

function failed(errorCode: number): InitProducerIdResponse {
  return { throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 };
}
