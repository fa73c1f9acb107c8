// Generated from lib/protocol/messages/list-offsets.json by `make generate`: edit the source, not this file.
//
// ListOffsets (key 2): Kafka defines versions 0-6, flexible 6+; Samsa serves 0-5. Version 0 answers
// with an array of offsets (oldStyleOffsets); later versions with one timestamp/offset pair.
//
// Newest version, in the notation of Kafka's protocol guide:
//   ListOffsets Request (Version: 6) => replicaId isolationLevel [topics] TAG_BUFFER
//     replicaId => INT32
//     isolationLevel => INT8
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex currentLeaderEpoch timestamp TAG_BUFFER
//         partitionIndex => INT32
//         currentLeaderEpoch => INT32
//         timestamp => INT64
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
import source from '../messages/list-offsets.json';

export interface ListOffsetsPartition {
  partitionIndex: number;
  /** v4+, default -1 */
  currentLeaderEpoch: number;
  /** -1 latest, -2 earliest, else a timestamp in ms */
  timestamp: number;
  /** v0, default 1: v0 only, default 1 */
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
  /** v0: v0 only */
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

export const listOffsetsApi = defineApi<ListOffsetsRequest, ListOffsetsResponse>(source);
