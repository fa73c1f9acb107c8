// Generated from lib/protocol/messages/controlled-shutdown.json by `make generate`: edit the source, not this file.
//
// ControlledShutdown (key 7): Kafka defines versions 0-3, flexible 3+; Samsa serves 0-3. A broker
// about to stop asks the controller to move leadership away from it; the response lists the
// partitions it still leads (the broker retries until that list is empty). v0 travels under request
// header v0 (no client id) — header.ts picks that header version, the body is the same as v1.
//
// Newest version, in the notation of Kafka's protocol guide:
//   ControlledShutdown Request (Version: 3) => brokerId brokerEpoch TAG_BUFFER
//     brokerId => INT32
//     brokerEpoch => INT64
//   ControlledShutdown Response (Version: 3) => errorCode [remainingPartitions] TAG_BUFFER
//     errorCode => INT16
//     remainingPartitions => topicName partitionIndex TAG_BUFFER
//       topicName => COMPACT_STRING
//       partitionIndex => INT32
import { defineApi } from '../api-spec';
import source from '../messages/controlled-shutdown.json';

export interface ControlledShutdownRequest {
  brokerId: number;
  /** v2+, default -1 */
  brokerEpoch: number;
}

export interface RemainingPartition {
  topicName: string;
  partitionIndex: number;
}

export interface ControlledShutdownResponse {
  errorCode: number;
  remainingPartitions: RemainingPartition[];
}

export const controlledShutdownApi = defineApi<ControlledShutdownRequest, ControlledShutdownResponse>(source);
