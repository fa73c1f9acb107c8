// OffsetForLeaderEpoch (key 23), Kafka versions 0-4, flexible from 4. A follower (or a client
// checking for log truncation) asks the leader for the end offset of a leader epoch (KIP-101,
// KIP-279); the answer also names the epoch the leader matched (v1+). Undefined values are -1.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   OffsetForLeaderEpoch Request (Version: 4) => replicaId [topics] TAG_BUFFER
//     replicaId => INT32
//     topics => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => partition currentLeaderEpoch leaderEpoch TAG_BUFFER
//         partition => INT32
//         currentLeaderEpoch => INT32
//         leaderEpoch => INT32
//
//   OffsetForLeaderEpoch Response (Version: 4) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => errorCode partition leaderEpoch endOffset TAG_BUFFER
//         errorCode => INT16
//         partition => INT32
//         leaderEpoch => INT32
//         endOffset => INT64
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface OffsetForLeaderPartition {
  partition: number;
  /** v2+, default -1 (no fencing) */
  currentLeaderEpoch: number;
  /** the epoch to look up an end offset for */
  leaderEpoch: number;
}

export interface OffsetForLeaderTopic {
  topic: string;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequest {
  /** v3+, default -2 (debug consumer; v0-2 requests carry no id, followers included) */
  replicaId: number;
  topics: OffsetForLeaderTopic[];
}

export interface EpochEndOffsetResult {
  errorCode: number;
  partition: number;
  /** v1+, default -1 */
  leaderEpoch: number;
  /** default -1 */
  endOffset: number;
}

export interface OffsetForLeaderTopicResult {
  topic: string;
  partitions: EpochEndOffsetResult[];
}

export interface OffsetForLeaderEpochResponse {
  /** v2+ */
  throttleTimeMs: number;
  topics: OffsetForLeaderTopicResult[];
}

const common = { apiKey: 23, validVersions: '0-4', flexibleVersions: '4+' } as const;

export const offsetForLeaderEpochRequestSchema: MessageSchema = {
  ...common,
  name: 'OffsetForLeaderEpochRequest',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '3+', default: -2 },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '2+', default: -1 },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
};

export const offsetForLeaderEpochResponseSchema: MessageSchema = {
  ...common,
  name: 'OffsetForLeaderEpochResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '1+', default: -1 },
            { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
          ],
        },
      ],
    },
  ],
};

export const offsetForLeaderEpochApi = defineApi<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  served: '0-4',
  request: offsetForLeaderEpochRequestSchema,
  response: offsetForLeaderEpochResponseSchema,
});
