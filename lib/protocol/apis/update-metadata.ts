// Generated from lib/protocol/messages/update-metadata.json by `make generate`: edit the source, not this file.
//
// UpdateMetadata (key 6): Kafka defines versions 0-7, flexible 6+; Samsa serves 0-7. The controller
// pushes partition leadership and the live-broker list into every broker's metadata cache. v0-4
// list partition states flat, each naming its topic; v5+ group them under topic states. A live
// broker is one host and port in v0 and a list of endpoints from v1 (listener name v3+, rack v2+).
//
// Newest version, in the notation of Kafka's protocol guide:
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
//         isr => INT32
//         zkVersion => INT32
//         replicas => INT32
//         offlineReplicas => INT32
//     liveBrokers => id [endpoints] rack TAG_BUFFER
//       id => INT32
//       endpoints => port host listener securityProtocol TAG_BUFFER
//         port => INT32
//         host => COMPACT_STRING
//         listener => COMPACT_STRING
//         securityProtocol => INT16
//       rack => COMPACT_NULLABLE_STRING
//   UpdateMetadata Response (Version: 7) => errorCode TAG_BUFFER
//     errorCode => INT16
import { defineApi } from '../api-spec';
import source from '../messages/update-metadata.json';

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
  /** v3+: v3+ (older versions imply the listener from the security protocol) */
  listener: string;
  /** 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL */
  securityProtocol: number;
}

export interface UpdateMetadataBroker {
  id: number;
  /** v0: v0 only */
  v0Host: string;
  /** v0: v0 only */
  v0Port: number;
  /** v1+ */
  endpoints: UpdateMetadataEndpoint[];
  /** v2+, default null: v2+, nullable; null (no rack) when absent */
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

export const updateMetadataApi = defineApi<UpdateMetadataRequest, UpdateMetadataResponse>(source);
