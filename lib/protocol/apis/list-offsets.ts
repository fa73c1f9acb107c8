// ListOffsets (key 2), Kafka versions 0-6, flexible from 6. Version 0 answers with an array of
// offsets (oldStyleOffsets); later versions with one timestamp/offset pair.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   ListOffsets Request (Version: 6) => replicaId isolationLevel [topics] TAG_BUFFER
//     replicaId => INT32
//     isolationLevel => INT8
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex currentLeaderEpoch timestamp TAG_BUFFER
//         partitionIndex => INT32
//         currentLeaderEpoch => INT32
//         timestamp => INT64
//
//   ListOffsets Response (Version: 6) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex errorCode timestamp offset leaderEpoch TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
//         timestamp => INT64
//         offset => INT64
//         leaderEpoch => INT32
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface ListOffsetsPartition {
  partitionIndex: number;
  /** v4+, default -1 */
  currentLeaderEpoch: number;
  /** -1 latest, -2 earliest, else a timestamp in ms */
  timestamp: number;
  /** v0 only, default 1 */
  maxNumOffsets: number;
}

export interface ListOffsetsTopic {
  name: string;
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsRequest {
  replicaId: number;
  /** v2+ */
  isolationLevel: number;
  topics: ListOffsetsTopic[];
}

export interface ListOffsetsPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  /** v0 only */
  oldStyleOffsets: number[];
  /** v1+, default -1 */
  timestamp: number;
  /** v1+, default -1 */
  offset: number;
  /** v4+, default -1 */
  leaderEpoch: number;
}

export interface ListOffsetsTopicResponse {
  name: string;
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponse {
  /** v2+ */
  throttleTimeMs: number;
  topics: ListOffsetsTopicResponse[];
}

const common = { apiKey: 2, validVersions: '0-6', flexibleVersions: '6+' } as const;

export const listOffsetsRequestSchema: MessageSchema = {
  ...common,
  name: 'ListOffsetsRequest',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '0+' },
    { name: 'isolationLevel', type: 'int8', versions: '2+' },
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
            { name: 'currentLeaderEpoch', type: 'int32', versions: '4+', default: -1 },
            { name: 'timestamp', type: 'int64', versions: '0+' },
            { name: 'maxNumOffsets', type: 'int32', versions: '0', default: 1 },
          ],
        },
      ],
    },
  ],
};

export const listOffsetsResponseSchema: MessageSchema = {
  ...common,
  name: 'ListOffsetsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
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
            { name: 'oldStyleOffsets', type: '[]int64', versions: '0' },
            { name: 'timestamp', type: 'int64', versions: '1+', default: -1 },
            { name: 'offset', type: 'int64', versions: '1+', default: -1 },
            { name: 'leaderEpoch', type: 'int32', versions: '4+', default: -1 },
          ],
        },
      ],
    },
  ],
};

export const listOffsetsApi = defineApi<ListOffsetsRequest, ListOffsetsResponse>({
  served: '0-5',
  request: listOffsetsRequestSchema,
  response: listOffsetsResponseSchema,
});
