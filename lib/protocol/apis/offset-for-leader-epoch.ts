// Generated from lib/protocol/messages/offset-for-leader-epoch.json by `make generate`: edit the source, not this file.
//
// OffsetForLeaderEpoch (key 23): Kafka defines versions 0-4, flexible 4+; Samsa serves 0-4. A
// follower (or a client checking for log truncation) asks the leader for the end offset of a leader
// epoch (KIP-101, KIP-279); the answer also names the epoch the leader matched (v1+). Undefined
// values are -1.
//
// Newest version, in the notation of Kafka's protocol guide:
//   OffsetForLeaderEpoch Request (Version: 4) => replicaId [topics] TAG_BUFFER
//     replicaId => INT32
//     topics => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => partition currentLeaderEpoch leaderEpoch TAG_BUFFER
//         partition => INT32
//         currentLeaderEpoch => INT32
//         leaderEpoch => INT32
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
import source from '../messages/offset-for-leader-epoch.json';

export interface OffsetForLeaderPartition {
  partition: number;
  /** v2+, default -1 */
  currentLeaderEpoch: number;
  /** the epoch to look up an end offset for */
  leaderEpoch: number;
}

export interface OffsetForLeaderTopic {
  topic: string;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequest {
  /** v3+, default -2: v3+, default -2 (debug consumer; v0-2 requests carry no id, followers included) */
  replicaId: number;
  topics: OffsetForLeaderTopic[];
}

export interface EpochEndOffsetResult {
  errorCode: number;
  partition: number;
  /** v1+, default -1 */
  leaderEpoch: number;
  /** default -1: default -1 */
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

export const offsetForLeaderEpochApi = defineApi<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(source);
