// Generated from lib/protocol/messages/init-producer-id.json by `make generate`: edit the source, not this file.
//
// InitProducerId (key 22): Kafka defines versions 0-4, flexible 2+; Samsa serves 0-4. v1 only
// changes throttling; v3 adds the producer's current id and epoch (so a producer may ask to bump
// its epoch); v4 only adds PRODUCER_FENCED to the errors a broker may answer. The response layout
// is the same in every version.
//
// Newest version, in the notation of Kafka's protocol guide:
//   InitProducerId Request (Version: 4) => transactionalId transactionTimeoutMs producerId producerEpoch TAG_BUFFER
//     transactionalId => COMPACT_NULLABLE_STRING
//     transactionTimeoutMs => INT32
//     producerId => INT64
//     producerEpoch => INT16
//   InitProducerId Response (Version: 4) => throttleTimeMs errorCode producerId producerEpoch TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     producerId => INT64
//     producerEpoch => INT16
import { defineApi } from '../api-spec';
import source from '../messages/init-producer-id.json';

export interface InitProducerIdRequest {
  /** Null for a producer that is idempotent but not transactional. */
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** v3+, default -1: the id the producer holds now, or -1. */
  producerId: number;
  /** v3+, default -1: the epoch the producer holds now, or -1. */
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  /** default -1 */
  producerId: number;
  producerEpoch: number;
}

export const initProducerIdApi = defineApi<InitProducerIdRequest, InitProducerIdResponse>(source);
