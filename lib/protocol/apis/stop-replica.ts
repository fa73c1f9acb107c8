// StopReplica (key 5), Kafka versions 0-3, flexible from 2. The controller tells a broker to stop
// hosting replicas (and, when deleting, to remove their logs). Three layouts: v0 lists
// (topic, partition) pairs flat under one request-wide deletePartitions flag; v1-2 group
// partition indexes by topic under that flag; v3 groups partition states by topic, each with its
// own leader epoch (for fencing, KIP-570) and deletePartition flag.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   StopReplica Request (Version: 3) => controllerId controllerEpoch brokerEpoch [topicStates] TAG_BUFFER
//     controllerId => INT32
//     controllerEpoch => INT32
//     brokerEpoch => INT64
//     topicStates => topicName [partitionStates] TAG_BUFFER
//       topicName => COMPACT_STRING
//       partitionStates => partitionIndex leaderEpoch deletePartition TAG_BUFFER
//         partitionIndex => INT32
//         leaderEpoch => INT32
//         deletePartition => BOOLEAN
//
//   StopReplica Request (Version: 1-2) => controllerId controllerEpoch brokerEpoch deletePartitions [topics]
//     topics => name [partitionIndexes]
//   StopReplica Request (Version: 0) => controllerId controllerEpoch deletePartitions [ungroupedPartitions]
//     ungroupedPartitions => topicName partitionIndex
//
//   StopReplica Response (Version: 3) => errorCode [partitionErrors] TAG_BUFFER
//     errorCode => INT16
//     partitionErrors => topicName partitionIndex errorCode TAG_BUFFER
//       topicName => COMPACT_STRING
//       partitionIndex => INT32
//       errorCode => INT16
import { defineApi } from '../api-spec';
import { MessageSchema } from '../schema';

export interface StopReplicaPartitionV0 {
  topicName: string;
  partitionIndex: number;
}

export interface StopReplicaTopicV1 {
  name: string;
  partitionIndexes: number[];
}

export interface StopReplicaPartitionState {
  partitionIndex: number;
  /** default -1 (no fencing); -2 also skips the epoch check in Kafka (deletion of a topic) */
  leaderEpoch: number;
  deletePartition: boolean;
}

export interface StopReplicaTopicState {
  topicName: string;
  partitionStates: StopReplicaPartitionState[];
}

export interface StopReplicaRequest {
  controllerId: number;
  controllerEpoch: number;
  /** v1+, default -1 */
  brokerEpoch: number;
  /** v0-2: applies to every partition of the request */
  deletePartitions: boolean;
  /** v0 */
  ungroupedPartitions: StopReplicaPartitionV0[];
  /** v1-2 */
  topics: StopReplicaTopicV1[];
  /** v3+ */
  topicStates: StopReplicaTopicState[];
}

export interface StopReplicaPartitionError {
  topicName: string;
  partitionIndex: number;
  errorCode: number;
}

export interface StopReplicaResponse {
  errorCode: number;
  partitionErrors: StopReplicaPartitionError[];
}

const common = { apiKey: 5, validVersions: '0-3', flexibleVersions: '2+' } as const;

export const stopReplicaRequestSchema: MessageSchema = {
  ...common,
  name: 'StopReplicaRequest',
  fields: [
    { name: 'controllerId', type: 'int32', versions: '0+' },
    { name: 'controllerEpoch', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '1+', default: -1 },
    { name: 'deletePartitions', type: 'bool', versions: '0-2' },
    {
      name: 'ungroupedPartitions',
      type: '[]struct',
      versions: '0',
      fields: [
        { name: 'topicName', type: 'string', versions: '0' },
        { name: 'partitionIndex', type: 'int32', versions: '0' },
      ],
    },
    {
      name: 'topics',
      type: '[]struct',
      versions: '1-2',
      fields: [
        { name: 'name', type: 'string', versions: '1-2' },
        { name: 'partitionIndexes', type: '[]int32', versions: '1-2' },
      ],
    },
    {
      name: 'topicStates',
      type: '[]struct',
      versions: '3+',
      fields: [
        { name: 'topicName', type: 'string', versions: '3+' },
        {
          name: 'partitionStates',
          type: '[]struct',
          versions: '3+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '3+' },
            { name: 'leaderEpoch', type: 'int32', versions: '3+', default: -1 },
            { name: 'deletePartition', type: 'bool', versions: '3+' },
          ],
        },
      ],
    },
  ],
};

export const stopReplicaResponseSchema: MessageSchema = {
  ...common,
  name: 'StopReplicaResponse',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'partitionErrors',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topicName', type: 'string', versions: '0+' },
        { name: 'partitionIndex', type: 'int32', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
      ],
    },
  ],
};

export const stopReplicaApi = defineApi<StopReplicaRequest, StopReplicaResponse>({
  served: '0-3',
  request: stopReplicaRequestSchema,
  response: stopReplicaResponseSchema,
});
