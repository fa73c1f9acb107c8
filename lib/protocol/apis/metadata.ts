// Metadata (key 3), Kafka versions 0-11, flexible from 9. From v1 a null topics array means
// "all topics" and an empty one means "brokers only" (v0: empty means all).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   Metadata Request (Version: 11) => [topics] allowAutoTopicCreation includeTopicAuthorizedOperations TAG_BUFFER
//     topics => topicId name TAG_BUFFER  (nullable array)
//       topicId => UUID
//       name => COMPACT_NULLABLE_STRING
//     allowAutoTopicCreation => BOOLEAN
//     includeTopicAuthorizedOperations => BOOLEAN
//
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
//         replicaNodes => COMPACT_ARRAY of INT32
//         isrNodes => COMPACT_ARRAY of INT32
//         offlineReplicas => COMPACT_ARRAY of INT32
//       topicAuthorizedOperations => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface MetadataRequestTopic {
  /** v10+ */
  topicId: string;
  /** nullable v10+ */
  name: string | null;
}

export interface MetadataRequest {
  /** nullable v1+: null asks for every topic */
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
  /** v1+ */
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
  /** v1+ */
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  /** v8+, default -2147483648 */
  topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  /** v3+ */
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  /** v2+ */
  clusterId: string | null;
  /** v1+, default -1 */
  controllerId: number;
  topics: MetadataResponseTopic[];
  /** v8-10, default -2147483648 */
  clusterAuthorizedOperations: number;
}

const common = { apiKey: 3, validVersions: '0-11', flexibleVersions: '9+' } as const;
const NO_AUTHORIZED_OPERATIONS = -2147483648;

export const metadataRequestSchema: MessageSchema = {
  ...common,
  name: 'MetadataRequest',
  fields: [
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      nullableVersions: '1+',
      fields: [
        { name: 'topicId', type: 'uuid', versions: '10+' },
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '10+' },
      ],
    },
    { name: 'allowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'includeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
};

export const metadataResponseSchema: MessageSchema = {
  ...common,
  name: 'MetadataResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
    {
      name: 'brokers',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'nodeId', type: 'int32', versions: '0+' },
        { name: 'host', type: 'string', versions: '0+' },
        { name: 'port', type: 'int32', versions: '0+' },
        { name: 'rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
      ],
    },
    { name: 'clusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    { name: 'controllerId', type: 'int32', versions: '1+', default: -1 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'topicId', type: 'uuid', versions: '10+' },
        { name: 'isInternal', type: 'bool', versions: '1+', default: false },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'leaderId', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '7+', default: -1 },
            { name: 'replicaNodes', type: '[]int32', versions: '0+' },
            { name: 'isrNodes', type: '[]int32', versions: '0+' },
            { name: 'offlineReplicas', type: '[]int32', versions: '5+' },
          ],
        },
        { name: 'topicAuthorizedOperations', type: 'int32', versions: '8+', default: NO_AUTHORIZED_OPERATIONS },
      ],
    },
    { name: 'clusterAuthorizedOperations', type: 'int32', versions: '8-10', default: NO_AUTHORIZED_OPERATIONS },
  ],
};

export const metadataApi = defineApi<MetadataRequest, MetadataResponse>({
  served: '0-9',
  request: metadataRequestSchema,
  response: metadataResponseSchema,
});
