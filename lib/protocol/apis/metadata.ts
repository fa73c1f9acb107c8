// Generated from lib/protocol/messages/metadata.json by `make generate`: edit the source, not this file.
//
// Metadata (key 3): Kafka defines versions 0-11, flexible 9+; Samsa serves 0-9. From v1 a null
// topics array means "all topics" and an empty one means "brokers only" (v0: empty means all).
//
// Newest version, in the notation of Kafka's protocol guide:
//   Metadata Request (Version: 11) => [topics] allowAutoTopicCreation includeTopicAuthorizedOperations TAG_BUFFER
//     topics => topicId name TAG_BUFFER  (nullable)
//       topicId => UUID
//       name => COMPACT_NULLABLE_STRING
//     allowAutoTopicCreation => BOOLEAN
//     includeTopicAuthorizedOperations => BOOLEAN
//   Metadata Response (Version: 11) => throttleTimeMs [brokers] clusterId controllerId [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     brokers => nodeId host port rack TAG_BUFFER
//       nodeId => INT32
//       host => COMPACT_STRING
//       port => INT32
//       rack => COMPACT_NULLABLE_STRING
//     clusterId => COMPACT_NULLABLE_STRING
//     controllerId => INT32
//     topics => errorCode name topicId isInternal [partitions] topicAuthorizedOperations TAG_BUFFER
//       errorCode => INT16
//       name => COMPACT_STRING
//       topicId => UUID
//       isInternal => BOOLEAN
//       partitions => errorCode partitionIndex leaderId leaderEpoch [replicaNodes] [isrNodes] [offlineReplicas] TAG_BUFFER
//         errorCode => INT16
//         partitionIndex => INT32
//         leaderId => INT32
//         leaderEpoch => INT32
//         replicaNodes => INT32
//         isrNodes => INT32
//         offlineReplicas => INT32
//       topicAuthorizedOperations => INT32
import { defineApi } from '../api-spec';
import source from '../messages/metadata.json';

export interface MetadataRequestTopic {
  /** v10+ */
  topicId: string;
  /** nullable v10+: nullable v10+ */
  name: string | null;
}

export interface MetadataRequest {
  /** nullable v1+: nullable v1+: null asks for every topic */
  topics: MetadataRequestTopic[] | null;
  /** v4+, default true */
  allowAutoTopicCreation: boolean;
  /** v8-10 */
  includeClusterAuthorizedOperations: boolean;
  /** v8+ */
  includeTopicAuthorizedOperations: boolean;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  /** v1+, default null */
  rack: string | null;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  /** v7+, default -1 */
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  /** v5+ */
  offlineReplicas: number[];
}

export interface MetadataResponseTopic {
  errorCode: number;
  name: string;
  /** v10+ */
  topicId: string;
  /** v1+, default false */
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  /** v8+, default -2147483648 */
  topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  /** v3+ */
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  /** v2+, default null */
  clusterId: string | null;
  /** v1+, default -1 */
  controllerId: number;
  topics: MetadataResponseTopic[];
  /** v8-10, default -2147483648 */
  clusterAuthorizedOperations: number;
}

export const metadataApi = defineApi<MetadataRequest, MetadataResponse>(source);
