// Generated from lib/protocol/messages/delete-topics.json by `make generate`: edit the source, not this file.
//
// DeleteTopics (key 20): Kafka defines versions 0-6, flexible 4+; Samsa serves 0-6. Versions 0-5
// name topics in topicNames; version 6 uses topics[] (name or topic id).
//
// Newest version, in the notation of Kafka's protocol guide:
//   DeleteTopics Request (Version: 6) => [topics] timeoutMs TAG_BUFFER
//     topics => name topicId TAG_BUFFER
//       name => COMPACT_NULLABLE_STRING
//       topicId => UUID
//     timeoutMs => INT32
//   DeleteTopics Response (Version: 6) => throttleTimeMs [responses] TAG_BUFFER
//     throttleTimeMs => INT32
//     responses => name topicId errorCode errorMessage TAG_BUFFER
//       name => COMPACT_NULLABLE_STRING
//       topicId => UUID
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/delete-topics.json';

export interface DeleteTopicState {
  name: string | null;
  topicId: string;
}

export interface DeleteTopicsRequest {
  /** v6+ */
  topics: DeleteTopicState[];
  /** v0-5 */
  topicNames: string[];
  timeoutMs: number;
}

export interface DeletableTopicResult {
  /** nullable v6+: nullable v6+ */
  name: string | null;
  /** v6+ */
  topicId: string;
  errorCode: number;
  /** v5+, default null */
  errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  /** v1+ */
  throttleTimeMs: number;
  responses: DeletableTopicResult[];
}

export const deleteTopicsApi = defineApi<DeleteTopicsRequest, DeleteTopicsResponse>(source);
