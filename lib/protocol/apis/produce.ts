// Generated from lib/protocol/messages/produce.json by `make generate`: edit the source, not this file.
//
// Produce (key 0): Kafka defines versions 0-9, flexible 9+; Samsa serves 0-7. Record sets stay
// opaque: decode hands back a slice of the request frame, never a copy (records.ts validates them).
//
// Newest version, in the notation of Kafka's protocol guide:
//   Produce Request (Version: 9) => transactionalId acks timeoutMs [topicData] TAG_BUFFER
//     transactionalId => COMPACT_NULLABLE_STRING
//     acks => INT16
//     timeoutMs => INT32
//     topicData => name [partitionData] TAG_BUFFER
//       name => COMPACT_STRING
//       partitionData => index records TAG_BUFFER
//         index => INT32
//         records => COMPACT_RECORDS
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
import source from '../messages/produce.json';

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
  /** v3+, default null */
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topicData: TopicProduceData[];
}

export interface BatchIndexAndErrorMessage {
  batchIndex: number;
  /** default null */
  batchIndexErrorMessage: string | null;
}

export interface PartitionProduceResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  /** v2+, default -1 */
  logAppendTimeMs: number;
  /** v5+, default -1 */
  logStartOffset: number;
  /** v8+ */
  recordErrors: BatchIndexAndErrorMessage[];
  /** v8+, default null */
  errorMessage: string | null;
}

export interface TopicProduceResponse {
  name: string;
  partitionResponses: PartitionProduceResponse[];
}

export interface ProduceResponse {
  responses: TopicProduceResponse[];
  /** v1+, default 0 */
  throttleTimeMs: number;
}

export const produceApi = defineApi<ProduceRequest, ProduceResponse>(source);
