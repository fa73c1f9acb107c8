// Generated from lib/protocol/messages/create-partitions.json by `make generate`: edit the source, not this file.
//
// CreatePartitions (key 37): Kafka defines versions 0-3, flexible 2+; Samsa serves 0-3. Raises a
// topic's partition count; `assignments` (null = let the broker place them) lists the replicas of
// each *new* partition in order.
//
// Newest version, in the notation of Kafka's protocol guide:
//   CreatePartitions Request (Version: 3) => [topics] timeoutMs validateOnly TAG_BUFFER
//     topics => name count [assignments] TAG_BUFFER
//       name => COMPACT_STRING
//       count => INT32
//       assignments => [brokerIds] TAG_BUFFER  (nullable)
//         brokerIds => INT32
//     timeoutMs => INT32
//     validateOnly => BOOLEAN
//   CreatePartitions Response (Version: 3) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => name errorCode errorMessage TAG_BUFFER
//       name => COMPACT_STRING
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/create-partitions.json';

export interface CreatePartitionsAssignment {
  brokerIds: number[];
}

export interface CreatePartitionsTopic {
  name: string;
  /** The new total partition count. */
  count: number;
  /** One entry per new partition; null lets the broker choose. */
  assignments: CreatePartitionsAssignment[] | null;
}

export interface CreatePartitionsRequest {
  topics: CreatePartitionsTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsTopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface CreatePartitionsResponse {
  throttleTimeMs: number;
  results: CreatePartitionsTopicResult[];
}

export const createPartitionsApi = defineApi<CreatePartitionsRequest, CreatePartitionsResponse>(source);
