// Generated from lib/protocol/messages/find-coordinator.json by `make generate`: edit the source, not this file.
//
// FindCoordinator (key 10): Kafka defines versions 0-4, flexible 3+; Samsa serves 0-4. Versions 0-3
// ask for one key and get one coordinator back; version 4 (Kafka 3.x, KIP-699) batches keys in
// coordinatorKeys and answers one coordinators entry per key. Kafka 2.8.2 defines 0-3; v4 is taken
// from Kafka 3.2 because @platformatic/kafka only speaks v4.
//
// Newest version, in the notation of Kafka's protocol guide:
//   FindCoordinator Request (Version: 4) => keyType [coordinatorKeys] TAG_BUFFER
//     keyType => INT8
//     coordinatorKeys => COMPACT_STRING
//   FindCoordinator Response (Version: 4) => throttleTimeMs [coordinators] TAG_BUFFER
//     throttleTimeMs => INT32
//     coordinators => key nodeId host port errorCode errorMessage TAG_BUFFER
//       key => COMPACT_STRING
//       nodeId => INT32
//       host => COMPACT_STRING
//       port => INT32
//       errorCode => INT16
//       errorMessage => COMPACT_NULLABLE_STRING
import { defineApi } from '../api-spec';
import source from '../messages/find-coordinator.json';

export interface FindCoordinatorRequest {
  /** v0-3 */
  key: string;
  /** v1+, default 0: 0 group, 1 transaction */
  keyType: number;
  /** v4+ */
  coordinatorKeys: string[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  /** v1+ */
  throttleTimeMs: number;
  /** v0-3 */
  errorCode: number;
  /** v1-3 */
  errorMessage: string | null;
  /** v0-3 */
  nodeId: number;
  /** v0-3 */
  host: string;
  /** v0-3 */
  port: number;
  /** v4+ */
  coordinators: Coordinator[];
}

export const findCoordinatorApi = defineApi<FindCoordinatorRequest, FindCoordinatorResponse>(source);
