// CreateTopics (key 19), Kafka versions 0-7, flexible from 5. numPartitions and
// replicationFactor of -1 mean "broker default" (v4+) or "see assignments".
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   CreateTopics Request (Version: 7) => [topics] timeoutMs validateOnly TAG_BUFFER
//     topics => name numPartitions replicationFactor [assignments] [configs] TAG_BUFFER
//       name => COMPACT_STRING
//       numPartitions => INT32
//       replicationFactor => INT16
//       assignments => partitionIndex [brokerIds] TAG_BUFFER
//         partitionIndex => INT32
//         brokerIds => COMPACT_ARRAY of INT32
//       configs => name value TAG_BUFFER
//         name => COMPACT_STRING
//         value => COMPACT_NULLABLE_STRING
//     timeoutMs => INT32
//     validateOnly => BOOLEAN
//
//   CreateTopics Response (Version: 7) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => name topicId errorCode errorMessage numPartitions replicationFactor [configs] TAG_BUFFER
//       name => COMPACT_STRING
//       topicId => UUID
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
//       numPartitions => INT32
//       replicationFactor => INT16
//       configs => name value readOnly configSource isSensitive TAG_BUFFER  (nullable array)
//         name => COMPACT_STRING
//         value => COMPACT_NULLABLE_STRING
//         readOnly => BOOLEAN
//         configSource => INT8
//         isSensitive => BOOLEAN
//       tag 0: topicConfigErrorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

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
  /** default 60000 */
  timeoutMs: number;
  /** v1+ */
  validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** default -1 */
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
  /** v5+, tagged */
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

const common = { apiKey: 19, validVersions: '0-7', flexibleVersions: '5+' } as const;

export const createTopicsRequestSchema: MessageSchema = {
  ...common,
  name: 'CreateTopicsRequest',
  fields: [
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'numPartitions', type: 'int32', versions: '0+' },
        { name: 'replicationFactor', type: 'int16', versions: '0+' },
        {
          name: 'assignments',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'brokerIds', type: '[]int32', versions: '0+' },
          ],
        },
        {
          name: 'configs',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'name', type: 'string', versions: '0+' },
            { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'validateOnly', type: 'bool', versions: '1+', default: false },
  ],
};

export const createTopicsResponseSchema: MessageSchema = {
  ...common,
  name: 'CreateTopicsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'topicId', type: 'uuid', versions: '7+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '0+' },
        { name: 'topicConfigErrorCode', type: 'int16', versions: '5+', tag: 0, taggedVersions: '5+' },
        { name: 'numPartitions', type: 'int32', versions: '5+', default: -1 },
        { name: 'replicationFactor', type: 'int16', versions: '5+', default: -1 },
        {
          name: 'configs',
          type: '[]struct',
          versions: '5+',
          nullableVersions: '5+',
          fields: [
            { name: 'name', type: 'string', versions: '5+' },
            { name: 'value', type: 'string', versions: '5+', nullableVersions: '5+' },
            { name: 'readOnly', type: 'bool', versions: '5+' },
            { name: 'configSource', type: 'int8', versions: '5+', default: -1 },
            { name: 'isSensitive', type: 'bool', versions: '5+' },
          ],
        },
      ],
    },
  ],
};

export const createTopicsApi = defineApi<CreateTopicsRequest, CreateTopicsResponse>({
  served: '0-7',
  request: createTopicsRequestSchema,
  response: createTopicsResponseSchema,
});
