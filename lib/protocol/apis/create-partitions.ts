// CreatePartitions (key 37), Kafka versions 0-3, flexible from 2 (v1 and v3 only change what
// the broker may answer: throttling). Raises a topic's partition count; `assignments` (null =
// let the broker place them) lists the replicas of each *new* partition in order.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   CreatePartitions Request (Version: 3) => [topics] timeoutMs validateOnly TAG_BUFFER
//     topics => name count [assignments] TAG_BUFFER
//       name => COMPACT_STRING
//       count => INT32
//       assignments => [brokerIds] TAG_BUFFER  (nullable array)
//         brokerIds => COMPACT_ARRAY of INT32
//     timeoutMs => INT32
//     validateOnly => BOOLEAN
//
//   CreatePartitions Response (Version: 3) => throttleTimeMs [results] TAG_BUFFER
//     throttleTimeMs => INT32
//     results => name errorCode errorMessage TAG_BUFFER
//       name => COMPACT_STRING
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

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

const common = { apiKey: 37, validVersions: '0-3', flexibleVersions: '2+' } as const;

export const createPartitionsRequestSchema: MessageSchema = {
  ...common,
  name: 'CreatePartitionsRequest',
  fields: [
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'count', type: 'int32', versions: '0+' },
        {
          name: 'assignments',
          type: '[]struct',
          versions: '0+',
          nullableVersions: '0+',
          fields: [{ name: 'brokerIds', type: '[]int32', versions: '0+' }],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    { name: 'validateOnly', type: 'bool', versions: '0+' },
  ],
};

export const createPartitionsResponseSchema: MessageSchema = {
  ...common,
  name: 'CreatePartitionsResponse',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      ],
    },
  ],
};

export const createPartitionsApi = defineApi<CreatePartitionsRequest, CreatePartitionsResponse>({
  served: '0-3',
  request: createPartitionsRequestSchema,
  response: createPartitionsResponseSchema,
});
