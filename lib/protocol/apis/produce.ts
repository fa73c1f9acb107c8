// Produce (key 0), Kafka versions 0-9, flexible from 9. Record sets stay opaque: decode hands
// back a slice of the request frame, never a copy (records.ts validates them).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   Produce Request (Version: 9) => transactionalId acks timeoutMs [topicData] TAG_BUFFER
//     transactionalId => COMPACT_NULLABLE_STRING
//     acks => INT16
//     timeoutMs => INT32
//     topicData => name [partitionData] TAG_BUFFER
//       name => COMPACT_STRING
//       partitionData => index records TAG_BUFFER
//         index => INT32
//         records => COMPACT_RECORDS
//
//   Produce Response (Version: 9) => [responses] throttleTimeMs TAG_BUFFER
//     responses => name [partitionResponses] TAG_BUFFER
//       name => COMPACT_STRING
//       partitionResponses => index errorCode baseOffset logAppendTimeMs logStartOffset [recordErrors] errorMessage TAG_BUFFER
//         index => INT32
//         errorCode => INT16
//         baseOffset => INT64
//         logAppendTimeMs => INT64
//         logStartOffset => INT64
//         recordErrors => batchIndex batchIndexErrorMessage TAG_BUFFER
//           batchIndex => INT32
//           batchIndexErrorMessage => COMPACT_NULLABLE_STRING
//         errorMessage => COMPACT_NULLABLE_STRING
//     throttleTimeMs => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface PartitionProduceData {
  index: number;
  /** A slice of the request frame on decode; pieces are written uncopied on encode. */
  records: Buffer | Buffer[] | null;
}

export interface TopicProduceData {
  name: string;
  partitionData: PartitionProduceData[];
}

export interface ProduceRequest {
  /** v3+ */
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topicData: TopicProduceData[];
}

export interface BatchIndexAndErrorMessage {
  batchIndex: number;
  batchIndexErrorMessage: string | null;
}

export interface PartitionProduceResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  /** v2+, default -1 (CreateTime topics) */
  logAppendTimeMs: number;
  /** v5+, default -1 */
  logStartOffset: number;
  /** v8+ */
  recordErrors: BatchIndexAndErrorMessage[];
  /** v8+ */
  errorMessage: string | null;
}

export interface TopicProduceResponse {
  name: string;
  partitionResponses: PartitionProduceResponse[];
}

export interface ProduceResponse {
  responses: TopicProduceResponse[];
  /** v1+ */
  throttleTimeMs: number;
}

const common = { apiKey: 0, validVersions: '0-9', flexibleVersions: '9+' } as const;

export const produceRequestSchema: MessageSchema = {
  ...common,
  name: 'ProduceRequest',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'acks', type: 'int16', versions: '0+' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'topicData',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitionData',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const produceResponseSchema: MessageSchema = {
  ...common,
  name: 'ProduceResponse',
  fields: [
    {
      name: 'responses',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitionResponses',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'baseOffset', type: 'int64', versions: '0+' },
            { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1 },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1 },
            {
              name: 'recordErrors',
              type: '[]struct',
              versions: '8+',
              fields: [
                { name: 'batchIndex', type: 'int32', versions: '8+' },
                { name: 'batchIndexErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
              ],
            },
            { name: 'errorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
          ],
        },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', default: 0 },
  ],
};

/**
 * Served 0-7 (PROTOCOL.md): v0-2 carry legacy message sets, which the broker up-converts to
 * magic 2 (server/handlers/produce-legacy.ts), and librdkafka 2.0.2 compresses only when the
 * range includes v0 (confluentinc/librdkafka#4956); 8 and up are left out because kafka-python
 * infers the broker's release from the maxima (Produce 8 reads as Kafka 2.4).
 */
export const produceApi = defineApi<ProduceRequest, ProduceResponse>({
  served: '0-7',
  request: produceRequestSchema,
  response: produceResponseSchema,
});
