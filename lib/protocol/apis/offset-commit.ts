// Generated from lib/protocol/messages/offset-commit.json by `make generate`: edit the source, not this file.
//
// OffsetCommit (key 8): Kafka defines versions 0-8, flexible 8+; Samsa serves 0-8. v0 commits to
// ZooKeeper in Kafka; Samsa stores every version's offsets in ZooKeeper (GROUPS.md).
//
// Newest version, in the notation of Kafka's protocol guide:
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
//   OffsetCommit Response (Version: 8) => throttleTimeMs [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex errorCode TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/offset-commit.json';

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v6+, default -1 */
  committedLeaderEpoch: number;
  /** v1, default -1: v1 only, default -1 */
  commitTimestamp: number;
  committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** v1+, default -1 */
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

export const offsetCommitApi = defineApi<OffsetCommitRequest, OffsetCommitResponse>(source);
