// InitProducerId: hands idempotent producers a cluster-unique producer id at epoch 0. Any broker
// answers (Kafka routes this to a transaction coordinator only when a transactional id is
// given). Without a transactional id Kafka 2.8 allocates a fresh id whatever producer id and
// epoch a v3+ request names, so does Samsa. Samsa has no transaction coordinator: a
// transactional id is answered COORDINATOR_NOT_AVAILABLE (as FindCoordinator does for key type
// 1), an empty one INVALID_REQUEST as in Kafka. The ids come from the broker's one producer-id
// source (server/producer-ids). An idempotent producer needs IdempotentWrite on the cluster
// (CLUSTER_AUTHORIZATION_FAILED otherwise), as in Kafka 2.8.
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/apis/init-producer-id';
import { ErrorCode } from '../../protocol/error-codes';
import type { RequestContext } from '../dispatcher';
import type { BrokerServices } from './services';
import { access } from '../security/authorizer';

export function handleInitProducerId(services: BrokerServices) {
  return async (ctx: RequestContext, request: InitProducerIdRequest): Promise<InitProducerIdResponse> => {
    if (request.transactionalId === '') return failed(ErrorCode.INVALID_REQUEST);
    if (request.transactionalId !== null) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!access(services.authorizer, ctx).cluster('IdempotentWrite'))
      return failed(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    const { errorCode, producerId } = await services.producerIds.nextProducerId();
    if (errorCode !== ErrorCode.NONE) return failed(errorCode);
    return { throttleTimeMs: 0, errorCode, producerId, producerEpoch: 0 };
  };
}

function failed(errorCode: number): InitProducerIdResponse {
  return { throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 };
}
