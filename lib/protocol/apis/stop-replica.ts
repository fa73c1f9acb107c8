// Generated from lib/protocol/messages/stop-replica.json by `make generate`: edit the source, not this file.
//
// StopReplica (key 5): Kafka defines versions 0-3, flexible 2+; Samsa serves 0-3. The controller
// tells a broker to stop hosting replicas (and, when deleting, to remove their logs). Three
// layouts: v0 lists (topic, partition) pairs flat under one request-wide deletePartitions flag;
// v1-2 group partition indexes by topic under that flag; v3 groups partition states by topic, each
// with its own leader epoch (for fencing, KIP-570) and deletePartition flag.
//
// Newest version, in the notation of Kafka's protocol guide:
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
//   StopReplica Response (Version: 3) => errorCode [partitionErrors] TAG_BUFFER
//     errorCode => INT16
//     partitionErrors => topicName partitionIndex errorCode TAG_BUFFER
//       topicName => COMPACT_STRING
//       partitionIndex => INT32
//       errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/stop-replica.json';

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
  /** default -1: default -1 (no fencing); -2 also skips the epoch check in Kafka (deletion of a topic) */
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

export const stopReplicaApi = defineApi<StopReplicaRequest, StopReplicaResponse>(source);
