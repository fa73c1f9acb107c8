// OffsetFetch (key 9), versions 0-8, flexible from 6. Kafka 2.8.2 defines 0-7 (one group per
// request); version 8 (Kafka 3.x, KIP-709) carries a groups array instead and is taken from
// Kafka 3.2, because @platformatic/kafka only speaks v8. Fields of v0-7 keep 2.8's names.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   OffsetFetch Request (Version: 8) => [groups] requireStable TAG_BUFFER
//     groups => groupId [topics] TAG_BUFFER
//       groupId => COMPACT_STRING
//       topics => name [partitionIndexes] TAG_BUFFER  (nullable array: null = all partitions)
//         name => COMPACT_STRING
//         partitionIndexes => COMPACT_ARRAY of INT32
//     requireStable => BOOLEAN
//   (v0-7: groupId [topics] requireStable(v7+); topics nullable from v2)
//
//   OffsetFetch Response (Version: 8) => throttleTimeMs [groups] TAG_BUFFER
//     throttleTimeMs => INT32
//     groups => groupId [topics] errorCode TAG_BUFFER
//       groupId => COMPACT_STRING
//       topics => name [partitions] TAG_BUFFER
//         name => COMPACT_STRING
//         partitions => partitionIndex committedOffset committedLeaderEpoch metadata errorCode TAG_BUFFER
//           partitionIndex => INT32
//           committedOffset => INT64
//           committedLeaderEpoch => INT32
//           metadata => COMPACT_NULLABLE_STRING
//           errorCode => INT16
//       errorCode => INT16
//   (v0-7: throttleTimeMs(v3+) [topics] errorCode(v2+))
import { defineApi } from '../api-spec';
import { FieldSchema, MessageSchema } from '../schema';

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  /** null = every partition with a committed offset */
  topics: OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchRequest {
  /** v0-7 */
  groupId: string;
  /** v0-7, nullable v2-7 */
  topics: OffsetFetchRequestTopic[] | null;
  /** v8+ */
  groups: OffsetFetchRequestGroup[];
  /** v7+ */
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  committedOffset: number;
  /** v5+, default -1 */
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: OffsetFetchResponseTopic[];
  errorCode: number;
}

export interface OffsetFetchResponse {
  /** v3+ */
  throttleTimeMs: number;
  /** v0-7 */
  topics: OffsetFetchResponseTopic[];
  /** v2-7 */
  errorCode: number;
  /** v8+ */
  groups: OffsetFetchResponseGroup[];
}

const common = { apiKey: 9, validVersions: '0-8', flexibleVersions: '6+' } as const;

function requestTopicFields(versions: string): FieldSchema[] {
  return [
    { name: 'name', type: 'string', versions },
    { name: 'partitionIndexes', type: '[]int32', versions },
  ];
}

export const offsetFetchRequestSchema: MessageSchema = {
  ...common,
  name: 'OffsetFetchRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0-7' },
    { name: 'topics', type: '[]struct', versions: '0-7', nullableVersions: '2-7', fields: requestTopicFields('0-7') },
    {
      name: 'groups',
      type: '[]struct',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        { name: 'topics', type: '[]struct', versions: '8+', nullableVersions: '8+', fields: requestTopicFields('8+') },
      ],
    },
    { name: 'requireStable', type: 'bool', versions: '7+', default: false },
  ],
};

/** v0-7 use these with versions '0-7' (leader epoch '5-7'); v8 nests them under groups with '8+'. */
function responseTopicFields(versions: string, epochVersions: string): FieldSchema[] {
  return [
    { name: 'name', type: 'string', versions },
    {
      name: 'partitions',
      type: '[]struct',
      versions,
      fields: [
        { name: 'partitionIndex', type: 'int32', versions },
        { name: 'committedOffset', type: 'int64', versions },
        { name: 'committedLeaderEpoch', type: 'int32', versions: epochVersions, default: -1 },
        { name: 'metadata', type: 'string', versions, nullableVersions: versions },
        { name: 'errorCode', type: 'int16', versions },
      ],
    },
  ];
}

export const offsetFetchResponseSchema: MessageSchema = {
  ...common,
  name: 'OffsetFetchResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
    { name: 'topics', type: '[]struct', versions: '0-7', fields: responseTopicFields('0-7', '5-7') },
    { name: 'errorCode', type: 'int16', versions: '2-7', default: 0 },
    {
      name: 'groups',
      type: '[]struct',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        { name: 'topics', type: '[]struct', versions: '8+', fields: responseTopicFields('8+', '8+') },
        { name: 'errorCode', type: 'int16', versions: '8+', default: 0 },
      ],
    },
  ],
};

export const offsetFetchApi = defineApi<OffsetFetchRequest, OffsetFetchResponse>({
  served: '0-8',
  request: offsetFetchRequestSchema,
  response: offsetFetchResponseSchema,
});
