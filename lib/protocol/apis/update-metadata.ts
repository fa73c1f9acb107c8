// UpdateMetadata (key 6), Kafka versions 0-7, flexible from 6. The controller pushes partition
// leadership and the live-broker list into every broker's metadata cache. v0-4 list partition
// states flat, each naming its topic; v5+ group them under topic states. A live broker is one
// host and port in v0 and a list of endpoints from v1 (listener name v3+, rack v2+).
//
// Grammar of the newest version (flexible versions end every struct with TAG_BUFFER):
//   UpdateMetadata Request (Version: 7) => controllerId controllerEpoch brokerEpoch [topicStates] [liveBrokers] TAG_BUFFER
//     controllerId => INT32
//     controllerEpoch => INT32
//     brokerEpoch => INT64
//     topicStates => topicName topicId [partitionStates] TAG_BUFFER
//       topicName => COMPACT_STRING
//       topicId => UUID
//       partitionStates => partitionIndex controllerEpoch leader leaderEpoch [isr] zkVersion [replicas] [offlineReplicas] TAG_BUFFER
//         partitionIndex => INT32
//         controllerEpoch => INT32
//         leader => INT32
//         leaderEpoch => INT32
//         isr => COMPACT_ARRAY of INT32
//         zkVersion => INT32
//         replicas => COMPACT_ARRAY of INT32
//         offlineReplicas => COMPACT_ARRAY of INT32
//     liveBrokers => id [endpoints] rack TAG_BUFFER
//       id => INT32
//       endpoints => port host listener securityProtocol TAG_BUFFER
//         port => INT32
//         host => COMPACT_STRING
//         listener => COMPACT_STRING
//         securityProtocol => INT16
//       rack => COMPACT_NULLABLE_STRING
//
//   UpdateMetadata Request (Version: 4) => controllerId controllerEpoch [ungroupedPartitionStates] [liveBrokers]
//     ungroupedPartitionStates => topicName partitionIndex controllerEpoch leader leaderEpoch [isr] zkVersion [replicas] [offlineReplicas]
//     liveBrokers => id [endpoints] rack
//   UpdateMetadata Request (Version: 0) => controllerId controllerEpoch [ungroupedPartitionStates] [liveBrokers]
//     ungroupedPartitionStates => topicName partitionIndex controllerEpoch leader leaderEpoch [isr] zkVersion [replicas]
//     liveBrokers => id v0Host v0Port
//
//   UpdateMetadata Response (Version: 7) => errorCode TAG_BUFFER
//     errorCode => INT16
import { defineApi } from '../api-spec';
import { FieldSchema, MessageSchema } from '../schema';

/** Kafka's UpdateMetadataPartitionState, shared by the v0-4 flat list and the v5+ topic states. */
export interface UpdateMetadataPartitionState {
  /** v0-4 only (v5+: the enclosing topic state names the topic) */
  topicName: string;
  partitionIndex: number;
  controllerEpoch: number;
  /** broker id of the leader */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
  /** v4+ */
  offlineReplicas: number[];
}

export interface UpdateMetadataTopicState {
  topicName: string;
  /** v7+ */
  topicId: string;
  partitionStates: UpdateMetadataPartitionState[];
}

export interface UpdateMetadataEndpoint {
  port: number;
  host: string;
  /** v3+ (older versions imply the listener from the security protocol) */
  listener: string;
  /** 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL */
  securityProtocol: number;
}

export interface UpdateMetadataBroker {
  id: number;
  /** v0 only */
  v0Host: string;
  /** v0 only */
  v0Port: number;
  /** v1+ */
  endpoints: UpdateMetadataEndpoint[];
  /** v2+, nullable; null (no rack) when absent */
  rack: string | null;
}

export interface UpdateMetadataRequest {
  controllerId: number;
  controllerEpoch: number;
  /** v5+, default -1 */
  brokerEpoch: number;
  /** v0-4 */
  ungroupedPartitionStates: UpdateMetadataPartitionState[];
  /** v5+ */
  topicStates: UpdateMetadataTopicState[];
  liveBrokers: UpdateMetadataBroker[];
}

export interface UpdateMetadataResponse {
  errorCode: number;
}

const common = { apiKey: 6, validVersions: '0-7', flexibleVersions: '6+' } as const;

const partitionStateFields: readonly FieldSchema[] = [
  { name: 'topicName', type: 'string', versions: '0-4' },
  { name: 'partitionIndex', type: 'int32', versions: '0+' },
  { name: 'controllerEpoch', type: 'int32', versions: '0+' },
  { name: 'leader', type: 'int32', versions: '0+' },
  { name: 'leaderEpoch', type: 'int32', versions: '0+' },
  { name: 'isr', type: '[]int32', versions: '0+' },
  { name: 'zkVersion', type: 'int32', versions: '0+' },
  { name: 'replicas', type: '[]int32', versions: '0+' },
  { name: 'offlineReplicas', type: '[]int32', versions: '4+' },
];

const liveBrokerFields: readonly FieldSchema[] = [
  { name: 'id', type: 'int32', versions: '0+' },
  { name: 'v0Host', type: 'string', versions: '0' },
  { name: 'v0Port', type: 'int32', versions: '0' },
  {
    name: 'endpoints',
    type: '[]struct',
    versions: '1+',
    fields: [
      { name: 'port', type: 'int32', versions: '1+' },
      { name: 'host', type: 'string', versions: '1+' },
      { name: 'listener', type: 'string', versions: '3+' },
      { name: 'securityProtocol', type: 'int16', versions: '1+' },
    ],
  },
  // Kafka's schema gives no default (its generated code would say ""); Samsa decodes a missing
  // rack as null, the same "no rack" that v2+ send on the wire.
  { name: 'rack', type: 'string', versions: '2+', nullableVersions: '0+', default: null },
];

export const updateMetadataRequestSchema: MessageSchema = {
  ...common,
  name: 'UpdateMetadataRequest',
  fields: [
    { name: 'controllerId', type: 'int32', versions: '0+' },
    { name: 'controllerEpoch', type: 'int32', versions: '0+' },
    { name: 'brokerEpoch', type: 'int64', versions: '5+', default: -1 },
    { name: 'ungroupedPartitionStates', type: '[]struct', versions: '0-4', fields: partitionStateFields },
    {
      name: 'topicStates',
      type: '[]struct',
      versions: '5+',
      fields: [
        { name: 'topicName', type: 'string', versions: '5+' },
        { name: 'topicId', type: 'uuid', versions: '7+' },
        { name: 'partitionStates', type: '[]struct', versions: '5+', fields: partitionStateFields },
      ],
    },
    { name: 'liveBrokers', type: '[]struct', versions: '0+', fields: liveBrokerFields },
  ],
};

export const updateMetadataResponseSchema: MessageSchema = {
  ...common,
  name: 'UpdateMetadataResponse',
  fields: [{ name: 'errorCode', type: 'int16', versions: '0+' }],
};

export const updateMetadataApi = defineApi<UpdateMetadataRequest, UpdateMetadataResponse>({
  served: '0-7',
  request: updateMetadataRequestSchema,
  response: updateMetadataResponseSchema,
});
