// Generated from lib/protocol/messages/create-topics.json by `make generate`: edit the source, not this file.
//
// CreateTopics (key 19): Kafka defines versions 0-7, flexible 5+; Samsa serves 0-7. numPartitions
// and replicationFactor of -1 mean "broker default" (v4+) or "see assignments".
//
// Newest version, in the notation of Kafka's protocol guide:
//   CreateTopics Request (Version: 7) => [topics] timeoutMs validateOnly TAG_BUFFER
//     topics => name numPartitions replicationFactor [assignments] [configs] TAG_BUFFER
//       name => COMPACT_STRING
//       numPartitions => INT32
//       replicationFactor => INT16
//       assignments => partitionIndex [brokerIds] TAG_BUFFER
//         partitionIndex => INT32
//         brokerIds => INT32
//       configs => name value TAG_BUFFER
//         name => COMPACT_STRING
//         value => COMPACT_NULLABLE_STRING
//     timeoutMs => INT32
//     validateOnly => BOOLEAN
//   CreateTopics Response (Version: 7) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => name topicId errorCode errorMessage numPartitions replicationFactor [configs] TAG_BUFFER
//       name => COMPACT_STRING
//       topicId => UUID
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
//       numPartitions => INT32
//       replicationFactor => INT16
//       configs => name value readOnly configSource isSensitive TAG_BUFFER  (nullable)
//         name => COMPACT_STRING
//         value => COMPACT_NULLABLE_STRING
//         readOnly => BOOLEAN
//         configSource => INT8
//         isSensitive => BOOLEAN
//       tag 0: topicConfigErrorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/create-topics.json';

export interface CreatableReplicaAssignment {
  partitionIndex: number;
  brokerIds: number[];
}

export interface CreateableTopicConfig {
  name: string;
  value: string | null;
}

export interface CreatableTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: CreatableReplicaAssignment[];
  configs: CreateableTopicConfig[];
}

export interface CreateTopicsRequest {
  topics: CreatableTopic[];
  /** default 60000: default 60000 */
  timeoutMs: number;
  /** v1+, default false */
  validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** default -1: default -1 */
  configSource: number;
  isSensitive: boolean;
}

export interface CreatableTopicResult {
  name: string;
  /** v7+ */
  topicId: string;
  errorCode: number;
  /** v1+ */
  errorMessage: string | null;
  /** v5+, tag 0 */
  topicConfigErrorCode?: number;
  /** v5+, default -1 */
  numPartitions: number;
  /** v5+, default -1 */
  replicationFactor: number;
  /** v5+ */
  configs: CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponse {
  /** v2+ */
  throttleTimeMs: number;
  topics: CreatableTopicResult[];
}

export const createTopicsApi = defineApi<CreateTopicsRequest, CreateTopicsResponse>(source);
