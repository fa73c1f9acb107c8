// Generated from lib/protocol/messages/alter-isr.json by `make generate`: edit the source, not this file.
//
// AlterIsr (key 56): Kafka defines versions 0, flexible 0+; Samsa serves 0. A partition leader
// proposes a new ISR to the controller, naming the ISR version (the partition state znode's
// zkVersion) it changes; the controller answers with the state it actually holds.
//
// Newest version, in the notation of Kafka's protocol guide:
//   AlterIsr Request (Version: 0) => brokerId brokerEpoch [topics] TAG_BUFFER
//     brokerId => INT32
//     brokerEpoch => INT64
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex leaderEpoch [newIsr] currentIsrVersion TAG_BUFFER
//         partitionIndex => INT32
//         leaderEpoch => INT32
//         newIsr => INT32
//         currentIsrVersion => INT32
//   AlterIsr Response (Version: 0) => throttleTimeMs errorCode [topics] TAG_BUFFER
//     throttleTimeMs => INT32
//     errorCode => INT16
//     topics => name [partitions] TAG_BUFFER
//       name => COMPACT_STRING
//       partitions => partitionIndex errorCode leaderId leaderEpoch [isr] currentIsrVersion TAG_BUFFER
//         partitionIndex => INT32
//         errorCode => INT16
//         leaderId => INT32
//         leaderEpoch => INT32
//         isr => INT32
//         currentIsrVersion => INT32
import { defineApi } from '../api-spec';
import source from '../messages/alter-isr.json';

export interface AlterIsrRequestPartition {
  partitionIndex: number;
  leaderEpoch: number;
  newIsr: number[];
  /** the zkVersion of the partition state the leader last saw */
  currentIsrVersion: number;
}

export interface AlterIsrRequestTopic {
  name: string;
  partitions: AlterIsrRequestPartition[];
}

export interface AlterIsrRequest {
  brokerId: number;
  /** default -1: default -1 */
  brokerEpoch: number;
  topics: AlterIsrRequestTopic[];
}

export interface AlterIsrResponsePartition {
  partitionIndex: number;
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  currentIsrVersion: number;
}

export interface AlterIsrResponseTopic {
  name: string;
  partitions: AlterIsrResponsePartition[];
}

export interface AlterIsrResponse {
  throttleTimeMs: number;
  errorCode: number;
  topics: AlterIsrResponseTopic[];
}

export const alterIsrApi = defineApi<AlterIsrRequest, AlterIsrResponse>(source);
