// InitProducerId (key 22), Kafka versions 0-4, flexible from 2. v1 only changes throttling; v3
// adds the producer's current id and epoch (so a producer may ask to bump its epoch); v4 only
// adds PRODUCER_FENCED to the errors a broker may answer. The response layout is the same in
// every version.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   InitProducerId Request (Version: 4) => transactionalId transactionTimeoutMs producerId producerEpoch TAG_BUFFER
//     transactionalId => COMPACT_NULLABLE_STRING
//     transactionTimeoutMs => INT32
//     producerId => INT64      (v3+, default -1)
//     producerEpoch => INT16   (v3+, default -1)
//
//   InitProducerId Response (Version: 4) => throttleTimeMs errorCode producerId producerEpoch TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     producerId => INT64
//     producerEpoch => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface InitProducerIdRequest {
  /** Null for a producer that is idempotent but not transactional. */
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** v3+: the id the producer holds now, or -1. */
  producerId: number;
  /** v3+: the epoch the producer holds now, or -1. */
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

const common = { apiKey: 22, validVersions: '0-4', flexibleVersions: '2+' } as const;

export const initProducerIdRequestSchema: MessageSchema = {
  ...common,
  name: 'InitProducerIdRequest',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '3+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
};

export const initProducerIdResponseSchema: MessageSchema = {
  ...common,
  name: 'InitProducerIdResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
  ],
};

export const initProducerIdApi = defineApi<InitProducerIdRequest, InitProducerIdResponse>({
  served: '0-4',
  request: initProducerIdRequestSchema,
  response: initProducerIdResponseSchema,
});
