// DeleteTopics (key 20), Kafka versions 0-6, flexible from 4. Versions 0-5 name topics in
// topicNames; version 6 uses topics[] (name or topic id).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   DeleteTopics Request (Version: 6) => [topics] timeoutMs TAG_BUFFER
//     topics => name topicId TAG_BUFFER
//       name => COMPACT_NULLABLE_STRING
//       topicId => UUID
//     timeoutMs => INT32
//
//   DeleteTopics Response (Version: 6) => throttleTimeMs [responses] TAG_BUFFER
//     throttleTimeMs => INT32
//     responses => name topicId errorCode errorMessage TAG_BUFFER
//       name => COMPACT_NULLABLE_STRING
//       topicId => UUID
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

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
  /** nullable v6+ */
  name: string | null;
  /** v6+ */
  topicId: string;
  errorCode: number;
  /** v5+ */
  errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  /** v1+ */
  throttleTimeMs: number;
  responses: DeletableTopicResult[];
}

const common = { apiKey: 20, validVersions: '0-6', flexibleVersions: '4+' } as const;

export const deleteTopicsRequestSchema: MessageSchema = {
  ...common,
  name: 'DeleteTopicsRequest',
  fields: [
    {
      name: 'topics',
      type: '[]struct',
      versions: '6+',
      fields: [
        { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+' },
        { name: 'topicId', type: 'uuid', versions: '6+' },
      ],
    },
    { name: 'topicNames', type: '[]string', versions: '0-5' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
};

export const deleteTopicsResponseSchema: MessageSchema = {
  ...common,
  name: 'DeleteTopicsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'responses',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+' },
        { name: 'topicId', type: 'uuid', versions: '6+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      ],
    },
  ],
};

export const deleteTopicsApi = defineApi<DeleteTopicsRequest, DeleteTopicsResponse>({
  served: '0-6',
  request: deleteTopicsRequestSchema,
  response: deleteTopicsResponseSchema,
});
