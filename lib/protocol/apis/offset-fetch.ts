// Generated from lib/protocol/messages/offset-fetch.json by `make generate`: edit the source, not this file.
//
// OffsetFetch (key 9): Kafka defines versions 0-8, flexible 6+; Samsa serves 0-8. Kafka 2.8.2
// defines 0-7 (one group per request); version 8 (Kafka 3.x, KIP-709) carries a groups array
// instead and is taken from Kafka 3.2, because @platformatic/kafka only speaks v8. Fields of v0-7
// keep 2.8's names.
//
// Newest version, in the notation of Kafka's protocol guide:
//   OffsetFetch Request (Version: 8) => [groups] requireStable TAG_BUFFER
//     groups => groupId [topics] TAG_BUFFER
//       groupId => COMPACT_STRING
//       topics => name [partitionIndexes] TAG_BUFFER  (nullable)
//         name => COMPACT_STRING
//         partitionIndexes => INT32
//     requireStable => BOOLEAN
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
import { defineApi } from '../api-spec';
import source from '../messages/offset-fetch.json';

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
  /** v0-7, nullable v2-7: v0-7, nullable v2-7 */
  topics: OffsetFetchRequestTopic[] | null;
  /** v8+ */
  groups: OffsetFetchRequestGroup[];
  /** v7+, default false */
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  committedOffset: number;
  /** v5-7, default -1 */
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
  /** default 0 */
  errorCode: number;
}

export interface OffsetFetchResponse {
  /** v3+ */
  throttleTimeMs: number;
  /** v0-7 */
  topics: OffsetFetchResponseTopic[];
  /** v2-7, default 0 */
  errorCode: number;
  /** v8+ */
  groups: OffsetFetchResponseGroup[];
}

export const offsetFetchApi = defineApi<OffsetFetchRequest, OffsetFetchResponse>(source);
