// Generated from lib/protocol/messages/leader-and-isr.json by `make generate`: edit the source, not this file.
//
// LeaderAndIsr (key 4): Kafka defines versions 0-5, flexible 4+; Samsa serves 0-5. The controller
// tells a broker which replicas it hosts and who leads them. v0-1 list partition states flat, each
// naming its topic; v2+ group them under topic states (the partition state then has no topic name).
// The response likewise lists partition errors flat up to v4 and, from v5, per topic id.
//
// Newest version, in the notation of Kafka's protocol guide:
//   LeaderAndIsr Request (Version: 5) => controllerId controllerEpoch brokerEpoch type [topicStates] [liveLeaders] TAG_BUFFER
//     controllerId => INT32
//     controllerEpoch => INT32
//     brokerEpoch => INT64
//     type => INT8
//     topicStates => topicName topicId [partitionStates] TAG_BUFFER
//       topicName => COMPACT_STRING
//       topicId => UUID
//       partitionStates => partitionIndex controllerEpoch leader leaderEpoch [isr] zkVersion [replicas] [addingReplicas] [removingReplicas] isNew TAG_BUFFER
//         partitionIndex => INT32
//         controllerEpoch => INT32
//         leader => INT32
//         leaderEpoch => INT32
//         isr => INT32
//         zkVersion => INT32
//         replicas => INT32
//         addingReplicas => INT32
//         removingReplicas => INT32
//         isNew => BOOLEAN
//     liveLeaders => brokerId hostName port TAG_BUFFER
//       brokerId => INT32
//       hostName => COMPACT_STRING
//       port => INT32
//   LeaderAndIsr Response (Version: 5) => errorCode [topics] TAG_BUFFER
//     errorCode => INT16
//     topics => topicId [partitionErrors] TAG_BUFFER
//       topicId => UUID
//       partitionErrors => partitionIndex errorCode TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/leader-and-isr.json';

export interface LeaderAndIsrPartitionState {
  /** v0-1 only (v2+: the enclosing topic state names the topic) */
  topicName: string;
  partitionIndex: number;
  controllerEpoch: number;
  /** broker id of the leader */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
  /** v3+ */
  addingReplicas: number[];
  /** v3+ */
  removingReplicas: number[];
  /** v1+, default false */
  isNew: boolean;
}

export interface LeaderAndIsrTopicState {
  topicName: string;
  /** v5+ */
  topicId: string;
  partitionStates: LeaderAndIsrPartitionState[];
}

export interface LeaderAndIsrLiveLeader {
  brokerId: number;
  hostName: string;
  port: number;
}

export interface LeaderAndIsrRequest {
  controllerId: number;
  controllerEpoch: number;
  /** v2+, default -1 */
  brokerEpoch: number;
  /** v5+: v5+ (KIP-516: whether every topic is included; Kafka 2.8 always sends 0) */
  type: number;
  /** v0-1 */
  ungroupedPartitionStates: LeaderAndIsrPartitionState[];
  /** v2+ */
  topicStates: LeaderAndIsrTopicState[];
  liveLeaders: LeaderAndIsrLiveLeader[];
}

export interface LeaderAndIsrPartitionError {
  /** v0-4 only (v5+: the enclosing topic names it by id) */
  topicName: string;
  partitionIndex: number;
  errorCode: number;
}

export interface LeaderAndIsrTopicError {
  topicId: string;
  partitionErrors: LeaderAndIsrPartitionError[];
}

export interface LeaderAndIsrResponse {
  errorCode: number;
  /** v0-4 */
  partitionErrors: LeaderAndIsrPartitionError[];
  /** v5+ */
  topics: LeaderAndIsrTopicError[];
}

export const leaderAndIsrApi = defineApi<LeaderAndIsrRequest, LeaderAndIsrResponse>(source);
