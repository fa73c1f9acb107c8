// LeaderAndIsr (key 4), Kafka versions 0-5, flexible from 4. The controller tells a broker which
// replicas it hosts and who leads them. v0-1 list partition states flat, each naming its topic;
// v2+ group them under topic states (the partition state then has no topic name). The response
// likewise lists partition errors flat up to v4 and, from v5, per topic id.
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
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
//         isr => COMPACT_ARRAY of INT32
//         zkVersion => INT32
//         replicas => COMPACT_ARRAY of INT32
//         addingReplicas => COMPACT_ARRAY of INT32
//         removingReplicas => COMPACT_ARRAY of INT32
//         isNew => BOOLEAN
//     liveLeaders => brokerId hostName port TAG_BUFFER
//       brokerId => INT32
//       hostName => COMPACT_STRING
//       port => INT32
//
//   LeaderAndIsr Request (Version: 1) => controllerId controllerEpoch [ungroupedPartitionStates] [liveLeaders]
//     ungroupedPartitionStates => topicName partitionIndex controllerEpoch leader leaderEpoch [isr] zkVersion [replicas] isNew
//       (v0: without isNew)
//
//   LeaderAndIsr Response (Version: 5) => errorCode [topics] TAG_BUFFER
//     errorCode => INT16
//     topics => topicId [partitionErrors] TAG_BUFFER
//       topicId => UUID
//       partitionErrors => partitionIndex errorCode TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
//
//   LeaderAndIsr Response (Version: 0-4) => errorCode [partitionErrors]
//     partitionErrors => topicName partitionIndex errorCode
import { defineApi } from '../api-spec';
import { FieldSchema, MessageSchema } from '../schema';

/** Kafka's LeaderAndIsrPartitionState, shared by the v0-1 flat list and the v2+ topic states. */
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
  /** v5+ (KIP-516: whether every topic is included; Kafka 2.8 always sends 0) */
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

const common = { apiKey: 4, validVersions: '0-5', flexibleVersions: '4+' } as const;

const partitionStateFields: readonly FieldSchema[] = [
  { name: 'topicName', type: 'string', versions: '0-1' },
  { name: 'partitionIndex', type: 'int32', versions: '0+' },
  { name: 'controllerEpoch', type: 'int32', versions: '0+' },
  { name: 'leader', type: 'int32', versions: '0+' },
  { name: 'leaderEpoch', type: 'int32', versions: '0+' },
  { name: 'isr', type: '[]int32', versions: '0+' },
  { name: 'zkVersion', type: 'int32', versions: '0+' },
  { name: 'replicas', type: '[]int32', versions: '0+' },
  { name: 'addingReplicas', type: '[]int32', versions: '3+' },
  { name: 'removingReplicas', type: '[]int32', versions: '3+' },
  { name: 'isNew', type: 'bool', versions: '1+', default: false },
];

export const leaderAndIsrRequestSchema: MessageSchema = {
  ...common,
  name: 'LeaderAndIsrRequest',
  fields: [
    { name: 'controllerId', type: 'int32', versions: '0+' },
    { name: 'controllerEpoch', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '2+', default: -1 },
    { name: 'type', type: 'int8', versions: '5+' },
    { name: 'ungroupedPartitionStates', type: '[]struct', versions: '0-1', fields: partitionStateFields },
    {
      name: 'topicStates',
      type: '[]struct',
      versions: '2+',
      fields: [
        { name: 'topicName', type: 'string', versions: '2+' },
        { name: 'topicId', type: 'uuid', versions: '5+' },
        { name: 'partitionStates', type: '[]struct', versions: '2+', fields: partitionStateFields },
      ],
    },
    {
      name: 'liveLeaders',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'brokerId', type: 'int32', versions: '0+' },
        { name: 'hostName', type: 'string', versions: '0+' },
        { name: 'port', type: 'int32', versions: '0+' },
      ],
    },
  ],
};

const partitionErrorFields: readonly FieldSchema[] = [
  { name: 'topicName', type: 'string', versions: '0-4' },
  { name: 'partitionIndex', type: 'int32', versions: '0+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
];

export const leaderAndIsrResponseSchema: MessageSchema = {
  ...common,
  name: 'LeaderAndIsrResponse',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'partitionErrors', type: '[]struct', versions: '0-4', fields: partitionErrorFields },
    {
      name: 'topics',
      type: '[]struct',
      versions: '5+',
      fields: [
        { name: 'topicId', type: 'uuid', versions: '5+' },
        { name: 'partitionErrors', type: '[]struct', versions: '5+', fields: partitionErrorFields },
      ],
    },
  ],
};

export const leaderAndIsrApi = defineApi<LeaderAndIsrRequest, LeaderAndIsrResponse>({
  served: '0-5',
  request: leaderAndIsrRequestSchema,
  response: leaderAndIsrResponseSchema,
});
