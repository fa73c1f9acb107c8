// OffsetCommit (key 8), Kafka versions 0-8, flexible from 8. v0 commits to ZooKeeper in Kafka;
// Samsa stores every version's offsets in ZooKeeper (GROUPS.md).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   OffsetCommit Request (Version: 8) => groupId generationId memberId groupInstanceId [topics] TAG_BUFFER
//     groupId => COMPACT_STRING
//     generationId => INT32
//     memberId => COMPACT_STRING
//     groupInstanceId => COMPACT_NULLABLE_STRING
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex committedOffset committedLeaderEpoch committedMetadata TAG_BUFFER
//         partitionIndex => INT32
//         committedOffset => INT64
//         committedLeaderEpoch => INT32
//         committedMetadata => COMPACT_NULLABLE_STRING
//   (v1 only: commitTimestamp INT64 after committedOffset; v2-4: retentionTimeMs INT64 before topics)
//
//   OffsetCommit Response (Version: 8) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex errorCode TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v6+, default -1 */
  committedLeaderEpoch: number;
  /** v1 only, default -1 */
  commitTimestamp: number;
  committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** v1+, default -1 (not using group management) */
  generationId: number;
  /** v1+ */
  memberId: string;
  /** v7+, default null */
  groupInstanceId: string | null;
  /** v2-4, default -1 */
  retentionTimeMs: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetCommitResponseTopic {
  name: string;
  partitions: OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponse {
  /** v3+ */
  throttleTimeMs: number;
  topics: OffsetCommitResponseTopic[];
}

const common = { apiKey: 8, validVersions: '0-8', flexibleVersions: '8+' } as const;

export const offsetCommitRequestSchema: MessageSchema = {
  ...common,
  name: 'OffsetCommitRequest',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '1+', default: -1 },
    { name: 'memberId', type: 'string', versions: '1+' },
    { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1 },
            { name: 'commitTimestamp', type: 'int64', versions: '1', default: -1 },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const offsetCommitResponseSchema: MessageSchema = {
  ...common,
  name: 'OffsetCommitResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const offsetCommitApi = defineApi<OffsetCommitRequest, OffsetCommitResponse>({
  served: '0-8',
  request: offsetCommitRequestSchema,
  response: offsetCommitResponseSchema,
});
