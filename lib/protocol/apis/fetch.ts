// Generated from lib/protocol/messages/fetch.json by `make generate`: edit the source, not this file.
//
// Fetch (key 1): Kafka defines versions 0-12, flexible 12+; Samsa serves 0-12. Record sets are
// passed through: the response encoder appends each record buffer as its own chunk, so log bytes
// are never copied.
//
// Newest version, in the notation of Kafka's protocol guide:
//   Fetch Request (Version: 12) => replicaId maxWaitMs minBytes maxBytes isolationLevel sessionId sessionEpoch [topics] [forgottenTopicsData] rackId TAG_BUFFER
//     replicaId => INT32
//     maxWaitMs => INT32
//     minBytes => INT32
//     maxBytes => INT32
//     isolationLevel => INT8
//     sessionId => INT32
//     sessionEpoch => INT32
//     topics => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => partition currentLeaderEpoch fetchOffset lastFetchedEpoch logStartOffset partitionMaxBytes TAG_BUFFER
//         partition => INT32
//         currentLeaderEpoch => INT32
//         fetchOffset => INT64
//         lastFetchedEpoch => INT32
//         logStartOffset => INT64
//         partitionMaxBytes => INT32
//     forgottenTopicsData => topic [partitions] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitions => INT32
//     rackId => COMPACT_STRING
//     tag 0: clusterId => COMPACT_NULLABLE_STRING
//   Fetch Response (Version: 12) => throttleTimeMs errorCode sessionId [responses] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     sessionId => INT32
//     responses => topic [partitionResponses] TAG_BUFFER
//       topic => COMPACT_STRING
//       partitionResponses => partition errorCode highWatermark lastStableOffset logStartOffset [abortedTransactions] preferredReadReplica recordSet TAG_BUFFER
//         partition => INT32
//         errorCode => INT16
//         highWatermark => INT64
//         lastStableOffset => INT64
//         logStartOffset => INT64
//         abortedTransactions => producerId firstOffset TAG_BUFFER  (nullable)
//           producerId => INT64
//           firstOffset => INT64
//         preferredReadReplica => INT32
//         recordSet => COMPACT_RECORDS
//         tag 0: divergingEpoch => epoch endOffset TAG_BUFFER
//           epoch => INT32
//           endOffset => INT64
//         tag 1: currentLeader => leaderId leaderEpoch TAG_BUFFER
//           leaderId => INT32
//           leaderEpoch => INT32
//         tag 2: snapshotId => endOffset epoch TAG_BUFFER
//           endOffset => INT64
//           epoch => INT32
import { defineApi } from '../api-spec';
import source from '../messages/fetch.json';

export interface FetchPartition {
  partition: number;
  /** v9+, default -1 */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** v12+, default -1 */
  lastFetchedEpoch: number;
  /** v5+, default -1 */
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface FetchTopic {
  topic: string;
  partitions: FetchPartition[];
}

export interface ForgottenTopic {
  topic: string;
  partitions: number[];
}

export interface FetchRequest {
  /** v12+, tag 0, default null */
  clusterId?: string | null;
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  /** v3+, default 2147483647 */
  maxBytes: number;
  /** v4+, default 0: 0 read_uncommitted, 1 read_committed */
  isolationLevel: number;
  /** v7+, default 0 */
  sessionId: number;
  /** v7+, default -1 */
  sessionEpoch: number;
  topics: FetchTopic[];
  /** v7+ */
  forgottenTopicsData: ForgottenTopic[];
  /** v11+, default "" */
  rackId: string;
}

export interface EpochEndOffset {
  /** default -1 */
  epoch: number;
  /** default -1 */
  endOffset: number;
}

export interface LeaderIdAndEpoch {
  /** default -1 */
  leaderId: number;
  /** default -1 */
  leaderEpoch: number;
}

export interface SnapshotId {
  /** default -1 */
  endOffset: number;
  /** default -1 */
  epoch: number;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface FetchablePartitionResponse {
  partition: number;
  errorCode: number;
  highWatermark: number;
  /** v4+, default -1 */
  lastStableOffset: number;
  /** v5+, default -1 */
  logStartOffset: number;
  /** v12+, tag 0 */
  divergingEpoch?: EpochEndOffset;
  /** v12+, tag 1 */
  currentLeader?: LeaderIdAndEpoch;
  /** v12+, tag 2 */
  snapshotId?: SnapshotId;
  /** v4+ */
  abortedTransactions: AbortedTransaction[] | null;
  /** v11+, default -1 */
  preferredReadReplica: number;
  /** A slice of the response frame on decode; pieces are written uncopied on encode. */
  recordSet: Buffer | Buffer[] | null;
}

export interface FetchableTopicResponse {
  topic: string;
  partitionResponses: FetchablePartitionResponse[];
}

export interface FetchResponse {
  /** v1+ */
  throttleTimeMs: number;
  /** v7+ */
  errorCode: number;
  /** v7+, default 0 */
  sessionId: number;
  responses: FetchableTopicResponse[];
}

export const fetchApi = defineApi<FetchRequest, FetchResponse>(source);
